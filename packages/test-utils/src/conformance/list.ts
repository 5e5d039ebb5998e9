/** Conformance, list(): every object in order, with dtype, layout, filters and links as stored, never followed. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetInfo, StoredFile } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { sklearnFixtures } from '../fixtures.js';
import { codeOf, values, dataset, type Suite } from './suite.js';

export function listTests(s: Suite): void {
  describe('list()', () => {
    listsDepthFirst(s);
    reportsLayoutsAndFilters(s);
    listsLinksWithoutFollowing(s);
    flagsDataInOtherFiles(s);
    describesLatestFormatAndUserBlock(s);
    refusesHostPaths(s);
    describesSklearnModels(s);
  });
}

function listsDepthFirst(s: Suite): void {
  it('lists every object depth first, names sorted, root excluded, with dtype / itemSize / shape', async () => {
    const f = await s.open('dtypes.h5');
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
}

function reportsLayoutsAndFilters(s: Suite): void {
  it('reports layouts (contiguous, chunked, compact), chunk shapes and filters with their ids', async () => {
    const f = await s.open('layouts.h5');
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
}

function listsLinksWithoutFollowing(s: Suite): void {
  it('lists soft and external links as links, with targets, and never follows them', async () => {
    const f = await s.open('links.h5');
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
}

function flagsDataInOtherFiles(s: Suite): void {
  it('flags datasets whose data lives in other files (external storage, virtual datasets)', async () => {
    const ext = await s.open('external.h5');
    expect(dataset(ext, '/outside').external).toBe(true);
    expect(dataset(ext, '/coef').external).toBe(false);
    expect(dataset(ext, '/outside').shape).toEqual([4]);
    const vds = await s.open('virtual.h5');
    expect(dataset(vds, '/vds').layout).toBe('virtual');
    expect(dataset(vds, '/vds').shape).toEqual([3]);
    expect(dataset(vds, '/plain').layout).toBe('contiguous');
  });
}

function describesLatestFormatAndUserBlock(s: Suite): void {
  it('describes files with version-2 object headers (libver latest) and with a user block', async () => {
    const latest = await s.open('latest.h5');
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
    const ub = await s.open('userblock.h5');
    expect(summary(ub)).toEqual({
      '/chunked': ['chunked', [1], [], false, [2]],
      '/data': ['contiguous', null, [], false, [2]],
    });
    expect(Object.keys(ub.attrs('/data'))).toHaveLength(40);
    expect(values(await ub.read('/data'))).toEqual([3, 4]);
  });
}

function refusesHostPaths(s: Suite): void {
  it('lists links and storage that point at host files, and refuses to read them', async () => {
    const f = await s.open('hostile-paths.h5');
    const byPath = Object.fromEntries(f.list().map((n) => [n.path, n]));
    expect(byPath['/passwd']).toEqual({ kind: 'external-link', path: '/passwd', target: '/etc/passwd:/x' });
    expect((byPath['/hostname'] as DatasetInfo).external).toBe(true);
    expect((byPath['/vds'] as DatasetInfo).layout).toBe('virtual');
    for (const p of ['/passwd', '/hostname', '/vds']) expect(await codeOf(() => f.read(p)), p).toBe('UNSAFE_FILE');
    expect(values(await f.read('/coef'))).toEqual([1]);
  });
}

function describesSklearnModels(s: Suite): void {
  it('describes scikit-learn models saved by Python icepickle as h5py reports them', async () => {
    const models = readdirSync(join(sklearnFixtures, 'models')).filter((n) => n.endsWith('.h5'));
    expect(models.length).toBeGreaterThan(10);
    const dtypeOf: Record<string, string> = { '<f8': 'float64', '<i8': 'int64' };
    for (const model of models) {
      const meta = JSON.parse(readFileSync(join(sklearnFixtures, 'models', model.replace(/\.h5$/, '.json')), 'utf8'));
      const f = s.supportsPaths
        ? await s.backend.open(join(sklearnFixtures, 'models', model))
        : await s.backend.open(new Uint8Array(readFileSync(join(sklearnFixtures, 'models', model))));
      s.opened.push(f);
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
}
