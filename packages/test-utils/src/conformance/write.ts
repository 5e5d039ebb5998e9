/** Conformance, write(): files that read back exactly, by this backend and by h5py; malformed requests refused. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttrValue, FileToWrite, StoredArray } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { readWithH5py } from './h5py.js';
import { codeOf, values, dataset, gather, type Suite } from './suite.js';

export function writeTests(s: Suite): void {
  describe('write()', () => {
    writesBytes(s);
    roundTripsEveryDtype(s);
    writesChunkedGzip(s);
    writesShuffledOrRefuses(s);
    writesBoolsOrRefuses(s);
    writesCompressedStringsOrRefuses(s);
    refusesMalformedWrites(s);
    writesAtomically(s);
    keepsOldFileOnFailure(s);
    h5pyReadsWhatWasWritten(s);
  });
}

const model = (): FileToWrite => ({
  attrs: { format: 'icepickle', n_features_in: 3, ratio: 0.25 },
  datasets: [
    {
      path: '/coef',
      array: { dtype: 'float64', shape: [2, 3], data: Float64Array.of(1.5, -2, 3e-300, 4, 5, Number.MAX_VALUE) },
    },
    { path: '/intercept', array: { dtype: 'float64', shape: [], data: Float64Array.of(-0.125) } },
    { path: '/classes', array: { dtype: 'int64', shape: [2], data: BigInt64Array.of(-1n, 2n ** 62n) } },
  ],
});

function writesBytes(s: Suite): void {
  it('returns the bytes of an HDF5 file without a target, which reads back', async () => {
    const bytes = await s.backend.write(undefined, model());
    expect(bytes).toBeInstanceOf(Uint8Array);
    if (s.writesHdf5)
      expect(Array.from(bytes!.subarray(0, 8))).toEqual([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
    const f = await s.openBytes(bytes!);
    expect(f.list().map((n) => n.path)).toEqual(['/classes', '/coef', '/intercept']);
    expect(await f.read('/coef')).toEqual(model().datasets[0]!.array);
    expect(await f.read('/intercept')).toEqual(model().datasets[1]!.array);
    expect(await f.read('/classes')).toEqual(model().datasets[2]!.array);
    expect(f.attrs()).toEqual({ format: 'icepickle', n_features_in: 3, ratio: 0.25 });
  });
}

function roundTripsEveryDtype(s: Suite): void {
  it('round-trips every writable dtype, groups, and attributes of every kind', async () => {
    const arrays: Record<string, StoredArray> = {
      f64: { dtype: 'float64', shape: [2, 2], data: Float64Array.of(0.1, -0, Infinity, NaN) },
      f32: { dtype: 'float32', shape: [3], data: Float32Array.of(1.5, -2.25, 3.0e-8) },
      i64: { dtype: 'int64', shape: [3], data: BigInt64Array.of(-(2n ** 63n), 0n, 2n ** 63n - 1n) },
      i32: { dtype: 'int32', shape: [2, 1], data: Int32Array.of(-(2 ** 31), 2 ** 31 - 1) },
      u8: { dtype: 'uint8', shape: [3], data: Uint8Array.of(0, 128, 255) },
      s: { dtype: 'utf8', shape: [3], data: ['setosa', 'naïve ☃', ''] },
      scalar: { dtype: 'float64', shape: [], data: Float64Array.of(151.78909952606634) },
      empty: { dtype: 'float64', shape: [0, 3], data: new Float64Array(0) },
    };
    const attrs: Record<string, AttrValue> = {
      str: 'héllo',
      int: 42,
      negInt: -7,
      float: 2.5,
      small: 5n,
      huge: 2n ** 60n + 1n,
      ints: [1, 2, 3],
      floats: [0.5, 1],
      strs: ['a', 'béta'],
      bigs: [2n ** 62n, -1n],
      emptyList: [],
    };
    const file: FileToWrite = {
      attrs,
      groups: [{ path: '/g', attrs: { kind: 'group' } }, { path: '/g/h' }],
      datasets: Object.entries(arrays).map(([k, array]) => ({ path: `/g/h/${k}`, array, attrs: { name: k } })),
    };
    const f = await s.openBytes((await s.backend.write(undefined, file))!);
    for (const [k, array] of Object.entries(arrays)) {
      const got = await f.read(`/g/h/${k}`);
      expect(got.dtype, k).toBe(array.dtype);
      expect(got.shape, k).toEqual(array.shape);
      expect(got.data, k).toEqual(array.data);
      expect(f.attrs(`/g/h/${k}`)).toEqual({ name: k });
    }
    expect(f.attrs('/g')).toEqual({ kind: 'group' });
    expect(f.attrs('/g/h')).toEqual({});
    // the contract's attribute rules: safe integers come back as numbers, others as bigint
    expect(f.attrs('/')).toEqual({ ...attrs, small: 5, bigs: [2n ** 62n, -1n] });
    expect(
      f
        .list()
        .filter((n) => n.kind === 'group')
        .map((n) => n.path),
    ).toEqual(['/g', '/g/h']);
  });
}

function writesChunkedGzip(s: Suite): void {
  it('writes chunked + gzip datasets that read back, whole and sliced', async () => {
    const data = Float64Array.from({ length: 6 * 10 }, (_, i) => Math.sin(i) * 1000);
    const bytes = await s.backend.write(undefined, {
      datasets: [{ path: '/coef', array: { dtype: 'float64', shape: [6, 10], data }, chunks: [2, 5], gzip: 9 }],
    });
    const f = await s.openBytes(bytes!);
    const info = dataset(f, '/coef');
    expect([info.layout, info.chunks, info.filters.map((x) => x.id)]).toEqual(['chunked', [2, 5], [1]]);
    expect((await f.read('/coef')).data).toEqual(data);
    expect(Array.from((await f.read('/coef', { rows: [1, 4], cols: [9, 0] })).data as Float64Array)).toEqual(
      gather(Array.from(data), 10, [1, 4], [9, 0]),
    );
  });
}

function writesShuffledOrRefuses(s: Suite): void {
  it(
    s.unsupported.has('shuffle')
      ? 'refuses shuffle with NOT_SUPPORTED (never drops it silently)'
      : 'writes chunked + shuffle + gzip',
    async () => {
      const data = Float64Array.from({ length: 40 }, (_, i) => i / 7);
      const request: FileToWrite = {
        datasets: [
          {
            path: '/coef',
            array: { dtype: 'float64', shape: [4, 10], data },
            chunks: [2, 10],
            gzip: 4,
            shuffle: true,
          },
        ],
      };
      if (s.unsupported.has('shuffle')) {
        expect(await codeOf(() => s.backend.write(undefined, request))).toBe('NOT_SUPPORTED');
        return;
      }
      const f = await s.openBytes((await s.backend.write(undefined, request))!);
      expect(dataset(f, '/coef').filters.map((x) => x.id)).toEqual([2, 1]);
      expect((await f.read('/coef')).data).toEqual(data);
    },
  );
}

function writesBoolsOrRefuses(s: Suite): void {
  it(
    s.unsupported.has('bool')
      ? 'refuses bools with NOT_SUPPORTED'
      : "writes bools as h5py's enum (datasets and attributes)",
    async () => {
      const request: FileToWrite = {
        attrs: { flag: true },
        datasets: [{ path: '/b', array: { dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) } }],
      };
      if (s.unsupported.has('bool')) {
        expect(await codeOf(() => s.backend.write(undefined, request))).toBe('NOT_SUPPORTED');
        expect(await codeOf(() => s.backend.write(undefined, { attrs: { flag: false }, datasets: [] }))).toBe(
          'NOT_SUPPORTED',
        );
        return;
      }
      const f = await s.openBytes((await s.backend.write(undefined, request))!);
      expect(await f.read('/b')).toEqual({ dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) });
      expect(f.attrs()).toEqual({ flag: true });
    },
  );
}

function writesCompressedStringsOrRefuses(s: Suite): void {
  it(
    s.unsupported.has('compressed-strings')
      ? 'refuses gzip on strings with NOT_SUPPORTED'
      : 'writes gzip-compressed strings',
    async () => {
      const request: FileToWrite = {
        datasets: [{ path: '/s', array: { dtype: 'utf8', shape: [2], data: ['a', 'b'] }, chunks: [2], gzip: 4 }],
      };
      if (s.unsupported.has('compressed-strings')) {
        expect(await codeOf(() => s.backend.write(undefined, request))).toBe('NOT_SUPPORTED');
        return;
      }
      const f = await s.openBytes((await s.backend.write(undefined, request))!);
      expect((await f.read('/s')).data).toEqual(['a', 'b']);
    },
  );
}

function refusesMalformedWrites(s: Suite): void {
  it('INVALID_INPUT for malformed requests, before anything is written', async () => {
    const f64 = (n: number) => new Float64Array(n);
    const bad: FileToWrite[] = [
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [2, 3], data: f64(5) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [2], data: Int32Array.of(1, 2) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'int64', shape: [2], data: f64(2) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [4], data: f64(4) }, gzip: 4 }] },
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [4], data: f64(4) }, chunks: [2, 2] }] },
      { datasets: [{ path: '/a', array: { dtype: 'float64', shape: [4], data: f64(4) }, chunks: [2], gzip: 12 }] },
      {
        datasets: [
          { path: '/a', array: { dtype: 'float64', shape: [1], data: f64(1) } },
          { path: '/a', array: { dtype: 'float64', shape: [1], data: f64(1) } },
        ],
      },
      {
        datasets: [
          { path: '/a', array: { dtype: 'float64', shape: [1], data: f64(1) } },
          { path: '/a/b', array: { dtype: 'float64', shape: [1], data: f64(1) } },
        ],
      },
      { datasets: [{ path: '/', array: { dtype: 'float64', shape: [1], data: f64(1) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'other', shape: [1], data: f64(1) } }] },
      { datasets: [{ path: '/a', array: { dtype: 'utf8', shape: [1], data: [1] as unknown as string[] } }] },
      { attrs: { x: [1, 'a'] as unknown as number[] }, datasets: [] },
      { attrs: { x: 2n ** 64n }, datasets: [] },
    ];
    for (const request of bad)
      expect(
        await codeOf(() => s.backend.write(undefined, request)),
        JSON.stringify(request, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toBe('INVALID_INPUT');
  });
}

function writesAtomically(s: Suite): void {
  it.runIf(s.supportsPaths)(
    'writes to a path atomically: resolves undefined, replaces the old file, leaves no temp files',
    async () => {
      const dir = mkdtempSync(join(s.scratch, 'atomic-'));
      const target = join(dir, 'model.h5');
      expect(await s.backend.write(target, model())).toBeUndefined();
      const f = await s.backend.open(target);
      s.opened.push(f);
      expect(values(await f.read('/intercept'))).toEqual([-0.125]);
      const next = model();
      next.attrs = { format: 'second' };
      await s.backend.write(target, next);
      const g = await s.backend.open(target);
      s.opened.push(g);
      expect(g.attrs()).toEqual({ format: 'second' });
      expect(readdirSync(dir)).toEqual(['model.h5']);
    },
  );
}

function keepsOldFileOnFailure(s: Suite): void {
  it.runIf(s.supportsPaths)('keeps the old file intact when a write fails part-way', async () => {
    const dir = mkdtempSync(join(s.scratch, 'failing-'));
    const target = join(dir, 'model.h5');
    writeFileSync(target, readFileSync(s.fixture('dtypes.h5')));
    const before = readFileSync(target);
    const failing = model();
    // the second dataset is broken: the first one is valid and may already have been written
    failing.datasets = [
      failing.datasets[0]!,
      { path: '/broken', array: { dtype: 'float64', shape: [3], data: new Float64Array(2) } },
    ];
    expect(await codeOf(() => s.backend.write(target, failing))).toBe('INVALID_INPUT');
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['model.h5']);
    expect(await codeOf(() => s.backend.write(join(dir, 'missing-folder', 'model.h5'), model()))).toBe('WRITE_FAILED');
    expect(readdirSync(dir)).toEqual(['model.h5']);
  });
}

function h5pyReadsWhatWasWritten(s: Suite): void {
  it.runIf(s.writesHdf5)('writes files that real h5py reads with the right dtypes, shapes and values', async () => {
    const bytes = await s.backend.write(undefined, {
      attrs: { format: 'icepickle', n_features_in: 4, ratio: 0.5, names: ['a', 'b'], big: 2n ** 60n },
      groups: [{ path: '/meta', attrs: { note: 'ünïcode' } }],
      datasets: [
        {
          path: '/coef',
          array: { dtype: 'float64', shape: [2, 4], data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8.5) },
          chunks: [1, 4],
          gzip: 6,
        },
        { path: '/intercept', array: { dtype: 'float64', shape: [], data: Float64Array.of(151.78909952606634) } },
        { path: '/classes', array: { dtype: 'utf8', shape: [2], data: ['spam', 'hâm'] } },
        { path: '/meta/ids', array: { dtype: 'int64', shape: [2], data: BigInt64Array.of(2n ** 62n, -3n) } },
        { path: '/meta/f32', array: { dtype: 'float32', shape: [1], data: Float32Array.of(0.5) } },
        { path: '/meta/i32', array: { dtype: 'int32', shape: [2], data: Int32Array.of(-5, 6) } },
        { path: '/meta/u8', array: { dtype: 'uint8', shape: [2], data: Uint8Array.of(0, 255) } },
      ],
    });
    const path = join(s.scratch, 'for-h5py.h5');
    writeFileSync(path, bytes!);
    const seen = readWithH5py(path);
    expect(seen['/coef']).toMatchObject({
      kind: 'dataset',
      dtype: '<f8',
      shape: [2, 4],
      values: [1, 2, 3, 4, 5, 6, 7, 8.5],
      chunks: [1, 4],
      compression: 'gzip',
    });
    expect(seen['/intercept']).toMatchObject({ dtype: '<f8', shape: [], values: [151.78909952606634] });
    expect(seen['/classes']).toMatchObject({ dtype: 'str:utf-8', shape: [2], values: ['spam', 'hâm'] });
    expect(seen['/meta/ids']).toMatchObject({ dtype: '<i8', shape: [2], values: [String(2n ** 62n), '-3'] });
    expect(seen['/meta/f32']).toMatchObject({ dtype: '<f4', values: [0.5] });
    expect(seen['/meta/i32']).toMatchObject({ dtype: '<i4', values: [-5, 6] });
    expect(seen['/meta/u8']).toMatchObject({ dtype: '|u1', values: [0, 255] });
    expect(seen['/meta']?.attrs.note?.values).toEqual(['ünïcode']);
    const root = seen['/']!.attrs;
    expect(root.n_features_in).toEqual({ dtype: 'int64', shape: [], values: ['4'] });
    expect(root.ratio).toEqual({ dtype: 'float64', shape: [], values: [0.5] });
    expect(root.big).toEqual({ dtype: 'int64', shape: [], values: [String(2n ** 60n)] });
    expect(root.names?.values).toEqual(['a', 'b']);
    expect(root.format?.values).toEqual(['icepickle']);
  });
}
