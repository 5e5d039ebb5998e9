"""Coefficients of one linear model: Python icepickle's three datasets (``coef``, ``intercept``, ``classes``),
read in every layout @icepickle/core writes, with string labels as ``str`` and booleans as ``bool``."""
import json
import os
import tempfile

import h5py
import numpy as np

from ._errors import IcepickleFormatError
from ._h5 import group_of, jsonable, string_array
from ._keys import FORMAT_NAME, FORMAT_VERSION

# The closed list of estimators a file may name (the same as @icepickle/core's registry once every
# class lands there), with the module that holds each.
ESTIMATORS = {
    "LogisticRegression": "sklearn.linear_model",
    "SGDClassifier": "sklearn.linear_model",
    "SGDRegressor": "sklearn.linear_model",
    "LinearRegression": "sklearn.linear_model",
    "PassiveAggressiveClassifier": "sklearn.linear_model",
    "PassiveAggressiveRegressor": "sklearn.linear_model",
    "Ridge": "sklearn.linear_model",
    "RidgeClassifier": "sklearn.linear_model",
    "Lasso": "sklearn.linear_model",
    "ElasticNet": "sklearn.linear_model",
    "Perceptron": "sklearn.linear_model",
    "LinearSVC": "sklearn.svm",
    "LinearSVR": "sklearn.svm",
}


def estimator_class(name):
    """The scikit-learn class of a listed estimator name; anything else is refused."""
    import importlib

    if not isinstance(name, str) or name not in ESTIMATORS:
        raise IcepickleFormatError("NOT_SUPPORTED", "unsupported or missing estimator class: %r" % (name,))
    return getattr(importlib.import_module(ESTIMATORS[name]), name)


def read_coefficients(filename, group="/"):
    """Returns (coef, intercept, classes or None) as numpy arrays, whatever the layout."""
    with h5py.File(filename, "r") as hf:
        g = group_of(hf, group)
        if "coef" in g:
            coef = g["coef"][()].astype(np.float64)
        elif "coef_csr" in g:
            coef = _sparse_coef(g)
        else:
            raise KeyError("no coef in %s%s" % (filename, group))
        intercept = g["intercept"][()]
        classes = _read_classes(g["classes"]) if "classes" in g else None
    return coef, intercept, classes


def _sparse_coef(g):
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
    return csr.toarray().reshape(shape)


def _read_classes(ds):
    if h5py.check_string_dtype(ds.dtype) is not None:
        return np.array(list(ds.asstr()[()]), dtype=object)  # str, not the bytes h5py gives
    values = ds[()]
    if values.dtype == object:
        return np.array(list(values), dtype=object)
    return values


def load_coefficients(model, filename, group="/"):
    """Sets coef_, intercept_ (and classes_) on a scikit-learn estimator, like icepickle's loader."""
    coef, intercept, classes = read_coefficients(filename, group)
    model.coef_ = coef
    model.intercept_ = intercept
    if classes is not None:
        _set_classes(model, classes)
    if hasattr(coef, "shape") and coef.ndim >= 1:
        model.n_features_in_ = coef.shape[-1]
    return model


def _set_classes(model, classes):
    if isinstance(getattr(type(model), "classes_", None), property):
        # RidgeClassifier's classes_ is its label binarizer's (sklearn/linear_model/_ridge.py, _prepare_data)
        from sklearn.preprocessing import LabelBinarizer

        model._label_binarizer = LabelBinarizer(pos_label=1, neg_label=-1).fit(classes)
    else:
        model.classes_ = classes


def read_metadata(filename, group="/"):
    """Our attributes as a dict (JSON attributes decoded); empty for plain Python icepickle files."""
    with h5py.File(filename, "r") as hf:
        attrs = dict(group_of(hf, group).attrs)
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


def build_estimator(filename, group="/"):
    """A scikit-learn estimator of the recorded class (closed list), with its parameters and coefficients."""
    meta = read_metadata(filename, group)
    cls = estimator_class(meta.get("estimator"))
    known = cls().get_params()
    params = {k: v for k, v in (meta.get("params") or {}).items() if k in known}
    if isinstance(params.get("class_weight"), dict):
        params["class_weight"] = {_label(k): v for k, v in params["class_weight"].items()}
    return load_coefficients(cls(**params), filename, group)


def _label(k):
    try:
        return int(k)
    except ValueError:
        return k


def classes_dtype(classes):
    """How labels are stored: 'utf8', 'bool', 'int64' or 'float64' (as @icepickle/core's ClassDType)."""
    arr = np.asarray(classes)
    if arr.dtype == bool:
        return "bool"
    if arr.dtype.kind in "iu":
        return "int64"
    if arr.dtype.kind == "f":
        return "float64"
    if all(isinstance(c, str) for c in arr.tolist()):
        return "utf8"
    raise IcepickleFormatError("NOT_SUPPORTED", "class labels must be all numbers, all bools or all strings")


def coefficient_datasets(model):
    """(name, array) of the three datasets, as Python icepickle's save_coefficients writes them."""
    out = [
        ("coef", np.asarray(model.coef_, dtype=np.float64)),
        ("intercept", np.asarray(model.intercept_, dtype=np.float64)),
    ]
    classes = getattr(model, "classes_", None)
    if classes is not None:
        kind = classes_dtype(classes)
        arr = {
            "utf8": lambda c: string_array(str(x) for x in c),
            "bool": lambda c: np.asarray(c, dtype=bool),
            "int64": lambda c: np.asarray(c, dtype=np.int64),
            "float64": lambda c: np.asarray(c, dtype=np.float64),
        }[kind](classes)
        out.append(("classes", arr))
    return out


def model_attributes(model):
    """Our attributes for a model group: class, scikit-learn parameters (JSON), feature count, label dtype."""
    name = type(model).__name__
    estimator_class(name)
    params = {}
    for k, v in model.get_params(deep=False).items():
        try:
            params[k] = jsonable(v)
        except TypeError:
            raise IcepickleFormatError("NOT_SUPPORTED", "%s parameter %s=%r cannot be saved as data" % (name, k, v))
    attrs = {
        "icepickle_format": FORMAT_NAME,
        "icepickle_format_version": FORMAT_VERSION,
        "producer": "icepickle_ts",
        "estimator": name,
        "params": json.dumps(params),
        "n_features_in": int(np.asarray(model.coef_).shape[-1]),
    }
    if getattr(model, "classes_", None) is not None:
        attrs["classes_dtype"] = classes_dtype(model.classes_)
    return attrs


def write_model_group(hf, model, group):
    g = hf if group in ("", "/") else hf.require_group(group.strip("/"))
    for name, arr in coefficient_datasets(model):
        g.create_dataset(name, data=arr)
    for k, v in model_attributes(model).items():
        g.attrs[k] = v


def save_coefficients(model, filename, group="/"):
    """Writes coef, intercept (and classes) as Python icepickle does, plus attributes it ignores; atomic."""
    if not hasattr(model, "coef_"):
        raise IcepickleFormatError("NOT_FITTED", "%s is not fitted" % (type(model).__name__,))
    atomic_write(filename, lambda hf: write_model_group(hf, model, group))


def atomic_write(filename, fill):
    """Writes to a temporary file beside the target, then renames it over the target."""
    folder = os.path.dirname(os.path.abspath(filename))
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".h5.tmp")
    os.close(fd)
    try:
        with h5py.File(tmp, "w") as hf:
            fill(hf)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a saved model is an ordinary file
        os.replace(tmp, filename)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
