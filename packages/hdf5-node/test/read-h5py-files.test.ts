/** Files written by h5py, read by hdf5-node, compared with what h5py itself reads from them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DatasetInfo, type StoredFile, isIcepickleError } from '@icepickle/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { type Manifest, makeCases, nativeAndH5py } from './helpers.js';

const expectedDtypes: Record<string, string> = {
  '/f64': 'float64',
  '/f32': 'float32',
  '/f64be': 'float64',
  '/i64': 'int64',
  '/i32be': 'int32',
  '/i16': 'int16',
  '/i8': 'int8',
  '/u64': 'uint64',
  '/u32': 'uint32',
  '/u16': 'uint16',
  '/u8': 'uint8',
  '/bools': 'bool',
  '/scalar': 'float64',
  '/scalar_int': 'int64',
  '/empty': 'float64',
  '/cube': 'float64',
  '/vlen_utf8': 'utf8',
  '/vlen_ascii': 'utf8',
  '/fixed_ascii': 'utf8',
  '/f16': 'other',
  '/compound': 'other',
  '/enum': 'other',
};

function asPlain(data: unknown): unknown[] {
  return Array.from(data as ArrayLike<unknown>, (v) => (typeof v === 'bigint' ? v : v));
}

describe.skipIf(!nativeAndH5py())('hdf5-node reads h5py files as h5py does', () => {
  let dir: string;
  let truth: Manifest;
  const opened: StoredFile[] = [];
  const open = async (name: string, fromBytes = false) => {
    const backend = hdf5Node();
    const f = fromBytes ? await backend.open(readFileSync(join(dir, name))) : await backend.open(join(dir, name));
    opened.push(f);
    return f;
  };

  beforeAll(() => ({ dir, truth } = makeCases()));
  afterAll(async () => {
    for (const f of opened) await f.close();
  });

  for (const fromBytes of [false, true]) {
    test(`types.h5 from ${fromBytes ? 'bytes' : 'a path'}: dtypes, shapes, item sizes, values`, async () => {
      const f = await open('types.h5', fromBytes);
      const datasets = f.list().filter((n): n is DatasetInfo => n.kind === 'dataset');
      expect(Object.fromEntries(datasets.map((d) => [d.path, d.dtype]))).toEqual(expectedDtypes);
      const byPath = new Map(datasets.map((d) => [d.path, d]));
      expect(byPath.get('/scalar')!.shape).toEqual([]);
      expect(byPath.get('/vlen_utf8')!.itemSize).toBe(16);
      expect(byPath.get('/fixed_ascii')!.itemSize).toBe(5);
      expect(byPath.get('/bools')!.itemSize).toBe(1);
      expect(byPath.get('/f16')!.typeDescription).toMatch(/floating point of 2 bytes/);
      expect(byPath.get('/compound')!.typeDescription).toMatch(/compound/);
      for (const [path, t] of Object.entries(truth['types.h5']!)) {
        const info = byPath.get(path)!;
        expect(info.shape, path).toEqual(t.shape);
        if (info.dtype === 'other') {
          await expect(f.read(path)).rejects.toMatchObject({ code: 'INVALID_DTYPE' });
          continue;
        }
        const got = await f.read(path);
        expect(got.shape).toEqual(t.shape);
        const values = asPlain(got.data);
        let want: unknown[] = t.values!;
        if (info.dtype === 'bool') want = want.map((v) => (v ? 1 : 0));
        if (path === '/u64' || path === '/i64') continue; // JSON rounds these; checked exactly below
        if (info.dtype === 'int64') want = want.map((v) => BigInt(v as number));
        expect(values, path).toEqual(want);
      }
      // int64 / uint64 extremes survive exactly (JSON would round them).
      expect(Array.from((await f.read('/i64')).data as BigInt64Array)).toEqual([-(2n ** 62n), 0n, 2n ** 62n]);
      expect(Array.from((await f.read('/u64')).data as BigUint64Array)).toEqual([0n, 2n ** 64n - 1n]);
      expect(Object.is(((await f.read('/f64')).data as Float64Array)[4], -0)).toBe(true);
    });
  }

  test('attributes of every kind map as the contract says', async () => {
    const f = await open('types.h5');
    expect(f.attrs('/')).toEqual({
      int_small: 7,
      int_big: 2n ** 60n, // beyond 2**53: bigint
      uint_big: 2n ** 63n + 1n,
      neg_big: -(2n ** 62n),
      float: 0.1,
      float32: 0.5,
      int32: -3,
      flag: true,
      flags: [1, 0],
      text: 'héllo',
      bytes: 'raw',
      texts: ['a', 'bé'],
      ints: [1, 2, 3],
      ints_big: [1n, 2n ** 62n],
      one: [5.5],
      matrix: [1, 2, 3, 4],
    });
    expect(f.attrs('/f64')).toEqual({ unit: 'm' });
    expect(f.attrs('f64')).toEqual({ unit: 'm' });
    expect(() => f.attrs('/nope')).toThrow(expect.objectContaining({ code: 'MISSING_DATASET' }));
  });

  test('int64 attributes beyond 2**53 come back as bigint', async () => {
    const dir2 = dir;
    const { execFileSync } = await import('node:child_process');
    execFileSync('/usr/bin/python3', [
      '-c',
      `import h5py, numpy as np\nwith h5py.File('${dir2}/bigattr.h5','w') as f:\n  f.attrs['x'] = np.int64(2**53 + 1)\n  f.attrs['xs'] = np.array([1, 2**53 + 1])`,
    ]);
    const f = await open('bigattr.h5');
    expect(f.attrs('/')).toEqual({ x: 2n ** 53n + 1n, xs: [1n, 2n ** 53n + 1n] });
  });

  test('layouts, chunks and filters are described; allowed filters decode, others are refused', async () => {
    const f = await open('layouts.h5');
    const t = truth['layouts.h5']!;
    for (const node of f.list()) {
      if (node.kind !== 'dataset') continue;
      const want = t[node.path]!;
      expect(node.layout, node.path).toBe(want.layout);
      expect(node.chunks ?? null, node.path).toEqual(want.chunks);
      expect(
        node.filters.map((x) => x.id),
        node.path,
      ).toEqual(want.filters);
      expect(node.external).toBe(false);
    }
    const gzip = f.list().find((n) => n.path === '/gzip') as DatasetInfo;
    expect(gzip.filters).toEqual([
      { id: 2, name: 'shuffle' },
      { id: 1, name: 'deflate' },
      { id: 3, name: 'fletcher32' },
    ]);
    for (const path of ['/contiguous', '/chunked', '/gzip', '/compact', '/strings_chunked']) {
      const got = await f.read(path);
      expect(asPlain(got.data), path).toEqual(t[path]!.values);
    }
    await expect(f.read('/lzf')).rejects.toMatchObject({ code: 'UNSUPPORTED_FILTER', object: '/lzf' });
    await expect(f.read('/scaleoffset')).rejects.toMatchObject({ code: 'UNSUPPORTED_FILTER' });
  });

  test('selections: row ranges, columns in any order with duplicates, both, on every layout', async () => {
    const f = await open('layouts.h5');
    const full = Array.from(truth['layouts.h5']!['/contiguous']!.values as number[]);
    const at = (r: number, c: number) => full[r * 30 + c];
    const cols = [29, 0, 3, 3, 17, 4, 5, 6];
    for (const path of ['/contiguous', '/chunked', '/gzip']) {
      const rows = await f.read(path, { rows: [5, 12] });
      expect(rows.shape).toEqual([7, 30]);
      expect(Array.from(rows.data as Float64Array)).toEqual(full.slice(150, 360));
      const picked = await f.read(path, { cols });
      expect(picked.shape).toEqual([40, cols.length]);
      expect(Array.from(picked.data as Float64Array)).toEqual(
        Array.from({ length: 40 }, (_, r) => cols.map((c) => at(r, c))).flat(),
      );
      const both = await f.read(path, { rows: [38, 40], cols: [1, 2] });
      expect(Array.from(both.data as Float64Array)).toEqual([at(38, 1), at(38, 2), at(39, 1), at(39, 2)]);
      const none = await f.read(path, { cols: [] });
      expect(none.shape).toEqual([40, 0]);
      expect((none.data as Float64Array).length).toBe(0);
    }
    const strs = await f.read('/strings_chunked', { cols: [11, 0, 0] });
    expect(strs).toEqual({ dtype: 'utf8', shape: [3], data: ['s11', 's0', 's0'] });
    const range = await f.read('/strings_chunked', { rows: [2, 5] });
    expect(range.data).toEqual(['s2', 's3', 's4']);
    await expect(f.read('/contiguous', { rows: [0, 41] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(f.read('/contiguous', { cols: [30] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(f.read('/contiguous', { cols: [-1] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(f.read('/compact', { rows: [0, 1], cols: [0] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  test('listing order: depth first, names sorted by UTF-8 bytes; group attributes', async () => {
    const f = await open('order.h5');
    expect(f.list().map((n) => `${n.kind}:${n.path}`)).toEqual([
      'dataset:/B',
      'dataset:/a',
      'dataset:/a0',
      'dataset:/b',
      'group:/m',
      'dataset:/m/x',
      'dataset:/m/y',
      'dataset:/z',
      'dataset:/é',
    ]);
    expect(f.attrs('/m')).toEqual({ k: 'v' });
  });

  test('maxObjects stops the listing with LIMIT_EXCEEDED', async () => {
    const backend = hdf5Node();
    await expect(backend.open(join(dir, 'order.h5'), { maxObjects: 3 })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    const ok = await backend.open(join(dir, 'order.h5'), { maxObjects: 9 });
    await ok.close();
  });

  test('errors are IcepickleErrors with the file label', async () => {
    const f = await hdf5Node().open(readFileSync(join(dir, 'types.h5')), { label: 'model.h5' });
    opened.push(f);
    const error = await f.read('/missing').catch((e: unknown) => e);
    expect(isIcepickleError(error, 'MISSING_DATASET')).toBe(true);
    // hdf5-js describes and reads for every backend (issue 17): its scope, the same message on each
    expect((error as Error).message).toBe('[icepickle] [hdf5-js] model.h5: no dataset "/missing"');
  });
});
