"""Dumps what h5py sees in HDF5 files, as JSON, for test/h5py-values.test.ts.

Input (stdin): a JSON list of paths. Output: {path: {"nodes": [...], "attrs": {...}} or {"error": str}}.
Links are listed, never followed (get(name, getlink=True)); values are exact (floats by repr through JSON,
64-bit integers as strings, non-finite floats as strings).
"""
import json
import math
import subprocess
import sys

import h5py
import numpy as np


def scalar(v):
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8")
    if isinstance(v, (bool, np.bool_)):
        return int(bool(v))
    if isinstance(v, (np.integer, int)):
        return str(int(v)) if abs(int(v)) > 2**53 or isinstance(v, (np.int64, np.uint64)) else int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return repr(f) if not math.isfinite(f) else f
    return str(v)


def values(arr):
    a = np.asarray(arr)
    if a.dtype.kind == "O" or a.dtype.kind == "S" or a.dtype.kind == "U":
        return [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in a.reshape(-1).tolist()]
    return [scalar(x) for x in a.reshape(-1)]


def supported(dt):
    if h5py.check_enum_dtype(dt) is not None:
        return False
    if h5py.check_string_dtype(dt) is not None:
        return True
    if dt.kind == "b":
        return True
    if dt.kind == "f":
        return dt.itemsize in (4, 8)
    return dt.kind in "iu" and dt.names is None and dt.subdtype is None


def attrs_of(obj):
    out = {}
    for name in obj.attrs:
        try:
            aid = obj.attrs.get_id(name)
            dt = aid.dtype
            if aid.shape is None or not supported(dt) or h5py.check_enum_dtype(dt) is not None and dt.kind != "b":
                continue
            out[name] = {"shape": list(aid.shape), "values": values(obj.attrs[name])}
        except Exception as exc:  # noqa: BLE001
            out[name] = {"error": str(exc)}
    return out


def walk(group, prefix, nodes, attrs, seen):
    for name in sorted(group.keys(), key=lambda n: n.encode("utf-8")):
        path = f"{prefix}/{name}" if prefix != "/" else f"/{name}"
        link = group.get(name, getlink=True)
        if isinstance(link, h5py.SoftLink):
            nodes.append({"path": path, "kind": "soft-link"})
            continue
        if isinstance(link, h5py.ExternalLink):
            nodes.append({"path": path, "kind": "external-link"})
            continue
        obj = group[name]
        if isinstance(obj, h5py.Group):
            nodes.append({"path": path, "kind": "group"})
            attrs[path] = attrs_of(obj)
            if hash(obj.id) not in seen:
                seen.add(hash(obj.id))
                walk(obj, path, nodes, attrs, seen)
        elif isinstance(obj, h5py.Dataset):
            node = {"path": path, "kind": "dataset", "shape": list(obj.shape) if obj.shape is not None else None}
            ok = obj.shape is not None and supported(obj.dtype) and obj.external is None and not obj.is_virtual
            ok = ok and all(str(k) in ("1", "2", "3", "gzip", "shuffle", "fletcher32") for k in obj._filters)
            if ok and obj.size * obj.dtype.itemsize <= 1 << 26:
                try:
                    node["values"] = values(obj[()])
                except Exception as exc:  # noqa: BLE001
                    node["error"] = str(exc)
            nodes.append(node)
            attrs[path] = attrs_of(obj)


def dump(path):
    try:
        with h5py.File(path, "r") as f:
            nodes, attrs = [], {"/": attrs_of(f)}
            walk(f, "/", nodes, attrs, {hash(f["/"].id)})
            return {"nodes": nodes, "attrs": attrs}
    except Exception as exc:  # noqa: BLE001
        return {"error": f"{type(exc).__name__}: {exc}"}


def isolated(path):
    """Each file in its own process: libhdf5 crashes or hangs on some hostile files."""
    try:
        r = subprocess.run([sys.executable, __file__, "--one", path], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return {"error": "h5py hung"}
    if r.returncode != 0:
        return {"error": f"h5py crashed ({r.returncode}): {r.stderr[-300:]}"}
    return json.loads(r.stdout)


if __name__ == "__main__":
    sys.setrecursionlimit(100000)
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(dump(sys.argv[2])))
    else:
        print(json.dumps({p: isolated(p) for p in json.load(sys.stdin)}))
