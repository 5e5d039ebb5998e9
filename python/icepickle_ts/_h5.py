"""Small h5py helpers shared by the readers and writers."""
import json

import h5py
import numpy as np


def group_of(hf, group):
    return hf if group in ("", "/") else hf[group.strip("/")]


def attr_str(attrs, key):
    v = attrs.get(key)
    if isinstance(v, bytes):
        v = v.decode("utf-8")
    return v if isinstance(v, str) else None


def attr_json(attrs, key):
    v = attr_str(attrs, key)
    return None if v is None else json.loads(v)


def string_array(values):
    """A 1-D array h5py writes as variable-length UTF-8 strings (what JavaScript's TextDecoder reads)."""
    return np.array(list(values), dtype=h5py.string_dtype("utf-8"))


def read_strings(ds):
    return [s for s in ds.asstr()[()]]


def jsonable(value):
    """scikit-learn get_params() values as JSON: tuples as lists, numpy scalars as numbers, dtypes by name."""
    if isinstance(value, (str, bool)) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    if isinstance(value, np.dtype):
        return value.name
    raise TypeError("not JSON-able: %r" % (value,))
