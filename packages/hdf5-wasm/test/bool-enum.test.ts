/** Bool datasets written as h5py writes them (bool-enum.ts): h5py reads numpy bools, every backend reads bools. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { boolEnumMessage } from '../src/bool-enum.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-wasm-bool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const big = Uint8Array.from({ length: 1000 }, (_v, i) => (i % 3 === 0 ? 1 : 0));

describe('bool datasets on hdf5-wasm', () => {
  const backend = hdf5Wasm();

  it("writes h5py's enum (FALSE = 0, TRUE = 1 over int8), 1-D, 2-D and chunked with gzip", async () => {
    const bytes = (await backend.write(undefined, {
      attrs: { note: 'kept' },
      datasets: [
        { path: '/classes', array: { dtype: 'bool', shape: [2], data: Uint8Array.of(0, 1) }, attrs: { a: 1 } },
        { path: '/g/mask', array: { dtype: 'bool', shape: [2, 3], data: Uint8Array.of(1, 0, 1, 0, 0, 1) } },
        { path: '/g/big', array: { dtype: 'bool', shape: [1000], data: big }, chunks: [100], gzip: 4 },
        { path: '/x', array: { dtype: 'int8', shape: [3], data: Int8Array.of(-1, 0, 2) } },
      ],
    }))!;
    const f = await backend.open(bytes);
    expect(await f.read('/classes')).toEqual({ dtype: 'bool', shape: [2], data: Uint8Array.of(0, 1) });
    expect(await f.read('/g/mask')).toEqual({ dtype: 'bool', shape: [2, 3], data: Uint8Array.of(1, 0, 1, 0, 0, 1) });
    expect((await f.read('/g/big')).data).toEqual(big);
    expect((await f.read('/x')).dtype).toBe('int8');
    // the placeholder attribute is gone; the dataset's own attributes stay
    expect(f.attrs('/classes')).toEqual({ a: 1 });
    expect(f.attrs('/')).toEqual({ note: 'kept' });
    await f.close();

    const path = join(dir, 'bools.h5');
    writeFileSync(path, bytes);
    if (!hasSklearn()) return;
    const py = runPythonCode<Record<string, unknown>>(
      String.raw`
import h5py, json, sys
f = h5py.File(json.load(sys.stdin), "r")
out = {k: {"dtype": str(f[k].dtype), "values": f[k][()].tolist()} for k in ("classes", "g/mask", "g/big", "x")}
out["enum"] = {k: int(v) for k, v in h5py.check_enum_dtype(f["classes"].id.get_type().dtype) .items()} if h5py.check_enum_dtype(f["classes"].id.get_type().dtype) else None
out["class"] = f["classes"].id.get_type().get_class() == h5py.h5t.ENUM
out["attrs"] = sorted(f["classes"].attrs.keys())
print(json.dumps(out))`,
      path,
    );
    expect(py).toMatchObject({
      classes: { dtype: 'bool', values: [false, true] },
      'g/mask': {
        dtype: 'bool',
        values: [
          [true, false, true],
          [false, false, true],
        ],
      },
      'g/big': { dtype: 'bool', values: Array.from(big, (v) => v === 1) },
      x: { dtype: 'int8', values: [-1, 0, 2] },
      class: true,
      attrs: ['a'],
    });
  });

  it('the enum message is the one h5py writes for numpy bool', () => {
    if (!hasSklearn()) return;
    // h5py's own type for bool, encoded as a Datatype message
    const h5py = runPythonCode<number[]>(
      'import h5py, numpy as np, json\nprint(json.dumps(list(h5py.h5t.py_create(np.dtype(bool)).encode())))',
    );
    // H5Tencode puts 2 bytes of its own (H5O_DTYPE_ID, version) before the message
    expect(h5py.slice(0, 2)).toEqual([3, 0]);
    expect(Array.from(boolEnumMessage())).toEqual(h5py.slice(2));
  });

  it('refuses values other than 0 and 1, and bools in streaming writes', async () => {
    await expect(
      backend.write(undefined, {
        datasets: [{ path: '/b', array: { dtype: 'bool', shape: [1], data: Uint8Array.of(2) } }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      backend.createWriter!(join(dir, 'streamed.h5'), {
        datasets: [{ path: '/classes', array: { dtype: 'bool', shape: [2], data: Uint8Array.of(0, 1) } }],
        streamed: [{ path: '/coef', dtype: 'float64', shape: [2, 2] }],
      }),
    ).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});
