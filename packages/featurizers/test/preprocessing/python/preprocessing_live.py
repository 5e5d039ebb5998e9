"""Live scikit-learn side of test/preprocessing/live-*.test.ts.

Reads {"cases": [...]} as JSON on stdin. Each case names a scikit-learn class, its get_params() values, and
Python expressions for the batches it is fitted on (one batch: fit; more: partial_fit each), optional sample
weights, and the X it transforms. Writes, per case, the evaluated inputs and scikit-learn's fitted attributes
after every batch, transform, and inverse_transform output (or the error it raised), as JSON with NaN as null
and infinities as "inf" / "-inf".
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from scipy import sparse
from sklearn import datasets
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler

CLASSES = {c.__name__: c for c in (StandardScaler, MinMaxScaler, MaxAbsScaler, Normalizer)}
ATTRS = ["mean_", "var_", "scale_", "n_samples_seen_", "min_", "data_min_", "data_max_", "data_range_",
         "max_abs_", "n_features_in_"]

# The data sklearn/preprocessing/tests/test_data.py builds at import time (same seeds, same order).
_rng = np.random.RandomState(0)
_offsets = _rng.uniform(-1, 1, size=30)
_scales = _rng.uniform(1, 10, size=30)
X_2d = _rng.randn(1000, 30) * _scales + _offsets


def nan_every(X, k, start=0):
    """X (sparse) with every k-th stored value, from `start`, set to NaN."""
    X = X.copy()
    X.data[start::k] = np.nan
    return X


def shift_stored(X, v):
    """X (sparse) with v added to its stored values only."""
    X = X.copy()
    X.data += v
    return X


NAMESPACE = {
    "nan_every": nan_every,
    "shift_stored": shift_stored,
    "np": np,
    "sparse": sparse,
    "rng": np.random.RandomState,
    "X_2d": X_2d,
    "iris": datasets.load_iris().data,
    "cancer": datasets.load_breast_cancer().data,
    "diabetes": datasets.load_diabetes().data,
}


def number(v):
    v = float(v)
    if v != v:
        return None
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return v


def encode(x):
    if x is None:
        return None
    if sparse.issparse(x):
        x = sparse.csr_matrix(x)
        return {"csr": {"indptr": x.indptr.tolist(), "indices": x.indices.tolist(),
                        "data": [number(v) for v in x.data], "shape": list(x.shape)},
                "dtype": str(x.dtype)}
    a = np.asarray(x)
    if a.ndim == 0:
        return number(a)
    if a.ndim == 1:
        return [number(v) for v in a]
    return {"dense": [[number(v) for v in row] for row in a], "dtype": str(a.dtype)}


def attributes(est):
    return {name: encode(getattr(est, name)) for name in ATTRS if hasattr(est, name)}


def run(case):
    est = CLASSES[case["cls"]](**{k: tuple(v) if isinstance(v, list) else v for k, v in case["params"].items()})
    batches = [eval(e, dict(NAMESPACE)) for e in case["batches"]]
    weights = [None if w is None else np.asarray(eval(w, dict(NAMESPACE)), dtype=float)
               for w in case.get("weights", [None] * len(batches))]
    out = {"batches": [encode(b) for b in batches], "weights": [encode(w) for w in weights], "steps": []}
    try:
        for k, (X, w) in enumerate(zip(batches, weights)):
            kwargs = {} if w is None else {"sample_weight": w}
            if k == 0 or case["cls"] == "Normalizer":
                est.fit(X, **kwargs)
            else:
                est.partial_fit(X, **kwargs)
            out["steps"].append(attributes(est))
        T = eval(case["transform"], dict(NAMESPACE)) if case.get("transform") else batches[0]
        out["transform_input"] = encode(T)
        Xt = est.transform(T)
        out["transformed"] = encode(Xt)
        if case.get("inverse"):
            out["inverse"] = encode(est.inverse_transform(Xt))
    except Exception as e:  # the TypeScript side expects an error for the same case
        out["error"] = f"{type(e).__name__}: {e}"
    return out


def main():
    req = json.load(sys.stdin)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = [run(c) for c in req["cases"]]
    json.dump({"sklearn": sklearn.__version__, "results": results}, sys.stdout)


main()
