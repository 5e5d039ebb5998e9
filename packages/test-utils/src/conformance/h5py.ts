/** Reads a file with real h5py (/usr/bin/python3): what another HDF5 reader sees in the files a backend writes. */
import { execFileSync } from 'node:child_process';
import { python } from '../python.js';

/** What h5py sees in a file: dtype string, shape, values (64-bit ints and bytes as strings), attrs, filters. */
const H5PY_DUMP = String.raw`
import h5py, json, sys
import numpy as np
def conv(v):
    a = np.asarray(v)
    if a.dtype.kind == 'O' or a.dtype.kind in 'SU':
        return [x.decode('utf-8') if isinstance(x, bytes) else str(x) for x in a.ravel()]
    if a.dtype.kind in 'iu' and a.dtype.itemsize == 8:
        return [str(int(x)) for x in a.ravel()]
    if a.dtype.kind == 'b':
        return [bool(x) for x in a.ravel()]
    return [float(x) if a.dtype.kind == 'f' else int(x) for x in a.ravel()]
out = {}
with h5py.File(sys.argv[1], 'r') as f:
    def visit(name, obj):
        entry = {'attrs': {k: {'dtype': str(np.asarray(v).dtype), 'shape': list(np.shape(v)), 'values': conv(v)} for k, v in obj.attrs.items()}}
        if isinstance(obj, h5py.Dataset):
            string_info = h5py.check_string_dtype(obj.dtype)
            entry.update(kind='dataset', dtype=obj.dtype.str if string_info is None else 'str:' + string_info.encoding,
                         bool=obj.dtype == np.bool_, shape=list(obj.shape), values=conv(obj[()]),
                         chunks=list(obj.chunks) if obj.chunks else None, compression=obj.compression,
                         shuffle=obj.shuffle)
        else:
            entry['kind'] = 'group'
        out['/' + name] = entry
    f.visititems(visit)
    visit('', f)
print(json.dumps(out))
`;

interface H5pyEntry {
  kind: 'dataset' | 'group';
  attrs: Record<string, { dtype: string; shape: number[]; values: Array<number | string | boolean> }>;
  dtype?: string;
  bool?: boolean;
  shape?: number[];
  values?: Array<number | string | boolean>;
  chunks?: number[] | null;
  compression?: string | null;
  shuffle?: boolean;
}

/** Reads a file with real h5py. The root is under the key "/". */
export function readWithH5py(path: string): Record<string, H5pyEntry> {
  const text = execFileSync(python, ['-c', H5PY_DUMP, path], { encoding: 'utf8', timeout: 30_000 });
  const parsed = JSON.parse(text) as Record<string, H5pyEntry>;
  // visit('', f) stored the root under "/"; visititems names have no leading slash
  return parsed;
}
