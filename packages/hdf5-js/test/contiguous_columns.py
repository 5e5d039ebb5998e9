"""Writes contiguous datasets with h5py and dumps scattered column selections of them, for
test/contiguous-columns.test.ts.

Usage: contiguous_columns.py <dir>. Writes <dir>/contiguous.h5; prints {case: {"shape": [...], "hex": str}}
where hex is h5py's selection (rows, then the columns in the given order, repeats kept) in little-endian
bytes: compared bit for bit (a NaN's payload too) with what hdf5-js reads.
"""
import json
import sys

import h5py
import numpy as np

rng = np.random.default_rng(7)
out_dir = sys.argv[1]

# name: (dtype, shape)
DATASETS = {
    "f8-le": ("<f8", (37, 1000)),
    "f8-be": (">f8", (37, 1000)),
    "f4-le": ("<f4", (37, 1000)),
    "f4-be": (">f4", (37, 1000)),
    "i2-be": (">i2", (9, 333)),
    "f8-be-1d": (">f8", (2000,)),
    # rows of 4.8 MB: one row's selected span is longer than one range read (4 MiB), so it is read in pieces
    "f8-wide": ("<f8", (3, 600_000)),
    # 200 rows of 40 kB: several rows per range read, ranges ending mid-selection
    "f8-tall": ("<f8", (300, 5000)),
}

# name: (dataset, rows or None, columns)
SELECTIONS = {
    "f8-le scattered": ("f8-le", None, [999, 3, 500, 3, 0, 998, 41]),
    "f8-be scattered": ("f8-be", None, [999, 3, 500, 3, 0, 998, 41]),
    "f4-le scattered": ("f4-le", None, [7, 999, 1, 640, 640, 2]),
    "f4-be scattered": ("f4-be", None, [7, 999, 1, 640, 640, 2]),
    "f8-le rows": ("f8-le", [5, 17], [12, 11, 10, 900]),
    "f8-be rows": ("f8-be", [36, 37], [0, 999]),
    "f4-be rows": ("f4-be", [0, 1], [500]),
    "i2-be scattered": ("i2-be", [2, 8], [332, 0, 100, 101, 5]),
    "f8-be-1d scattered": ("f8-be-1d", None, [1999, 4, 4, 1000, 0]),
    "f8-wide scattered": ("f8-wide", None, [599_999, 0, 300_000, 524_287, 524_288, 1, 599_998]),
    "f8-wide one": ("f8-wide", [1, 2], [123_456]),
    "f8-tall scattered": ("f8-tall", [3, 297], [4999, 2, 2500, 0, 4000]),
}


def values(dtype, shape):
    if dtype.endswith("i2"):
        return rng.integers(-30000, 30000, size=shape).astype(dtype)
    x = rng.standard_normal(shape).astype(dtype)
    flat = x.reshape(-1)
    flat[::97] = np.inf
    flat[1::97] = -0.0
    flat[2::97] = np.nan
    # a NaN with a payload of its own: copied bit for bit, never through a float
    bits = flat.view(np.dtype(dtype.replace("f", "u")))
    bits[3::97] = (0x7FF0_0000_0000_BEEF if dtype.endswith("8") else 0x7F80_BEEF)
    return x


path = f"{out_dir}/contiguous.h5"
data = {name: values(dtype, shape) for name, (dtype, shape) in DATASETS.items()}
with h5py.File(path, "w") as f:
    for name, x in data.items():
        f.create_dataset(name, data=x)  # contiguous: no chunks, no filters

out = {}
with h5py.File(path, "r") as f:
    for case, (name, rows, cols) in SELECTIONS.items():
        d = f[name]
        assert d.chunks is None
        r = slice(None) if rows is None else slice(rows[0], rows[1])
        order, inverse = np.unique(cols, return_inverse=True)
        picked = d[r][..., order][..., inverse]  # h5py selects sorted unique columns; the order is numpy's
        le = picked.astype(picked.dtype.newbyteorder("<"))
        out[case] = {"dataset": name, "rows": rows, "cols": cols, "shape": list(picked.shape), "hex": le.tobytes().hex()}
print(json.dumps(out))
