/** Writes: every dtype, attributes, groups, chunking/compression, atomic replace; checked by h5py. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileToWrite, StoredArray } from '@icepickle/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { h5py, nativeAndH5py } from './helpers.js';

const arrays: Record<string, StoredArray> = {
  f64: { dtype: 'float64', shape: [2, 3], data: new Float64Array([1.5, -0, Math.PI, 1e-310, -1e300, 7]) },
  f32: { dtype: 'float32', shape: [2], data: new Float32Array([0.25, -8]) },
  i64: { dtype: 'int64', shape: [3], data: new BigInt64Array([-(2n ** 63n), 0n, 2n ** 63n - 1n]) },
  u64: { dtype: 'uint64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
  i32: { dtype: 'int32', shape: [2], data: new Int32Array([-(2 ** 31), 2 ** 31 - 1]) },
  u32: { dtype: 'uint32', shape: [1], data: new Uint32Array([2 ** 32 - 1]) },
  i16: { dtype: 'int16', shape: [1], data: new Int16Array([-7]) },
  u16: { dtype: 'uint16', shape: [1], data: new Uint16Array([65535]) },
  i8: { dtype: 'int8', shape: [1], data: new Int8Array([-128]) },
  u8: { dtype: 'uint8', shape: [1], data: new Uint8Array([255]) },
  bool: { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
  utf8: { dtype: 'utf8', shape: [3], data: ['a', 'béta', '日本語'] },
  scalar: { dtype: 'float64', shape: [], data: new Float64Array([2.5]) },
  empty: { dtype: 'float64', shape: [0, 4], data: new Float64Array(0) },
  classes: { dtype: 'utf8', shape: [], data: ['solo'] },
};

const wide = new Float64Array(6 * 50).map((_, i) => i / 7 - 3);

const file: FileToWrite = {
  attrs: {
    format: 'icepickle',
    version: 1,
    ratio: 0.5,
    ok: true,
    big: 2n ** 60n,
    ids: [1, 2, 3],
    mixed: [1, 2.5],
    names: ['x', 'ÿ'],
    bigs: [2n ** 62n],
    none: [],
  },
  groups: [{ path: '/models/a', attrs: { estimator: 'SGDClassifier' } }],
  datasets: [
    ...Object.entries(arrays).map(([name, array]) => ({ path: `/types/${name}`, array })),
    {
      path: '/models/a/coef',
      array: { dtype: 'float64', shape: [6, 50], data: wide },
      chunks: [6, 8],
      gzip: 4,
      shuffle: true,
      attrs: { layout: 'column-chunked' },
    },
  ],
};

function expectSame(actual: StoredArray, expected: StoredArray) {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  expect(Array.from(actual.data as ArrayLike<unknown>)).toEqual(Array.from(expected.data as ArrayLike<unknown>));
  expect((actual.data as object).constructor).toBe((expected.data as object).constructor);
}

describe.skipIf(!nativeAndH5py())('hdf5-node writes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'icepickle-hdf5-node-write-'));
  });

  test('to bytes and to a path: everything reads back exactly', async () => {
    const backend = hdf5Node();
    const bytes = await backend.write(undefined, file);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const path = join(dir, 'all.h5');
    expect(await backend.write(path, file)).toBeUndefined();
    for (const source of [bytes!, path]) {
      const f = await backend.open(source);
      for (const [name, array] of Object.entries(arrays)) expectSame(await f.read(`/types/${name}`), array);
      expect(Object.is(((await f.read('/types/f64')).data as Float64Array)[1], -0)).toBe(true);
      expectSame(await f.read('/models/a/coef'), file.datasets.at(-1)!.array);
      expect(f.list().find((n) => n.path === '/models/a/coef')).toMatchObject({
        layout: 'chunked',
        chunks: [6, 8],
        filters: [
          { id: 2, name: 'shuffle' },
          { id: 1, name: 'deflate' },
        ],
      });
      expect(f.attrs('/')).toEqual({
        format: 'icepickle',
        version: 1,
        ratio: 0.5,
        ok: true,
        big: 2n ** 60n,
        ids: [1, 2, 3],
        mixed: [1, 2.5],
        names: ['x', 'ÿ'],
        bigs: [2n ** 62n],
        none: [],
      });
      expect(f.attrs('/models/a')).toEqual({ estimator: 'SGDClassifier' });
      expect(f.attrs('/models/a/coef')).toEqual({ layout: 'column-chunked' });
      await f.close();
    }
  });

  test('h5py reads our file as h5py would have written it', async () => {
    const path = join(dir, 'for-h5py.h5');
    await hdf5Node().write(path, file);
    const seen = h5py<Record<string, unknown>>(
      `f = h5py.File(sys.argv[1], 'r')
out = {}
for name in f['types']:
    d = f['types'][name]
    v = d[()]
    out[name] = [str(d.dtype), list(d.shape), (v.tolist() if hasattr(v, 'tolist') else v) if d.dtype.kind != 'O' else [x.decode() if isinstance(x, bytes) else x for x in np.asarray(v, dtype=object).ravel().tolist()]]
c = f['models/a/coef']
out['coef'] = [c.chunks, c.compression, c.compression_opts, c.shuffle, bool(np.array_equal(c[()], np.arange(300).reshape(6, 50) / 7 - 3))]
out['attrs'] = {k: [type(v).__name__, str(getattr(v, 'dtype', ''))] for k, v in f.attrs.items()}
out['strtype'] = str(h5py.check_string_dtype(f['types/utf8'].dtype))
print(json.dumps(out, default=str))`,
      path,
    );
    expect(seen.bool).toEqual(['bool', [3], [true, false, true]]);
    expect(seen.f64).toEqual([
      'float64',
      [2, 3],
      [
        [1.5, -0, Math.PI],
        [1e-310, -1e300, 7],
      ],
    ]);
    expect(seen.i64).toEqual(['int64', [3], [-(2 ** 63), 0, 2 ** 63]]); // JSON rounds; exactness is checked on our side
    expect(seen.utf8).toEqual(['object', [3], ['a', 'béta', '日本語']]);
    expect(seen.scalar).toEqual(['float64', [], 2.5]);
    expect(seen.empty).toEqual(['float64', [0, 4], []]);
    expect(seen.strtype).toContain("encoding='utf-8'");
    expect(seen.coef).toEqual([[6, 8], 'gzip', 4, true, true]);
    // Safe integers are written as int64 (as h5py writes Python ints), other numbers as float64.
    expect(seen.attrs).toMatchObject({
      version: ['int64', 'int64'],
      ratio: ['float64', 'float64'],
      ok: ['bool_', 'bool'],
      ids: ['ndarray', 'int64'],
      mixed: ['ndarray', 'float64'],
      format: ['str', ''],
    });
  });

  test('atomic replace: the old file stays whole when a write fails, and no temp file is left', async () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const path = join(sub, 'model.h5');
    const backend = hdf5Node();
    await backend.write(path, { datasets: [{ path: '/coef', array: arrays.f64! }] });
    const before = readFileSync(path);
    // A dataset named "." is refused by libhdf5 itself (it names the group): the failure happens
    // mid-write, inside the addon, after the first dataset was written.
    const clash: FileToWrite = {
      datasets: [
        { path: '/x', array: arrays.scalar! },
        { path: '/.', array: arrays.scalar! },
      ],
    };
    const error = await backend.write(path, clash).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WRITE_FAILED' });
    // One line for logs; libhdf5's error stack stays in the cause (issue 19 item 6).
    expect((error as Error).message).not.toContain('\n');
    // the cause: an HDF5Error whose message is libhdf5's stack as H5Eprint2 prints it
    expect((error as Error).cause).toMatchObject({
      name: 'HDF5Error',
      message: expect.stringMatching(/^HDF5-DIAG: Error detected in HDF5[^\n]*\n\s+#000: .* in H5\w+\(\)/),
    });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(sub)).toEqual(['model.h5']);
    // A successful write replaces it.
    await backend.write(path, { datasets: [{ path: '/coef', array: arrays.f32! }] });
    const f = await backend.open(path);
    expectSame(await f.read('/coef'), arrays.f32!);
    await f.close();
    expect(readdirSync(sub)).toEqual(['model.h5']);
  });

  test('bad input is INVALID_INPUT before any file is touched; a missing folder is WRITE_FAILED', async () => {
    const backend = hdf5Node();
    const path = join(dir, 'never.h5');
    const cases: FileToWrite[] = [
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [3], data: new Float64Array(2) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [2], data: new Float32Array(2) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'other', shape: [1], data: new Float64Array(1) } }] },
      { datasets: [{ path: '/a', array: arrays.f64!, gzip: 4 }] },
      { datasets: [{ path: '/a', array: arrays.f64!, chunks: [1] }] },
      { datasets: [{ path: '/a', array: arrays.f64!, chunks: [1, 3], gzip: 12 }] },
      {
        datasets: [
          { path: '/a', array: arrays.f64! },
          { path: 'a', array: arrays.f64! },
        ],
      },
      {
        datasets: [
          { path: '/a', array: arrays.f64! },
          { path: '/a/b', array: arrays.f64! },
        ],
      },
      { groups: [{ path: '/a/g' }], datasets: [{ path: '/a', array: arrays.f64! }] },
      { datasets: [], attrs: { bad: { nested: 1 } as never } },
      { datasets: [], attrs: { bad: [1, 'a'] as never } },
    ];
    for (const c of cases)
      await expect(
        backend.write(path, c),
        JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(readdirSync(dir)).not.toContain('never.h5');
    await expect(backend.write(join(dir, 'no', 'such', 'folder.h5'), { datasets: [] })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
    });
  });

  test('attributes over 64 KiB (long JSON) are written, and h5py reads them', async () => {
    const json = JSON.stringify({ vocabulary: Array.from({ length: 20_000 }, (_, i) => `word${i}`) });
    const path = join(dir, 'big-attrs.h5');
    await hdf5Node().write(path, {
      attrs: { config: json, weights: new Array(20_000).fill(0.5) },
      datasets: [{ path: '/coef', array: arrays.f64!, attrs: { note: json } }],
    });
    const f = await hdf5Node().open(path);
    expect(f.attrs('/').config).toBe(json);
    expect((f.attrs('/').weights as number[]).length).toBe(20_000);
    expect(f.attrs('/coef').note).toBe(json);
    await f.close();
    expect(
      h5py<number[]>(
        'f = h5py.File(sys.argv[1], "r"); print(json.dumps([len(f.attrs["config"]), len(f["coef"].attrs["note"])]))',
        path,
      ),
    ).toEqual([json.length, json.length]);
  });

  test('a file written by us opens in h5py-compatible form even when empty', async () => {
    const bytes = await hdf5Node().write(undefined, { datasets: [] });
    const path = join(dir, 'empty.h5');
    writeFileSync(path, bytes!);
    expect(h5py<string[]>('print(json.dumps(list(h5py.File(sys.argv[1], "r").keys())))', path)).toEqual([]);
  });
});
