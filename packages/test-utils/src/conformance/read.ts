/** Conformance, read(): whole datasets and selections of every dtype and layout; types outside the DType set. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sklearnFixtures } from '../fixtures.js';
import { codeOf, values, dataset, gather, DATA_CTOR, type Suite } from './suite.js';

export function typesTests(s: Suite): void {
  describe('other integer widths, byte orders and types with no DType', () => {
    readsOtherIntegerWidths(s);
    refusesTypesWithNoDType(s);
    mapsAttributeTypes(s);
  });
}

export function readTests(s: Suite): void {
  describe('read()', () => {
    readsEveryDtype(s);
    readsScalars(s);
    acceptsRelativePaths(s);
    readsEveryLayout(s);
    readsRowRanges(s);
    readsColumnLists(s);
    selectsFromNonFloatDatasets(s);
    readsSklearnCoefficients(s);
    readsConcurrently(s);
  });
}

function readsOtherIntegerWidths(s: Suite): void {
  it('lists and reads int8/int16/uint16/uint32/uint64 and big-endian data in native order', async () => {
    const f = await s.open('more-types.h5');
    const cases: Array<[string, string, number, unknown]> = [
      ['/int8', 'int8', 1, Int8Array.of(-128, 127)],
      ['/int16', 'int16', 2, Int16Array.of(-32768, 32767)],
      ['/uint16', 'uint16', 2, Uint16Array.of(0, 65535)],
      ['/uint32', 'uint32', 4, Uint32Array.of(0, 2 ** 32 - 1)],
      ['/uint64', 'uint64', 8, BigUint64Array.of(0n, 2n ** 64n - 1n)],
      ['/big_endian', 'float64', 8, Float64Array.of(1.5, -2.5)],
      ['/big_endian_i4', 'int32', 4, Int32Array.of(1, -2)],
    ];
    for (const [path, dtype, itemSize, data] of cases) {
      const info = dataset(f, path);
      expect([info.dtype, info.itemSize], path).toEqual([dtype, itemSize]);
      expect(await f.read(path), path).toEqual({ dtype, shape: [2], data });
    }
  });
}

function refusesTypesWithNoDType(s: Suite): void {
  it("lists compound, float16, non-bool enum and reference datasets as 'other' and refuses to read them (INVALID_DTYPE)", async () => {
    const f = await s.open('more-types.h5');
    for (const path of ['/compound', '/float16', '/enum', '/reference']) {
      const info = dataset(f, path);
      expect(info.dtype, path).toBe('other');
      expect(typeof info.typeDescription, path).toBe('string');
      expect(await codeOf(() => f.read(path)), path).toBe('INVALID_DTYPE');
    }
    // h5py.Empty (a null dataspace): no values of any type: 'other', never read
    expect(dataset(f, '/empty').dtype).toBe('other');
    expect(dataset(f, '/empty').typeDescription).toMatch(/null dataspace/i);
    expect(await codeOf(() => f.read('/empty'))).toBe('INVALID_DTYPE');
    expect(dataset(f, '/compound').shape).toEqual([1]);
    expect(dataset(f, '/enum').shape).toEqual([3]);
  });
}

function mapsAttributeTypes(s: Suite): void {
  it('maps attribute types by the contract: uint64 beyond 2^53 → bigint, small ints → numbers, bool arrays → 0/1, no-value types left out', async () => {
    const f = await s.open('more-types.h5');
    expect(f.attrs('/')).toEqual({ bools: [1, 0], i8s: [-1, 1], u64: 2n ** 64n - 1n });
  });
}

function readsEveryDtype(s: Suite): void {
  it("reads every dtype whole, with the contract's array types", async () => {
    const f = await s.open('dtypes.h5');
    const dtypes: Record<string, string> = {
      float64: 'float64',
      float32: 'float32',
      int64: 'int64',
      int32: 'int32',
      uint8: 'uint8',
      bool: 'bool',
      utf8_vlen: 'utf8',
      ascii_fixed: 'utf8',
      utf8_fixed: 'utf8',
      scalar_f64: 'float64',
      scalar_i64: 'int64',
      'models/a/coef': 'float64',
    };
    for (const [path, dtype] of Object.entries(dtypes)) {
      const a = await f.read(`/${path}`);
      const want = s.expected.dtypes[path]!;
      expect(a.dtype, path).toBe(dtype);
      expect(a.shape, path).toEqual(want.shape);
      expect(values(a), path).toEqual(want.values);
      if (dtype === 'utf8') expect(Array.isArray(a.data), path).toBe(true);
      else expect(a.data.constructor.name, path).toBe(DATA_CTOR[dtype]);
    }
  });
}

function readsScalars(s: Suite): void {
  it('gives rank-0 datasets shape [] and one value', async () => {
    const f = await s.open('dtypes.h5');
    const a = await f.read('/scalar_f64');
    expect(a.shape).toEqual([]);
    expect(a.data.length).toBe(1);
    expect(a.data[0]).toBe(151.78909952606634);
    const b = await f.read('/scalar_i64');
    expect(b.data).toEqual(BigInt64Array.of(-5n));
  });
}

function acceptsRelativePaths(s: Suite): void {
  it('accepts relative paths as absolute', async () => {
    const f = await s.open('dtypes.h5');
    expect(values(await f.read('models/a/coef'))).toEqual(s.expected.dtypes['models/a/coef']!.values);
  });
}

const matrixSets = ['/contiguous', '/chunked', '/gzip', '/gzip_shuffle', '/fletcher32'];

function readsEveryLayout(s: Suite): void {
  it('reads every layout and decodable filter (deflate, shuffle, fletcher32) whole', async () => {
    const f = await s.open('layouts.h5');
    for (const p of matrixSets) {
      const a = await f.read(p);
      expect(a.shape, p).toEqual([7, 9]);
      expect(Array.from(a.data as Float64Array), p).toEqual(s.expected.layouts.matrix);
    }
    expect(Array.from((await f.read('/compact')).data as Float64Array)).toEqual(s.expected.layouts.compact);
    expect(Array.from((await f.read('/vector')).data as Float64Array)).toEqual(s.expected.layouts.matrix.slice(0, 9));
  });
}

function readsRowRanges(s: Suite): void {
  it('reads rows [a, b)', async () => {
    const f = await s.open('layouts.h5');
    for (const p of matrixSets) {
      for (const rows of [
        [0, 7],
        [2, 5],
        [6, 7],
        [3, 3],
      ] as Array<[number, number]>) {
        const a = await f.read(p, { rows });
        expect(a.shape, `${p} ${rows}`).toEqual([rows[1] - rows[0], 9]);
        expect(Array.from(a.data as Float64Array), `${p} ${rows}`).toEqual(gather(s.expected.layouts.matrix, 9, rows));
      }
    }
    const v = await f.read('/vector', { rows: [3, 8] });
    expect(v.shape).toEqual([5]);
    expect(Array.from(v.data as Float64Array)).toEqual(s.expected.layouts.matrix.slice(3, 8));
  });
}

function readsColumnLists(s: Suite): void {
  it('reads arbitrary column lists (unsorted, duplicates, far apart, empty), with or without rows', async () => {
    const f = await s.open('layouts.h5');
    const colLists = [[8, 0, 0, 5], [3], [4, 3, 2, 1, 0], [0, 8], [7, 7, 7], []];
    for (const p of matrixSets) {
      for (const cols of colLists) {
        const a = await f.read(p, { cols });
        expect(a.shape, `${p} ${cols}`).toEqual([7, cols.length]);
        expect(Array.from(a.data as Float64Array), `${p} ${cols}`).toEqual(
          gather(s.expected.layouts.matrix, 9, [0, 7], cols),
        );
        const b = await f.read(p, { rows: [1, 4], cols });
        expect(b.shape).toEqual([3, cols.length]);
        expect(Array.from(b.data as Float64Array), `${p} rows+${cols}`).toEqual(
          gather(s.expected.layouts.matrix, 9, [1, 4], cols),
        );
      }
    }
    const v = await f.read('/vector', { cols: [8, 1, 1] });
    expect(v.shape).toEqual([3]);
    expect(Array.from(v.data as Float64Array)).toEqual([8, 1, 1].map((j) => s.expected.layouts.matrix[j]));
  });
}

function selectsFromNonFloatDatasets(s: Suite): void {
  it('selects from strings, int64 and bool datasets too', async () => {
    const f = await s.open('dtypes.h5');
    expect((await f.read('/utf8_vlen', { rows: [1, 3] })).data).toEqual(['versicolor', 'virginica']);
    expect((await f.read('/utf8_vlen', { cols: [3, 0] })).data).toEqual(['naïve ☃', 'setosa']);
    expect((await f.read('/ascii_fixed', { cols: [2, 2] })).data).toEqual(['maybe', 'maybe']);
    expect((await f.read('/int64', { cols: [2, 0] })).data).toEqual(BigInt64Array.of(2n ** 53n + 1n, 0n));
    expect((await f.read('/bool', { rows: [1, 3] })).data).toEqual(Uint8Array.of(0, 1));
    expect((await f.read('/int32', { rows: [2, 3], cols: [1] })).data).toEqual(Int32Array.of(-(2 ** 31)));
  });
}

function readsSklearnCoefficients(s: Suite): void {
  it('reads the coefficients of scikit-learn models exactly', async () => {
    for (const model of ['logreg_iris', 'linreg_diabetes', 'sgd_hinge_breast_cancer', 'linreg_linnerud_multioutput']) {
      const meta = JSON.parse(readFileSync(join(sklearnFixtures, 'models', `${model}.json`), 'utf8'));
      const f = s.supportsPaths
        ? await s.backend.open(join(sklearnFixtures, 'models', `${model}.h5`))
        : await s.backend.open(new Uint8Array(readFileSync(join(sklearnFixtures, 'models', `${model}.h5`))));
      s.opened.push(f);
      const coef = await f.read('/coef');
      expect(coef.shape).toEqual(meta.coef_shape);
      expect(Array.from(coef.data as Float64Array)).toEqual([meta.coef].flat(2));
      const intercept = await f.read('/intercept');
      expect(intercept.shape).toEqual(meta.intercept_shape);
      expect(Array.from(intercept.data as Float64Array)).toEqual([meta.intercept].flat());
      if (meta.classes) {
        const classes = await f.read('/classes');
        expect(classes.dtype).toBe('int64');
        expect(Array.from(classes.data as BigInt64Array, Number)).toEqual(meta.classes);
      }
      if (meta.coef_shape.length === 2) {
        const part = await f.read('/coef', { cols: [2, 0, 2] });
        expect(Array.from(part.data as Float64Array)).toEqual(
          (meta.coef as number[][]).flatMap((row) => [row[2], row[0], row[2]]),
        );
      }
    }
  });
}

function readsConcurrently(s: Suite): void {
  it('can read many times and from several open files at once', async () => {
    const [a, b] = await Promise.all([s.open('dtypes.h5'), s.open('layouts.h5')]);
    const [x, y, z] = await Promise.all([a.read('/float64'), b.read('/gzip', { rows: [0, 1] }), a.read('/float64')]);
    expect(values(x)).toEqual(s.expected.dtypes.float64!.values);
    expect(values(z)).toEqual(values(x));
    expect(Array.from(y.data as Float64Array)).toEqual(s.expected.layouts.matrix.slice(0, 9));
  });
}
