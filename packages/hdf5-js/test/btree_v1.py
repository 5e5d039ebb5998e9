"""Writes chunked datasets indexed by version-1 B-trees (h5py's default libver) and prints what h5py reads.

Argument: an output folder. Writes btree-v1.h5; prints {name: {"shape", "sha256", "cols", "picked"}}: the
sha256 of h5py's whole read (native float64 bytes, row-major) and h5py's read of the columns `cols`.
"""
import hashlib
import json
import sys

import h5py
import numpy as np

out = sys.argv[1]
CASES = {
    # 5,000 chunks of one column: a B-tree of three levels (nodes hold at most 64 chunks)
    "many-chunks": dict(shape=(20, 5000), chunks=(20, 1)),
    # gzip: every chunk's stored size differs
    "gzip": dict(shape=(20, 3000), chunks=(20, 2), compression="gzip"),
    # chunks over both axes
    "grid": dict(shape=(90, 700), chunks=(7, 9)),
    # big-endian values
    "big-endian": dict(shape=(10, 400), chunks=(10, 3), dtype=">f8"),
}
result = {}
with h5py.File(f"{out}/btree-v1.h5", "w") as f:  # libver 'earliest': layout v3, v1 B-tree chunk indexes
    for name, spec in CASES.items():
        shape = spec["shape"]
        values = (np.arange(shape[0] * shape[1], dtype="f8") * 0.25 - 7).reshape(shape)
        d = f.create_dataset(name, data=values.astype(spec.get("dtype", "<f8")), **{k: v for k, v in spec.items() if k not in ("shape", "dtype")})
    # every 7th column written, the rest unwritten: read as the fill value
    d = f.create_dataset("sparse", shape=(20, 3000), chunks=(20, 1), dtype="<f8", fillvalue=2.5)
    for c in range(0, 3000, 7):
        d[:, c] = np.arange(20) + c
with h5py.File(f"{out}/btree-v1.h5", "r") as f:
    for name in [*CASES, "sparse"]:
        d = f[name]
        whole = d[...].astype("<f8")
        cols = [d.shape[1] - 1, 0, 3, 4, 7, d.shape[1] // 2, 3]
        result[name] = {
            "shape": list(d.shape),
            "sha256": hashlib.sha256(whole.tobytes()).hexdigest(),
            "cols": cols,
            "picked": whole[:, cols].ravel().tolist(),
        }
print(json.dumps(result))
