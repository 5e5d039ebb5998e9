import { describe, expect, it } from 'vitest';
import {
  type DatasetInfo,
  LogisticRegression,
  type NodeInfo,
  type StoredFile,
  findViolations,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

/** A listing-only StoredFile: the strict profile decides from the listing alone, before any read. */
function listing(nodes: NodeInfo[]): StoredFile {
  return {
    label: 'model.h5',
    list: () => nodes,
    attrs: () => ({}),
    read: () => Promise.reject(new Error('the strict profile must not read data')),
    close: () => Promise.resolve(),
  };
}

const dataset = (over: Partial<DatasetInfo>): DatasetInfo => ({
  kind: 'dataset',
  path: '/coef',
  dtype: 'float64',
  itemSize: 8,
  shape: [1, 4],
  layout: 'contiguous',
  filters: [],
  external: false,
  ...over,
});

describe('strict profile (from the listing, before any data is read)', () => {
  it('passes a plain model', () => {
    expect(findViolations(listing([dataset({}), dataset({ path: '/intercept', shape: [1] })]))).toEqual([]);
  });

  it('names every broken rule with its code', () => {
    const v = findViolations(
      listing([
        dataset({ external: true }),
        dataset({ path: '/a', layout: 'virtual' }),
        dataset({ path: '/b', layout: 'unknown' }),
        dataset({ path: '/c', layout: 'chunked', chunks: [1, 4], filters: [{ id: 32000, name: 'lzf' }] }),
        dataset({ path: '/d', dtype: 'other', typeDescription: 'compound' }),
        dataset({ path: '/e', shape: [2 ** 20, 2 ** 20] }),
        { kind: 'soft-link', path: '/f', target: '/coef' },
        { kind: 'external-link', path: '/g', target: '/etc/passwd:/x' },
      ]),
    );
    expect(v.map((x) => [x.object, x.code, x.rule])).toEqual([
      ['/coef', 'UNSAFE_FILE', 'no-external-storage'],
      ['/a', 'UNSAFE_FILE', 'no-virtual-datasets'],
      ['/b', 'UNSAFE_FILE', 'verifiable-storage'],
      ['/c', 'UNSUPPORTED_FILTER', 'filter-allowlist'],
      ['/d', 'INVALID_DTYPE', 'dtype-allowlist'],
      ['/e', 'LIMIT_EXCEEDED', 'max-dataset-bytes'],
      ['/f', 'UNSAFE_FILE', 'no-links'],
      ['/g', 'UNSAFE_FILE', 'no-links'],
      ['/', 'LIMIT_EXCEEDED', 'max-total-bytes'],
    ]);
  });

  it('limits are configurable', () => {
    const big = listing([dataset({ shape: [1000, 1000] })]);
    expect(findViolations(big, { maxDatasetBytes: 1e6 }).map((x) => x.rule)).toEqual(['max-dataset-bytes']);
    expect(findViolations(big, { maxTotalBytes: 1e6 }).map((x) => x.rule)).toEqual(['max-total-bytes']);
    expect(findViolations(big, { maxDatasetBytes: 1e7, maxTotalBytes: 1e7 })).toEqual([]);
    expect(
      findViolations(listing([dataset({}), dataset({ path: '/x' })]), { maxObjects: 1 }).map((x) => x.rule),
    ).toEqual(['max-objects']);
  });
});

describe('LoadLimits.maxAttributeBytes reaches the backend', () => {
  it.each([
    ['hdf5-wasm', hdf5Wasm()],
    ['hdf5-node', hdf5Node()],
  ])(
    'loadCoefficients refuses metadata over the limit (LIMIT_EXCEEDED) and loads under it (%s)',
    async (_name, backend) => {
      const model = new LogisticRegression().setCoefficients({
        coef: Float64Array.of(1, 2),
        coefShape: [1, 2],
        intercept: Float64Array.of(0),
        interceptShape: [1],
        classes: [0, 1],
      });
      const bytes = await saveCoefficients(model, undefined, { backend, metadata: { note: 'x'.repeat(5000) } });
      const code = await loadCoefficients(new LogisticRegression(), bytes, {
        backend,
        limits: { maxAttributeBytes: 4096 },
      }).then(
        () => 'loaded',
        (e: { code: string; message: string }) => `${e.code} ${/\[rule: ([^\]]+)\]/.exec(e.message)?.[1]}`,
      );
      expect(code).toBe('LIMIT_EXCEEDED max-attribute-bytes');
      const loaded = await loadCoefficients(new LogisticRegression(), bytes, {
        backend,
        limits: { maxAttributeBytes: 8192 },
      });
      expect(loaded.coef_).toEqual([[1, 2]]);
    },
  );
});
