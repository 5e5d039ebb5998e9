/**
 * The storage backend conformance suite: every promise of core's storage contract
 * (packages/core/src/storage/types.ts), checked against files written by real h5py
 * (fixtures/storage, made by fixtures/generate_storage.py) and scikit-learn's model files, and every
 * file a backend writes is read back by h5py (/usr/bin/python3). Every backend runs it unchanged, so
 * they answer the same files with the same values and the same error codes.
 *
 * Filters a backend must decode: deflate (1), shuffle (2), fletcher32 (3) — the strict profile's
 * allowlist. Anything else is UNSUPPORTED_FILTER on read, never garbage.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isIcepickleError,
  type AttrValue,
  type DatasetInfo,
  type FileToWrite,
  type IcepickleError,
  type IcepickleErrorCode,
  type StorageBackend,
  type StoredArray,
  type StoredFile,
} from '@icepickle/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sklearnFixtures } from './fixtures.js';

/** Folder of the h5py-written files the suite reads. */
export const storageFixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'storage');
const PYTHON = '/usr/bin/python3';

/** Writes a backend may refuse with NOT_SUPPORTED (and then must refuse, never write something else). */
export type OptionalWrite = 'bool' | 'shuffle' | 'compressed-strings';

export interface ConformanceOptions {
  /** The backend opens and writes file paths (Node). Default true. Without, bytes only. */
  supportsPaths?: boolean;
  /** Writes this backend refuses with NOT_SUPPORTED; everything else must work. Default none. */
  unsupportedWrites?: readonly OptionalWrite[];
}

interface Expected {
  dtypes: Record<string, { shape: number[]; values: Array<number | string> }>;
  layouts: { matrix: number[]; compact: number[] };
}

/** Runs an async function and returns the IcepickleError code it rejects with (fails if it resolves). */
async function codeOf(run: () => Promise<unknown>): Promise<IcepickleErrorCode | string> {
  try {
    await run();
  } catch (error) {
    if (isIcepickleError(error)) {
      expectStructured(error);
      return error.code;
    }
    return `not an IcepickleError: ${String(error)}`;
  }
  return 'resolved';
}

/** Errors are data: a scope, a non-empty detail and the file they are about, never a message to parse. */
function expectStructured(error: IcepickleError): void {
  expect(typeof error.code).toBe('string');
  expect(error.detail.length, `detail of: ${error.message}`).toBeGreaterThan(0);
  // Core's backend-kit helpers still raise the deprecated pre-composed form (message === detail, no
  // scope) until their conversion lands (issue 20); then every error takes the checks below.
  if (error.message === error.detail) return;
  expect(error.scope, `scope of: ${error.message}`).toBeTruthy();
  expect(error.file, `file of: ${error.message}`).toBeTruthy();
}

function values(a: StoredArray): Array<number | string> {
  const data = a.data as ArrayLike<number | bigint | string>;
  return Array.from(data, (v) => (typeof v === 'bigint' ? v.toString() : v));
}

function dataset(file: StoredFile, path: string): DatasetInfo {
  const node = file.list().find((n) => n.path === path);
  expect(node, `listed: ${path}`).toBeDefined();
  expect(node!.kind).toBe('dataset');
  return node as DatasetInfo;
}

/** Row-major gather of rows [r0, r1) and columns `cols` from a row-major matrix with `width` columns. */
function gather(
  matrix: readonly number[],
  width: number,
  rows: readonly [number, number],
  cols?: readonly number[],
): number[] {
  const out: number[] = [];
  for (let i = rows[0]; i < rows[1]; i++) {
    for (const j of cols ?? Array.from({ length: width }, (_, k) => k)) out.push(matrix[i * width + j]!);
  }
  return out;
}

const DATA_CTOR: Record<string, string> = {
  float64: 'Float64Array',
  float32: 'Float32Array',
  int64: 'BigInt64Array',
  int32: 'Int32Array',
  uint8: 'Uint8Array',
  bool: 'Uint8Array',
};

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
  const text = execFileSync(PYTHON, ['-c', H5PY_DUMP, path], { encoding: 'utf8', timeout: 30_000 });
  const parsed = JSON.parse(text) as Record<string, H5pyEntry>;
  // visit('', f) stored the root under "/"; visititems names have no leading slash
  return parsed;
}

export function testBackendConformance(
  name: string,
  makeBackend: () => StorageBackend | Promise<StorageBackend>,
  options: ConformanceOptions = {},
): void {
  const supportsPaths = options.supportsPaths ?? true;
  const unsupported = new Set(options.unsupportedWrites ?? []);
  const expected = JSON.parse(readFileSync(join(storageFixtures, 'expected.json'), 'utf8')) as Expected;
  const fixture = (file: string) => join(storageFixtures, file);

  describe(`storage backend conformance: ${name}`, () => {
    let backend: StorageBackend;
    let scratch: string;
    const opened: StoredFile[] = [];

    /** Opens a fixture by path where the backend supports paths, else by bytes (labelled with its name). */
    const open = async (file: string): Promise<StoredFile> => {
      const f = supportsPaths
        ? await backend.open(fixture(file))
        : await backend.open(new Uint8Array(readFileSync(fixture(file))), { label: file });
      opened.push(f);
      return f;
    };
    const openBytes = async (bytes: Uint8Array): Promise<StoredFile> => {
      const f = await backend.open(bytes);
      opened.push(f);
      return f;
    };

    beforeAll(async () => {
      backend = await makeBackend();
      scratch = mkdtempSync(join(tmpdir(), 'icepickle-conformance-'));
    });
    afterAll(async () => {
      for (const f of opened) await f.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('has a name', () => {
      expect(typeof backend.name).toBe('string');
      expect(backend.name.length).toBeGreaterThan(0);
    });

    it('declares the optional writes it lacks in capabilities', () => {
      expect(backend.capabilities?.shuffle !== false).toBe(!unsupported.has('shuffle'));
      expect(backend.capabilities?.bool !== false).toBe(!unsupported.has('bool'));
    });

    describe('list()', () => {
      it('lists every object depth first, names sorted, root excluded, with dtype / itemSize / shape', async () => {
        const f = await open('dtypes.h5');
        expect(f.list().map((n) => `${n.kind}:${n.path}`)).toEqual([
          'dataset:/ascii_fixed',
          'dataset:/bool',
          'dataset:/float32',
          'dataset:/float64',
          'dataset:/int32',
          'dataset:/int64',
          'group:/models',
          'group:/models/a',
          'dataset:/models/a/coef',
          'dataset:/scalar_f64',
          'dataset:/scalar_i64',
          'dataset:/uint8',
          'dataset:/utf8_fixed',
          'dataset:/utf8_vlen',
        ]);
        const pick = (p: string) => {
          const d = dataset(f, p);
          return [d.dtype, d.itemSize, d.shape, d.layout, d.external, d.filters.length];
        };
        expect(pick('/float64')).toEqual(['float64', 8, [3, 4], 'contiguous', false, 0]);
        expect(pick('/float32')).toEqual(['float32', 4, [4], 'contiguous', false, 0]);
        expect(pick('/int64')).toEqual(['int64', 8, [5], 'contiguous', false, 0]);
        expect(pick('/int32')).toEqual(['int32', 4, [3, 2], 'contiguous', false, 0]);
        expect(pick('/uint8')).toEqual(['uint8', 1, [4], 'contiguous', false, 0]);
        expect(pick('/bool')).toEqual(['bool', 1, [4], 'contiguous', false, 0]);
        expect(pick('/utf8_vlen')).toEqual(['utf8', 16, [4], 'contiguous', false, 0]);
        expect(pick('/ascii_fixed')).toEqual(['utf8', 5, [3], 'contiguous', false, 0]);
        expect(pick('/utf8_fixed')).toEqual(['utf8', 4, [2], 'contiguous', false, 0]);
        expect(pick('/scalar_f64')).toEqual(['float64', 8, [], 'contiguous', false, 0]);
        expect(pick('/scalar_i64')).toEqual(['int64', 8, [], 'contiguous', false, 0]);
        expect(dataset(f, '/float64').chunks).toBeUndefined();
      });

      it('reports layouts (contiguous, chunked, compact), chunk shapes and filters with their ids', async () => {
        const f = await open('layouts.h5');
        const summary = Object.fromEntries(
          f.list().map((n) => {
            const d = n as DatasetInfo;
            return [
              n.path,
              { layout: d.layout, chunks: d.chunks ?? null, filters: d.filters.map((x) => x.id), external: d.external },
            ];
          }),
        );
        expect(summary).toEqual({
          '/chunked': { layout: 'chunked', chunks: [3, 4], filters: [], external: false },
          '/compact': { layout: 'compact', chunks: null, filters: [], external: false },
          '/contiguous': { layout: 'contiguous', chunks: null, filters: [], external: false },
          '/fletcher32': { layout: 'chunked', chunks: [7, 9], filters: [3], external: false },
          '/gzip': { layout: 'chunked', chunks: [3, 4], filters: [1], external: false },
          '/gzip_shuffle': { layout: 'chunked', chunks: [2, 5], filters: [2, 1], external: false },
          '/lzf': { layout: 'chunked', chunks: [3, 4], filters: [32000], external: false },
          '/vector': { layout: 'chunked', chunks: [4], filters: [1], external: false },
        });
        const names = Object.fromEntries(dataset(f, '/gzip_shuffle').filters.map((x) => [x.id, x.name]));
        expect(names[1]).toMatch(/deflate/i);
        expect(names[2]).toMatch(/shuffle/i);
        expect(dataset(f, '/lzf').filters[0]!.name).toMatch(/lzf/i);
      });

      it('lists soft and external links as links, with targets, and never follows them', async () => {
        const f = await open('links.h5');
        const byPath = Object.fromEntries(f.list().map((n) => [n.path, n]));
        expect(Object.keys(byPath)).toEqual([
          '/dangling',
          '/data',
          '/ext',
          '/ext_group',
          '/grp',
          '/grp/x',
          '/hard_alias',
          '/soft',
          '/soft_group',
        ]);
        expect(byPath['/soft']).toEqual({ kind: 'soft-link', path: '/soft', target: '/data' });
        expect(byPath['/soft_group']).toEqual({ kind: 'soft-link', path: '/soft_group', target: '/grp' });
        expect(byPath['/dangling']).toEqual({ kind: 'soft-link', path: '/dangling', target: '/nowhere' });
        expect(byPath['/ext']).toEqual({ kind: 'external-link', path: '/ext', target: 'links-target.h5:/secret' });
        expect(byPath['/ext_group']).toEqual({
          kind: 'external-link',
          path: '/ext_group',
          target: 'links-target.h5:/grp',
        });
        // a second hard link is just another name for the same dataset
        expect(byPath['/hard_alias']?.kind).toBe('dataset');
        expect(f.list().some((n) => n.path.startsWith('/soft_group/') || n.path.startsWith('/ext_group/'))).toBe(false);
      });

      it('flags datasets whose data lives in other files (external storage, virtual datasets)', async () => {
        const ext = await open('external.h5');
        expect(dataset(ext, '/outside').external).toBe(true);
        expect(dataset(ext, '/coef').external).toBe(false);
        expect(dataset(ext, '/outside').shape).toEqual([4]);
        const vds = await open('virtual.h5');
        expect(dataset(vds, '/vds').layout).toBe('virtual');
        expect(dataset(vds, '/vds').shape).toEqual([3]);
        expect(dataset(vds, '/plain').layout).toBe('contiguous');
      });

      it('describes files with version-2 object headers (libver latest) and with a user block', async () => {
        const latest = await open('latest.h5');
        const summary = (f: StoredFile) =>
          Object.fromEntries(
            f.list().map((n) => {
              const d = n as DatasetInfo;
              return [n.path, [d.layout, d.chunks ?? null, d.filters.map((x) => x.id), d.external, d.shape]];
            }),
          );
        expect(summary(latest)).toEqual({
          '/chunked': ['chunked', [1, 3], [1], false, [2, 3]],
          '/compact': ['compact', null, [], false, [3]],
          '/contiguous': ['contiguous', null, [], false, [4]],
          '/outside': ['contiguous', null, [], true, [2]],
        });
        // 20 attributes: past 8, HDF5 keeps them in dense storage (a fractal heap)
        expect(latest.attrs('/contiguous')).toEqual(
          Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a${String(i).padStart(2, '0')}`, i])),
        );
        expect(values(await latest.read('/compact'))).toEqual([7, 8, 9]);
        expect(values(await latest.read('/chunked', { cols: [2] }))).toEqual([2, 5]);
        expect(await codeOf(() => latest.read('/outside'))).toBe('UNSAFE_FILE');
        const ub = await open('userblock.h5');
        expect(summary(ub)).toEqual({
          '/chunked': ['chunked', [1], [], false, [2]],
          '/data': ['contiguous', null, [], false, [2]],
        });
        expect(Object.keys(ub.attrs('/data'))).toHaveLength(40);
        expect(values(await ub.read('/data'))).toEqual([3, 4]);
      });

      it('lists links and storage that point at host files, and refuses to read them', async () => {
        const f = await open('hostile-paths.h5');
        const byPath = Object.fromEntries(f.list().map((n) => [n.path, n]));
        expect(byPath['/passwd']).toEqual({ kind: 'external-link', path: '/passwd', target: '/etc/passwd:/x' });
        expect((byPath['/hostname'] as DatasetInfo).external).toBe(true);
        expect((byPath['/vds'] as DatasetInfo).layout).toBe('virtual');
        for (const p of ['/passwd', '/hostname', '/vds']) expect(await codeOf(() => f.read(p)), p).toBe('UNSAFE_FILE');
        expect(values(await f.read('/coef'))).toEqual([1]);
      });

      it('describes scikit-learn models saved by Python icepickle as h5py reports them', async () => {
        const models = readdirSync(join(sklearnFixtures, 'models')).filter((n) => n.endsWith('.h5'));
        expect(models.length).toBeGreaterThan(10);
        const dtypeOf: Record<string, string> = { '<f8': 'float64', '<i8': 'int64' };
        for (const model of models) {
          const meta = JSON.parse(
            readFileSync(join(sklearnFixtures, 'models', model.replace(/\.h5$/, '.json')), 'utf8'),
          );
          const f = supportsPaths
            ? await backend.open(join(sklearnFixtures, 'models', model))
            : await backend.open(new Uint8Array(readFileSync(join(sklearnFixtures, 'models', model))));
          opened.push(f);
          const listed = Object.fromEntries(
            f.list().map((n) => {
              const d = n as DatasetInfo;
              return [n.path.slice(1), { shape: [...d.shape], dtype: d.dtype, layout: d.layout }];
            }),
          );
          const want = Object.fromEntries(
            Object.entries(meta.h5_datasets as Record<string, { shape: number[]; dtype: string; layout: string }>).map(
              ([k, v]) => [k, { shape: v.shape, dtype: dtypeOf[v.dtype] ?? v.dtype, layout: v.layout }],
            ),
          );
          expect(listed, model).toEqual(want);
        }
      });
    });

    describe('other integer widths, byte orders and types with no DType', () => {
      it('lists and reads int8/int16/uint16/uint32/uint64 and big-endian data in native order', async () => {
        const f = await open('more-types.h5');
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

      it("lists compound, float16, non-bool enum and reference datasets as 'other' and refuses to read them (INVALID_DTYPE)", async () => {
        const f = await open('more-types.h5');
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

      it('maps attribute types by the contract: uint64 beyond 2^53 → bigint, small ints → numbers, bool arrays → 0/1, no-value types left out', async () => {
        const f = await open('more-types.h5');
        expect(f.attrs('/')).toEqual({ bools: [1, 0], i8s: [-1, 1], u64: 2n ** 64n - 1n });
      });
    });

    describe('attrs()', () => {
      it('reads root attributes: strings, numbers, booleans, arrays, int64 beyond 2^53 as bigint', async () => {
        const f = await open('dtypes.h5');
        expect(f.attrs()).toEqual(f.attrs('/'));
        expect(f.attrs('/')).toEqual({
          big: 2n ** 60n + 1n,
          f32: 1.5,
          fixed: 'fixed-ascii',
          flag: true,
          floats: [0.5, -1.5],
          format: 'icepickle-test',
          i32s: [7, 8],
          ints: [1, -2, 3],
          names: ['alpha', 'béta'],
          one: [42],
          ratio: 0.125,
          version: 3,
        });
      });

      it('reads attributes of groups and datasets, nested too', async () => {
        const f = await open('dtypes.h5');
        expect(f.attrs('/float64')).toEqual({ unit: 'm', scale: 2.5 });
        expect(f.attrs('/models')).toEqual({ count: 1 });
        expect(f.attrs('/models/a')).toEqual({ estimator: 'SGDClassifier' });
        expect(f.attrs('/models/a/coef')).toEqual({ rows: 2 });
        expect(f.attrs('/int64')).toEqual({});
      });

      it('refuses missing objects (MISSING_DATASET) and links (UNSAFE_FILE)', async () => {
        const f = await open('dtypes.h5');
        expect(await codeOf(async () => f.attrs('/nope'))).toBe('MISSING_DATASET');
        const l = await open('links.h5');
        expect(await codeOf(async () => l.attrs('/soft'))).toBe('UNSAFE_FILE');
        expect(await codeOf(async () => l.attrs('/ext'))).toBe('UNSAFE_FILE');
        expect(await codeOf(async () => l.attrs('/soft_group/x'))).toBe('UNSAFE_FILE');
      });
    });

    describe('read()', () => {
      it("reads every dtype whole, with the contract's array types", async () => {
        const f = await open('dtypes.h5');
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
          const want = expected.dtypes[path]!;
          expect(a.dtype, path).toBe(dtype);
          expect(a.shape, path).toEqual(want.shape);
          expect(values(a), path).toEqual(want.values);
          if (dtype === 'utf8') expect(Array.isArray(a.data), path).toBe(true);
          else expect(a.data.constructor.name, path).toBe(DATA_CTOR[dtype]);
        }
      });

      it('gives rank-0 datasets shape [] and one value', async () => {
        const f = await open('dtypes.h5');
        const a = await f.read('/scalar_f64');
        expect(a.shape).toEqual([]);
        expect(a.data.length).toBe(1);
        expect(a.data[0]).toBe(151.78909952606634);
        const b = await f.read('/scalar_i64');
        expect(b.data).toEqual(BigInt64Array.of(-5n));
      });

      it('accepts relative paths as absolute', async () => {
        const f = await open('dtypes.h5');
        expect(values(await f.read('models/a/coef'))).toEqual(expected.dtypes['models/a/coef']!.values);
      });

      const matrixSets = ['/contiguous', '/chunked', '/gzip', '/gzip_shuffle', '/fletcher32'];

      it('reads every layout and decodable filter (deflate, shuffle, fletcher32) whole', async () => {
        const f = await open('layouts.h5');
        for (const p of matrixSets) {
          const a = await f.read(p);
          expect(a.shape, p).toEqual([7, 9]);
          expect(Array.from(a.data as Float64Array), p).toEqual(expected.layouts.matrix);
        }
        expect(Array.from((await f.read('/compact')).data as Float64Array)).toEqual(expected.layouts.compact);
        expect(Array.from((await f.read('/vector')).data as Float64Array)).toEqual(expected.layouts.matrix.slice(0, 9));
      });

      it('reads rows [a, b)', async () => {
        const f = await open('layouts.h5');
        for (const p of matrixSets) {
          for (const rows of [
            [0, 7],
            [2, 5],
            [6, 7],
            [3, 3],
          ] as Array<[number, number]>) {
            const a = await f.read(p, { rows });
            expect(a.shape, `${p} ${rows}`).toEqual([rows[1] - rows[0], 9]);
            expect(Array.from(a.data as Float64Array), `${p} ${rows}`).toEqual(
              gather(expected.layouts.matrix, 9, rows),
            );
          }
        }
        const v = await f.read('/vector', { rows: [3, 8] });
        expect(v.shape).toEqual([5]);
        expect(Array.from(v.data as Float64Array)).toEqual(expected.layouts.matrix.slice(3, 8));
      });

      it('reads arbitrary column lists (unsorted, duplicates, far apart, empty), with or without rows', async () => {
        const f = await open('layouts.h5');
        const colLists = [[8, 0, 0, 5], [3], [4, 3, 2, 1, 0], [0, 8], [7, 7, 7], []];
        for (const p of matrixSets) {
          for (const cols of colLists) {
            const a = await f.read(p, { cols });
            expect(a.shape, `${p} ${cols}`).toEqual([7, cols.length]);
            expect(Array.from(a.data as Float64Array), `${p} ${cols}`).toEqual(
              gather(expected.layouts.matrix, 9, [0, 7], cols),
            );
            const b = await f.read(p, { rows: [1, 4], cols });
            expect(b.shape).toEqual([3, cols.length]);
            expect(Array.from(b.data as Float64Array), `${p} rows+${cols}`).toEqual(
              gather(expected.layouts.matrix, 9, [1, 4], cols),
            );
          }
        }
        const v = await f.read('/vector', { cols: [8, 1, 1] });
        expect(v.shape).toEqual([3]);
        expect(Array.from(v.data as Float64Array)).toEqual([8, 1, 1].map((j) => expected.layouts.matrix[j]));
      });

      it('selects from strings, int64 and bool datasets too', async () => {
        const f = await open('dtypes.h5');
        expect((await f.read('/utf8_vlen', { rows: [1, 3] })).data).toEqual(['versicolor', 'virginica']);
        expect((await f.read('/utf8_vlen', { cols: [3, 0] })).data).toEqual(['naïve ☃', 'setosa']);
        expect((await f.read('/ascii_fixed', { cols: [2, 2] })).data).toEqual(['maybe', 'maybe']);
        expect((await f.read('/int64', { cols: [2, 0] })).data).toEqual(BigInt64Array.of(2n ** 53n + 1n, 0n));
        expect((await f.read('/bool', { rows: [1, 3] })).data).toEqual(Uint8Array.of(0, 1));
        expect((await f.read('/int32', { rows: [2, 3], cols: [1] })).data).toEqual(Int32Array.of(-(2 ** 31)));
      });

      it('reads the coefficients of scikit-learn models exactly', async () => {
        for (const model of [
          'logreg_iris',
          'linreg_diabetes',
          'sgd_hinge_breast_cancer',
          'linreg_linnerud_multioutput',
        ]) {
          const meta = JSON.parse(readFileSync(join(sklearnFixtures, 'models', `${model}.json`), 'utf8'));
          const f = supportsPaths
            ? await backend.open(join(sklearnFixtures, 'models', `${model}.h5`))
            : await backend.open(new Uint8Array(readFileSync(join(sklearnFixtures, 'models', `${model}.h5`))));
          opened.push(f);
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

      it('can read many times and from several open files at once', async () => {
        const [a, b] = await Promise.all([open('dtypes.h5'), open('layouts.h5')]);
        const [x, y, z] = await Promise.all([
          a.read('/float64'),
          b.read('/gzip', { rows: [0, 1] }),
          a.read('/float64'),
        ]);
        expect(values(x)).toEqual(expected.dtypes.float64!.values);
        expect(values(z)).toEqual(values(x));
        expect(Array.from(y.data as Float64Array)).toEqual(expected.layouts.matrix.slice(0, 9));
      });
    });

    describe('refusals and errors (identical codes for every backend)', () => {
      it('NOT_HDF5 for a file that is not HDF5, an empty file, a truncated file (path and bytes)', async () => {
        for (const file of ['not-hdf5.h5', 'empty.h5', 'truncated.h5']) {
          if (supportsPaths) expect(await codeOf(() => backend.open(fixture(file))), file).toBe('NOT_HDF5');
          expect(await codeOf(() => backend.open(new Uint8Array(readFileSync(fixture(file))))), file).toBe('NOT_HDF5');
        }
        expect(await codeOf(() => backend.open(new Uint8Array(0)))).toBe('NOT_HDF5');
        expect(
          await codeOf(() => backend.open(new TextEncoder().encode('{"coef": [1, 2]}').buffer as ArrayBuffer)),
        ).toBe('NOT_HDF5');
        // the HDF5 signature alone, then nothing
        expect(await codeOf(() => backend.open(Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a)))).toBe(
          'NOT_HDF5',
        );
      });

      it.each(['damaged-heap.h5', 'damaged-heap-size.h5'])(
        'a damaged global heap (%s; HDF5 loops forever on it) gives a typed error, never a hang',
        async (file) => {
          const started = Date.now();
          const codes: string[] = [];
          try {
            const f = await open(file);
            for (const node of f.list()) {
              if (node.kind !== 'dataset') continue;
              codes.push(await codeOf(() => f.read(node.path)));
            }
            codes.push(String(Object.keys(f.attrs('/')).length));
          } catch (error) {
            codes.push(isIcepickleError(error) ? error.code : `not an IcepickleError: ${String(error)}`);
          }
          expect(
            codes.some((c) => ['READ_FAILED', 'NOT_HDF5'].includes(c)),
            codes.join(),
          ).toBe(true);
          expect(codes.every((c) => !c.startsWith('not an'))).toBe(true);
          expect(Date.now() - started).toBeLessThan(5000);
        },
      );

      it.runIf(supportsPaths)('FILE_NOT_FOUND for a missing path', async () => {
        expect(await codeOf(() => backend.open(join(scratch, 'does-not-exist.h5')))).toBe('FILE_NOT_FOUND');
        expect(await codeOf(() => backend.open(join(scratch, 'no-folder', 'x.h5')))).toBe('FILE_NOT_FOUND');
      });

      it('MISSING_DATASET for a missing dataset or a group', async () => {
        const f = await open('dtypes.h5');
        expect(await codeOf(() => f.read('/nope'))).toBe('MISSING_DATASET');
        expect(await codeOf(() => f.read('/models/nope'))).toBe('MISSING_DATASET');
        expect(await codeOf(() => f.read('/models'))).toBe('MISSING_DATASET');
      });

      it('UNSUPPORTED_FILTER for a filter outside deflate/shuffle/fletcher32 (h5py lzf), whole or sliced', async () => {
        const f = await open('layouts.h5');
        expect(await codeOf(() => f.read('/lzf'))).toBe('UNSUPPORTED_FILTER');
        expect(await codeOf(() => f.read('/lzf', { rows: [0, 1] }))).toBe('UNSUPPORTED_FILTER');
        expect(await codeOf(() => f.read('/lzf', { cols: [0] }))).toBe('UNSUPPORTED_FILTER');
      });

      it('UNSAFE_FILE for external storage, virtual datasets, and any path through a link', async () => {
        const ext = await open('external.h5');
        expect(await codeOf(() => ext.read('/outside'))).toBe('UNSAFE_FILE');
        expect(await codeOf(() => ext.read('/outside', { rows: [0, 1] }))).toBe('UNSAFE_FILE');
        expect(values(await ext.read('/coef'))).toEqual([1, 2]);
        const vds = await open('virtual.h5');
        expect(await codeOf(() => vds.read('/vds'))).toBe('UNSAFE_FILE');
        const l = await open('links.h5');
        for (const p of ['/soft', '/ext', '/dangling', '/soft_group/x', '/ext_group/x', '/ext_group']) {
          expect(await codeOf(() => l.read(p)), p).toBe('UNSAFE_FILE');
        }
        expect(values(await l.read('/data'))).toEqual([1, 2, 3]);
        expect(values(await l.read('/hard_alias'))).toEqual([1, 2, 3]);
        expect(values(await l.read('/grp/x'))).toEqual([4, 5]);
      });

      it('INVALID_INPUT for selections out of range or malformed', async () => {
        const f = await open('layouts.h5');
        const bad: Array<[string, unknown]> = [
          ['/gzip', { rows: [0, 8] }],
          ['/gzip', { rows: [5, 4] }],
          ['/gzip', { rows: [-1, 2] }],
          ['/gzip', { rows: [0.5, 2] }],
          ['/gzip', { cols: [9] }],
          ['/gzip', { cols: [-1] }],
          ['/gzip', { cols: [1.5] }],
          ['/contiguous', { rows: [0, 1], cols: [0, 99] }],
          ['/vector', { cols: [9] }],
          ['/vector', { rows: [0, 10] }],
        ];
        for (const [p, sel] of bad)
          expect(await codeOf(() => f.read(p, sel as never)), `${p} ${JSON.stringify(sel)}`).toBe('INVALID_INPUT');
        const d = await open('dtypes.h5');
        expect(await codeOf(() => d.read('/scalar_f64', { rows: [0, 1] }))).toBe('INVALID_INPUT');
      });

      it('LIMIT_EXCEEDED [rule: max-attribute-bytes] for an attribute over OpenOptions.maxAttributeBytes, checked before it is decoded', async () => {
        const bytes = new Uint8Array(readFileSync(fixture('dtypes.h5')));
        const all = await openBytes(bytes);
        expect(Object.keys(all.attrs('/')).length).toBeGreaterThan(0);
        let error: unknown;
        try {
          await backend.open(bytes, { maxAttributeBytes: 1 });
        } catch (e) {
          error = e;
        }
        expect((error as { code?: string })?.code).toBe('LIMIT_EXCEEDED');
        expect((error as Error).message).toMatch(/\[rule: max-attribute-bytes\]/);
        // a limit above every attribute opens the file
        await openBytes(bytes).then((f) => expect(f.attrs('/')).toEqual(all.attrs('/')));
        await backend.open(bytes, { maxAttributeBytes: 1 << 20 }).then((f) => f.close());
      });

      it('CLOSED when reading after close (close twice is fine)', async () => {
        const f = await backend.open(new Uint8Array(readFileSync(fixture('dtypes.h5'))));
        await f.close();
        await f.close();
        expect(await codeOf(() => f.read('/float64'))).toBe('CLOSED');
      });
    });

    describe('createWriter() (streaming writes, where the backend has it)', () => {
      const dirOf = () => {
        const d = join(scratch, 'stream');
        mkdirSync(d, { recursive: true });
        return d;
      };

      it('fills a chunked, gzipped (and shuffled where it can) dataset block by block and a float32 one; whole datasets and attributes as write() does', async () => {
        if (!backend.createWriter) return;
        const dir = dirOf();
        const shuffle = backend.capabilities?.shuffle !== false;
        const path = join(dir, 'streamed.h5');
        const writer = await backend.createWriter(path, {
          attrs: { kind: 'test', n: 3 },
          datasets: [{ path: '/meta/labels', array: { dtype: 'utf8', shape: [2], data: ['a', 'b'] } }],
          streamed: [
            {
              path: '/g/values',
              dtype: 'float64',
              shape: [4, 10],
              chunks: [4, 3],
              gzip: 5,
              ...(shuffle ? { shuffle: true } : {}),
              attrs: { unit: 'm' },
            },
            { path: '/small', dtype: 'float32', shape: [6] },
          ],
        });
        expect(readdirSync(dir).filter((f) => f.startsWith('.streamed.h5.'))).toHaveLength(1);
        for (let c = 0; c < 10; c += 4) {
          const w = Math.min(4, 10 - c);
          await writer.write(
            '/g/values',
            [0, c],
            [4, w],
            Float64Array.from({ length: 4 * w }, (_, i) => Math.floor(i / w) * 100 + c + (i % w)),
          );
        }
        await writer.write('small', [2], [4], Float32Array.of(0.5, 1.5, 2.5, 3.5));
        expect(await codeOf(() => writer.write('/nope', [0], [1], new Float64Array(1)))).toBe('INVALID_INPUT');
        expect(await codeOf(() => writer.write('/g/values', [0, 8], [4, 3], new Float64Array(12)))).toBe(
          'INVALID_INPUT',
        );
        expect(await codeOf(() => writer.write('/g/values', [0, 0], [4, 1], new Float32Array(4)))).toBe(
          'INVALID_INPUT',
        );
        expect(await codeOf(() => writer.write('/g/values', [0, 0], [4, 1], new Float64Array(5)))).toBe(
          'SHAPE_MISMATCH',
        );
        await writer.close();
        expect(await codeOf(() => writer.write('/small', [0], [1], new Float32Array(1)))).toBe('CLOSED');
        expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);

        const file = await backend.open(path);
        opened.push(file);
        const values = file.list().find((n) => n.path === '/g/values');
        expect(values).toMatchObject({
          dtype: 'float64',
          shape: [4, 10],
          layout: 'chunked',
          chunks: [4, 3],
          filters: shuffle ? [{ id: 2 }, { id: 1 }] : [{ id: 1 }],
        });
        expect(Array.from((await file.read('/g/values')).data as Float64Array)).toEqual(
          Array.from({ length: 40 }, (_, i) => Math.floor(i / 10) * 100 + (i % 10)),
        );
        expect(Array.from((await file.read('/small')).data as Float32Array)).toEqual([0, 0, 0.5, 1.5, 2.5, 3.5]);
        expect((await file.read('/meta/labels')).data).toEqual(['a', 'b']);
        expect(file.attrs('/')).toEqual({ kind: 'test', n: 3 });
        expect(file.attrs('/g/values')).toEqual({ unit: 'm' });
      });

      it('refuses bad specs before creating a file; abort() removes the temp file and leaves the target alone', async () => {
        if (!backend.createWriter) return;
        const dir = dirOf();
        const path = join(dir, 'refused.h5');
        const create = (spec: object) => codeOf(() => backend.createWriter!(path, spec as never));
        expect(await create({ datasets: [], streamed: [] })).toBe('INVALID_INPUT');
        expect(await create({ datasets: [], streamed: [{ path: '/x', dtype: 'int32', shape: [2] }] })).toBe(
          'INVALID_INPUT',
        );
        expect(await create({ datasets: [], streamed: [{ path: '/x', dtype: 'float64', shape: [2], gzip: 4 }] })).toBe(
          'INVALID_INPUT',
        );
        expect(
          await create({
            datasets: [{ path: '/x', array: { dtype: 'float64', shape: [1], data: Float64Array.of(1) } }],
            streamed: [{ path: '/x', dtype: 'float64', shape: [2] }],
          }),
        ).toBe('INVALID_INPUT');
        if (backend.capabilities?.shuffle === false)
          expect(
            await create({
              datasets: [],
              streamed: [{ path: '/x', dtype: 'float64', shape: [2], chunks: [2], shuffle: true }],
            }),
          ).toBe('NOT_SUPPORTED');
        expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual([]);
        await backend.write(path, {
          datasets: [{ path: '/old', array: { dtype: 'float64', shape: [1], data: Float64Array.of(42) } }],
        });
        const writer = await backend.createWriter(path, {
          datasets: [],
          streamed: [{ path: '/new', dtype: 'float64', shape: [2] }],
        });
        await writer.write('/new', [0], [2], Float64Array.of(1, 2));
        await writer.abort();
        await writer.abort();
        expect(await codeOf(() => writer.close())).toBe('CLOSED');
        expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual(['refused.h5']);
        const file = await backend.open(path);
        opened.push(file);
        expect(file.list().map((n) => n.path)).toEqual(['/old']);
      });
    });

    describe('write()', () => {
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

      it('returns the bytes of an HDF5 file without a target, which reads back', async () => {
        const bytes = await backend.write(undefined, model());
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(Array.from(bytes!.subarray(0, 8))).toEqual([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
        const f = await openBytes(bytes!);
        expect(f.list().map((n) => n.path)).toEqual(['/classes', '/coef', '/intercept']);
        expect(await f.read('/coef')).toEqual(model().datasets[0]!.array);
        expect(await f.read('/intercept')).toEqual(model().datasets[1]!.array);
        expect(await f.read('/classes')).toEqual(model().datasets[2]!.array);
        expect(f.attrs()).toEqual({ format: 'icepickle', n_features_in: 3, ratio: 0.25 });
      });

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
        const f = await openBytes((await backend.write(undefined, file))!);
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

      it('writes chunked + gzip datasets that read back, whole and sliced', async () => {
        const data = Float64Array.from({ length: 6 * 10 }, (_, i) => Math.sin(i) * 1000);
        const bytes = await backend.write(undefined, {
          datasets: [{ path: '/coef', array: { dtype: 'float64', shape: [6, 10], data }, chunks: [2, 5], gzip: 9 }],
        });
        const f = await openBytes(bytes!);
        const info = dataset(f, '/coef');
        expect([info.layout, info.chunks, info.filters.map((x) => x.id)]).toEqual(['chunked', [2, 5], [1]]);
        expect((await f.read('/coef')).data).toEqual(data);
        expect(Array.from((await f.read('/coef', { rows: [1, 4], cols: [9, 0] })).data as Float64Array)).toEqual(
          gather(Array.from(data), 10, [1, 4], [9, 0]),
        );
      });

      it(
        unsupported.has('shuffle')
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
          if (unsupported.has('shuffle')) {
            expect(await codeOf(() => backend.write(undefined, request))).toBe('NOT_SUPPORTED');
            return;
          }
          const f = await openBytes((await backend.write(undefined, request))!);
          expect(dataset(f, '/coef').filters.map((x) => x.id)).toEqual([2, 1]);
          expect((await f.read('/coef')).data).toEqual(data);
        },
      );

      it(
        unsupported.has('bool')
          ? 'refuses bools with NOT_SUPPORTED'
          : "writes bools as h5py's enum (datasets and attributes)",
        async () => {
          const request: FileToWrite = {
            attrs: { flag: true },
            datasets: [{ path: '/b', array: { dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) } }],
          };
          if (unsupported.has('bool')) {
            expect(await codeOf(() => backend.write(undefined, request))).toBe('NOT_SUPPORTED');
            expect(await codeOf(() => backend.write(undefined, { attrs: { flag: false }, datasets: [] }))).toBe(
              'NOT_SUPPORTED',
            );
            return;
          }
          const f = await openBytes((await backend.write(undefined, request))!);
          expect(await f.read('/b')).toEqual({ dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) });
          expect(f.attrs()).toEqual({ flag: true });
        },
      );

      it(
        unsupported.has('compressed-strings')
          ? 'refuses gzip on strings with NOT_SUPPORTED'
          : 'writes gzip-compressed strings',
        async () => {
          const request: FileToWrite = {
            datasets: [{ path: '/s', array: { dtype: 'utf8', shape: [2], data: ['a', 'b'] }, chunks: [2], gzip: 4 }],
          };
          if (unsupported.has('compressed-strings')) {
            expect(await codeOf(() => backend.write(undefined, request))).toBe('NOT_SUPPORTED');
            return;
          }
          const f = await openBytes((await backend.write(undefined, request))!);
          expect((await f.read('/s')).data).toEqual(['a', 'b']);
        },
      );

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
            await codeOf(() => backend.write(undefined, request)),
            JSON.stringify(request, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
          ).toBe('INVALID_INPUT');
      });

      it.runIf(supportsPaths)(
        'writes to a path atomically: resolves undefined, replaces the old file, leaves no temp files',
        async () => {
          const dir = mkdtempSync(join(scratch, 'atomic-'));
          const target = join(dir, 'model.h5');
          expect(await backend.write(target, model())).toBeUndefined();
          const f = await backend.open(target);
          opened.push(f);
          expect(values(await f.read('/intercept'))).toEqual([-0.125]);
          const next = model();
          next.attrs = { format: 'second' };
          await backend.write(target, next);
          const g = await backend.open(target);
          opened.push(g);
          expect(g.attrs()).toEqual({ format: 'second' });
          expect(readdirSync(dir)).toEqual(['model.h5']);
        },
      );

      it.runIf(supportsPaths)('keeps the old file intact when a write fails part-way', async () => {
        const dir = mkdtempSync(join(scratch, 'failing-'));
        const target = join(dir, 'model.h5');
        writeFileSync(target, readFileSync(fixture('dtypes.h5')));
        const before = readFileSync(target);
        const failing = model();
        // the second dataset is broken: the first one is valid and may already have been written
        failing.datasets = [
          failing.datasets[0]!,
          { path: '/broken', array: { dtype: 'float64', shape: [3], data: new Float64Array(2) } },
        ];
        expect(await codeOf(() => backend.write(target, failing))).toBe('INVALID_INPUT');
        expect(readFileSync(target).equals(before)).toBe(true);
        expect(readdirSync(dir)).toEqual(['model.h5']);
        expect(await codeOf(() => backend.write(join(dir, 'missing-folder', 'model.h5'), model()))).toBe(
          'WRITE_FAILED',
        );
        expect(readdirSync(dir)).toEqual(['model.h5']);
      });

      it('writes files that real h5py reads with the right dtypes, shapes and values', async () => {
        const bytes = await backend.write(undefined, {
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
        const path = join(scratch, 'for-h5py.h5');
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
    });
  });
}
