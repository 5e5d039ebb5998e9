"""The closed list of transformer classes a pipeline file may name, and how each one's fitted state is
stored: the same table as packages/featurizers/src/pipeline-file/state-tables.ts."""
import importlib

import h5py
import numpy as np

from ._errors import IcepickleFormatError
from ._h5 import read_strings, string_array
from ._keys import STATE_KEYS

# TypeScript attribute → scikit-learn attribute
SKLEARN_ATTR = {
    "vocabulary_": "vocabulary_",
    "stopWords_": "stop_words_",
    "idf_": "idf_",
    "mean_": "mean_",
    "var_": "var_",
    "scale_": "scale_",
    "min_": "min_",
    "dataMin_": "data_min_",
    "dataMax_": "data_max_",
    "dataRange_": "data_range_",
    "maxAbs_": "max_abs_",
    "nSamplesSeen_": "n_samples_seen_",
    "nFeaturesIn_": "n_features_in_",
}

_VOCAB = ("vocabulary", "vocabulary_")
_STOP = ("terms", "stopWords_")

# class → (module, input, fields); a field is (kind, attr[, rule, nullable])
STEPS = {
    "HashingVectorizer": ("sklearn.feature_extraction.text", "text", []),
    "CountVectorizer": ("sklearn.feature_extraction.text", "text", [_VOCAB, _STOP]),
    "TfidfVectorizer": (
        "sklearn.feature_extraction.text",
        "text",
        [_VOCAB, _STOP, ("vector", "idf_", "nonNegative", True)],
    ),
    "TfidfTransformer": ("sklearn.feature_extraction.text", "numeric", [("vector", "idf_", "nonNegative", True)]),
    "StandardScaler": (
        "sklearn.preprocessing",
        "numeric",
        [
            ("vector", "mean_", "finite", True),
            ("vector", "var_", "nonNegative", True),
            ("vector", "scale_", "positive", True),
            ("count", "nSamplesSeen_"),
            ("count", "nFeaturesIn_"),
        ],
    ),
    "MinMaxScaler": (
        "sklearn.preprocessing",
        "numeric",
        [
            ("vector", "min_", "finite", False),
            ("vector", "scale_", "positive", False),
            ("vector", "dataMin_", "finite", False),
            ("vector", "dataMax_", "finite", False),
            ("vector", "dataRange_", "nonNegative", False),
            ("count", "nSamplesSeen_"),
            ("count", "nFeaturesIn_"),
        ],
    ),
    "MaxAbsScaler": (
        "sklearn.preprocessing",
        "numeric",
        [
            ("vector", "maxAbs_", "nonNegative", False),
            ("vector", "scale_", "positive", False),
            ("count", "nSamplesSeen_"),
            ("count", "nFeaturesIn_"),
        ],
    ),
    "Normalizer": ("sklearn.preprocessing", "numeric", [("count", "nFeaturesIn_")]),
}

TUPLE_PARAMS = ("ngram_range", "feature_range")


def step_class(name):
    if not isinstance(name, str) or name not in STEPS:
        return None
    return getattr(importlib.import_module(STEPS[name][0]), name)


def sklearn_params(params):
    """JSON params → scikit-learn constructor arguments (tuples and dtypes restored)."""
    out = dict(params)
    for k in TUPLE_PARAMS:
        if isinstance(out.get(k), list):
            out[k] = tuple(out[k])
    if isinstance(out.get("dtype"), str):
        out["dtype"] = np.dtype(out["dtype"]).type
    return out


# ---- writing ----------------------------------------------------------------------------------------


def state_of(step, name):
    """The fitted state of a scikit-learn step as {ts_attr: value}; NotFitted if it has none."""
    state = {}
    for field in STEPS[name][2]:
        kind, attr = field[0], field[1]
        if kind == "vector" and attr == "idf_" and not getattr(step, "use_idf", True):
            state[attr] = None
            continue
        value = getattr(step, SKLEARN_ATTR[attr], None)
        if kind == "count" and attr == "nSamplesSeen_":
            value = _one_count(value, name)
        state[attr] = value
    return state


def _one_count(value, name):
    arr = np.asarray(value)
    if arr.ndim == 0:
        return int(arr)
    if arr.size and (arr == arr.flat[0]).all():  # per-feature counts (NaNs in X), all equal
        return int(arr.flat[0])
    raise IcepickleFormatError("NOT_SUPPORTED", "%s.n_samples_seen_ differs between features (NaNs in X)" % name)


def write_state(g, name, state):
    for field in STEPS[name][2]:
        kind, attr = field[0], field[1]
        value = state[attr]
        if kind == "vocabulary":
            items = sorted(value.items(), key=lambda kv: kv[1])
            g.create_dataset(STATE_KEYS["vocabularyTerms"], data=string_array(t for t, _ in items))
            g.create_dataset(STATE_KEYS["vocabularyColumns"], data=np.array([c for _, c in items], dtype=np.int64))
        elif kind == "terms":
            terms = sorted(value or ())  # Python's str order is by code point, as TypeScript writes it
            g.create_dataset(STATE_KEYS[attr], data=string_array(terms))
        elif kind == "vector":
            if value is not None:
                g.create_dataset(STATE_KEYS[attr], data=np.asarray(value, dtype=np.float64))
        elif kind == "count":
            if value is None:
                raise IcepickleFormatError("NOT_FITTED", "%s has no %s" % (name, SKLEARN_ATTR[attr]))
            g.attrs[STATE_KEYS[attr]] = np.int64(value)


# ---- reading ----------------------------------------------------------------------------------------


def read_state(hf, group, name, ctx):
    """Reads and checks a step's state from its group: {ts_attr: value}."""
    g = hf[group.strip("/")] if group.strip("/") in hf else None
    state = {}
    for field in STEPS[name][2]:
        kind, attr = field[0], field[1]
        if kind == "vocabulary":
            state[attr] = _read_vocabulary(g, group, ctx)
        elif kind == "terms":
            key = STATE_KEYS[attr]
            terms = _read_terms(g[key], group + "/" + key, ctx) if g is not None and key in g else []
            if len(set(terms)) != len(terms):
                ctx.fail("INVALID_INPUT", "duplicate stop words", group + "/" + key)
            state[attr] = set(terms)
        elif kind == "vector":
            state[attr] = _read_vector(g, group, attr, field[2], field[3], ctx)
        else:
            key = STATE_KEYS[attr]
            v = None if g is None else g.attrs.get(key)
            if v is None or np.ndim(v) != 0 or not float(v).is_integer() or int(v) < 0:
                ctx.fail("INVALID_INPUT", "attribute %s must be a non-negative integer, got %r" % (key, v), group)
            state[attr] = int(v)
    return state


def _read_terms(ds, path, ctx):
    if h5py.check_string_dtype(ds.dtype) is None or ds.ndim != 1:
        ctx.fail("INVALID_DTYPE", "%s must be a 1-D dataset of UTF-8 strings" % path, path)
    if ds.shape[0] > ctx.limits["max_vocabulary_size"]:
        ctx.fail("LIMIT_EXCEEDED", "%s declares %d terms, over max_vocabulary_size" % (path, ds.shape[0]), path)
    terms = read_strings(ds)
    for t in terms:
        if len(t.encode("utf-16-le", "surrogatepass")) // 2 > ctx.limits["max_term_length"]:
            ctx.fail("LIMIT_EXCEEDED", "%s holds a term over max_term_length" % path, path)
    return terms


def _read_vocabulary(g, group, ctx):
    tk, ck = STATE_KEYS["vocabularyTerms"], STATE_KEYS["vocabularyColumns"]
    if g is None or tk not in g or ck not in g:
        ctx.fail("MISSING_DATASET", "%s/%s and %s/%s are required" % (group, tk, group, ck), group)
    terms = _read_terms(g[tk], group + "/" + tk, ctx)
    cols = g[ck]
    if cols.dtype.kind not in "iu" or cols.ndim != 1 or cols.shape[0] != len(terms):
        ctx.fail("INVALID_SHAPE", "%s/%s must be integers, one per term" % (group, ck), group + "/" + ck)
    columns = cols[()].astype(np.int64)
    n = len(terms)
    if n and (columns.min() < 0 or columns.max() >= n or len(np.unique(columns)) != n):
        ctx.fail("INVALID_INPUT", "%s/%s is not a permutation of 0..%d" % (group, ck, n - 1), group + "/" + ck)
    vocabulary = {}
    for t, c in zip(terms, columns.tolist()):
        if t in vocabulary:
            ctx.fail("INVALID_INPUT", "%s/%s holds the term %r twice" % (group, tk, t), group + "/" + tk)
        vocabulary[t] = c
    return vocabulary


def _read_vector(g, group, attr, rule, nullable, ctx):
    key = STATE_KEYS[attr]
    path = group + "/" + key
    if g is None or key not in g:
        if nullable:
            return None
        ctx.fail("MISSING_DATASET", "dataset %s is missing" % path, path)
    ds = g[key]
    if ds.dtype.kind != "f" or ds.ndim != 1:
        ctx.fail("INVALID_DTYPE", "%s must be a 1-D float dataset" % path, path)
    v = ds[()].astype(np.float64)
    if not np.isfinite(v).all():
        ctx.fail("NON_FINITE", "%s holds NaN or infinite values" % path, path)
    if rule == "nonNegative" and (v < 0).any():
        ctx.fail("INVALID_INPUT", "%s holds negative values" % path, path)
    if rule == "positive" and (v <= 0).any():
        ctx.fail("INVALID_INPUT", "%s holds zero or negative values" % path, path)
    return v


def feature_count(name, state, ctx):
    """The step's feature count (n_features_in_, the vocabulary's size or the arrays' length); arrays agree."""
    vectors = [state[f[1]] for f in STEPS[name][2] if f[0] == "vector" and state.get(f[1]) is not None]
    count = state.get("nFeaturesIn_")
    if count is None and state.get("vocabulary_") is not None:
        count = len(state["vocabulary_"])
    if count is None and vectors:
        count = len(vectors[0])
    for v in vectors:
        if len(v) != count:
            ctx.fail("INVALID_SHAPE", "state arrays of %d values for %s features" % (len(v), count))
    return count


def install(step, name, state):
    """Sets the fitted attributes on a fresh scikit-learn step."""
    from sklearn.feature_extraction.text import TfidfTransformer

    for field in STEPS[name][2]:
        kind, attr = field[0], field[1]
        value = state[attr]
        if name in ("TfidfVectorizer", "TfidfTransformer") and attr == "idf_":
            continue
        if kind == "count":
            value = int(value)
        if value is not None or kind == "vector":
            setattr(step, SKLEARN_ATTR[attr], value)
    if name in ("CountVectorizer", "TfidfVectorizer"):
        step.fixed_vocabulary_ = step.vocabulary is not None
    if name == "TfidfVectorizer":
        if step.use_idf:
            step.idf_ = state["idf_"]  # the setter builds _tfidf and checks the length against the vocabulary
            if np.dtype(step.dtype) == np.float32:
                # fit keeps idf in X's dtype (TfidfTransformer.fit); the setter makes it float64
                step._tfidf._idf_diag = step._tfidf._idf_diag.astype(np.float32)
        else:  # what fit leaves: a transformer with no idf
            step._tfidf = TfidfTransformer(
                norm=step.norm, use_idf=False, smooth_idf=step.smooth_idf, sublinear_tf=step.sublinear_tf
            )
    if name == "TfidfTransformer" and state["idf_"] is not None:
        step.idf_ = state["idf_"]
        step.n_features_in_ = len(state["idf_"])
