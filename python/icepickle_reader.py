"""Read files written by TypeScript icepickle (@icepickle/core) in Python.

Plain model files need nothing from here: Python icepickle's ``load_coefficients`` reads them as they
are. This reader adds what plain h5py does not do for you:

* UTF-8 string class labels come back as ``str`` (h5py returns ``bytes``);
* the ``sparse`` coefficient layout (``coef_csr/{data,indices,indptr}`` + ``coef_shape`` attribute);
* models inside a collection (``models/<name>/``);
* our metadata attributes (estimator class, scikit-learn parameters, user metadata) as a dict;
* whole pipelines saved by ``savePipeline`` (see ``load_pipeline``).

Usage::

    from icepickle_reader import load_coefficients, read_metadata, build_estimator
    clf = build_estimator("model.h5")                # the recorded class with its parameters
    load_coefficients(SGDClassifier(), "model.h5")   # or into an estimator of your choice

Requires numpy and h5py; scikit-learn for ``build_estimator`` / ``load_pipeline``.
"""
import json

import h5py
import numpy as np

__all__ = ["load_coefficients", "read_coefficients", "read_metadata", "build_estimator", "load_pipeline"]


def _group(hf, group):
    return hf if group in ("", "/") else hf[group.strip("/")]


def read_coefficients(filename, group="/"):
    """Returns (coef, intercept, classes or None) as numpy arrays, whatever the layout."""
    with h5py.File(filename, "r") as hf:
        g = _group(hf, group)
        if "coef" in g:
            coef = g["coef"][()].astype(np.float64)
        elif "coef_csr" in g:
            from scipy.sparse import csr_matrix

            shape = tuple(int(d) for d in g.attrs["coef_shape"])
            rows = shape[0] if len(shape) == 2 else 1
            indices = g["coef_csr/indices"][()].astype(np.int64)
            indptr = g["coef_csr/indptr"][()].astype(np.int64)
            encoding = g["coef_csr/indices"].attrs.get("encoding")
            if isinstance(encoding, bytes):
                encoding = encoding.decode("utf-8")
            if encoding == "row-delta":  # first index of each row as is, then differences
                for r in range(rows):
                    indices[indptr[r]:indptr[r + 1]] = np.cumsum(indices[indptr[r]:indptr[r + 1]])
            elif encoding is not None:
                raise ValueError("unknown coef_csr index encoding %r" % (encoding,))
            csr = csr_matrix((g["coef_csr/data"][()], indices, indptr), shape=(rows, shape[-1]))
            coef = csr.toarray().reshape(shape)
        else:
            raise KeyError("no coef in %s%s" % (filename, group))
        intercept = g["intercept"][()]
        classes = None
        if "classes" in g:
            ds = g["classes"]
            classes = ds.asstr()[()] if h5py.check_string_dtype(ds.dtype) else ds[()]
            if classes.dtype == object:
                classes = np.array(list(classes), dtype=object)
    return coef, intercept, classes


def load_coefficients(model, filename, group="/"):
    """Sets coef_, intercept_ (and classes_) on a scikit-learn estimator, like icepickle's loader."""
    coef, intercept, classes = read_coefficients(filename, group)
    model.coef_ = coef
    model.intercept_ = intercept
    if classes is not None:
        model.classes_ = classes
    return model


def read_metadata(filename, group="/"):
    """Our attributes as a dict (JSON attributes decoded); empty for plain Python icepickle files."""
    with h5py.File(filename, "r") as hf:
        attrs = dict(_group(hf, group).attrs)
    out = {}
    for k, v in attrs.items():
        if isinstance(v, bytes):
            v = v.decode("utf-8")
        if k in ("params", "params_camel", "metadata", "pipeline") and isinstance(v, str):
            v = json.loads(v)
        elif isinstance(v, np.generic):
            v = v.item()
        elif isinstance(v, np.ndarray):
            v = v.tolist()
        out[k] = v
    return out


_ESTIMATORS = (
    "LogisticRegression",
    "SGDClassifier",
    "SGDRegressor",
    "LinearRegression",
    "PassiveAggressiveClassifier",
    "PassiveAggressiveRegressor",
)


def build_estimator(filename, group="/"):
    """A scikit-learn estimator of the recorded class (closed list), with its parameters and coefficients."""
    import sklearn.linear_model as lm

    meta = read_metadata(filename, group)
    name = meta.get("estimator")
    if name not in _ESTIMATORS:
        raise ValueError("unsupported or missing estimator class: %r" % (name,))
    params = {k: v for k, v in meta.get("params", {}).items() if k in getattr(lm, name)().get_params()}
    if isinstance(params.get("class_weight"), dict):
        params["class_weight"] = {_label(k): v for k, v in params["class_weight"].items()}
    return load_coefficients(getattr(lm, name)(**params), filename, group)


def _label(k):
    try:
        return int(k)
    except ValueError:
        return k


def load_pipeline(filename):
    """Rebuilds a pipeline saved by @icepickle/core's savePipeline: HashingVectorizers (possibly in a
    FeatureUnion) followed by one linear estimator, as scikit-learn objects."""
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline

    with h5py.File(filename, "r") as hf:
        spec = hf.attrs["pipeline"]
    spec = json.loads(spec.decode("utf-8") if isinstance(spec, bytes) else spec)

    def build(step):
        kind = step["kind"]
        if kind == "HashingVectorizer":
            p = dict(step["params"])
            if "ngram_range" in p:
                p["ngram_range"] = tuple(p["ngram_range"])
            if "dtype" in p:
                p["dtype"] = np.dtype(p["dtype"]).type
            return HashingVectorizer(**p)
        if kind == "FeatureUnion":
            return FeatureUnion([(name, build(part)) for name, part in step["parts"]])
        if kind == "estimator":
            return build_estimator(filename, step["group"])
        raise ValueError("unsupported pipeline step kind: %r" % (kind,))

    return Pipeline([(name, build(step)) for name, step in spec["steps"]])
