"""Writes one file per chunk index HDF5 has (h5py, libver='latest') and prints what h5py reads back.

Argument: an output folder. Output (stdout): {name: {"shape": [...], "values": [...]}}, values flat, row-major.
"""
import json
import sys

import h5py
import numpy as np

out = sys.argv[1]


def grid(shape, dtype="<f8"):
    n = int(np.prod(shape))
    return (np.arange(n, dtype="f8") * 0.5 - 3).astype(dtype).reshape(shape)


CASES = {
    "fixed-array": dict(shape=(50, 30), chunks=(5, 7)),
    "fixed-array-gzip": dict(shape=(50, 30), chunks=(5, 7), compression="gzip", shuffle=True),
    "fixed-array-paged": dict(shape=(2000, 3), chunks=(1, 3)),
    "fixed-array-paged-filtered": dict(shape=(2000, 3), chunks=(1, 3), fletcher32=True),
    "fixed-array-maxshape": dict(shape=(10, 8), maxshape=(20, 8), chunks=(3, 3)),
    "extensible-array": dict(shape=(37, 5), maxshape=(None, 5), chunks=(4, 2)),
    "extensible-array-filtered": dict(
        shape=(37, 5), maxshape=(None, 5), chunks=(4, 2), compression="gzip", shuffle=True, fletcher32=True
    ),
    "extensible-array-many": dict(shape=(3000, 2), maxshape=(None, 2), chunks=(1, 2)),
    "extensible-array-second-axis": dict(shape=(4, 33), maxshape=(4, None), chunks=(2, 5)),
    "btree-v2": dict(shape=(9, 11), maxshape=(None, None), chunks=(2, 3)),
    "btree-v2-gzip": dict(shape=(9, 11), maxshape=(None, None), chunks=(2, 3), compression="gzip"),
    "single-chunk": dict(shape=(4, 5), chunks=(4, 5)),
    "single-chunk-gzip": dict(shape=(4, 5), chunks=(4, 5), compression="gzip"),
    "big-endian-int": dict(shape=(6, 4), chunks=(4, 3), dtype=">i4"),
    "float32-shuffle": dict(shape=(6, 4), chunks=(4, 3), dtype="<f4", shuffle=True, compression="gzip"),
}

result = {}
with h5py.File(f"{out}/indexes.h5", "w", libver="latest") as f:
    for name, kw in CASES.items():
        dtype = kw.pop("dtype", "<f8")
        f.create_dataset(name, data=grid(kw["shape"], dtype), dtype=dtype, **kw)
    # chunks never written read as the fill value
    d = f.create_dataset("partial", shape=(12, 6), maxshape=(None, 6), chunks=(4, 3), fillvalue=7.5)
    d[4:8, 0:3] = 1.25
    # implied index: fixed shape, no filter, space allocated early
    space = h5py.h5s.create_simple((6, 4))
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk((3, 2))
    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    dsid = h5py.h5d.create(f.id, b"implied", h5py.h5t.IEEE_F64LE, space, dcpl=dcpl)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, grid((6, 4)))
with h5py.File(f"{out}/indexes.h5", "r") as f:
    for name in f:
        a = f[name][()]
        result[name] = {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}
print(json.dumps(result))
