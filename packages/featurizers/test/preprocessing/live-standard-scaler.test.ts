/**
 * StandardScaler vs live scikit-learn 1.2.1: the cases of sklearn/preprocessing/tests/test_data.py (1d, 2d,
 * numerical stability, constant and near-constant features, sample weights, partial fit, sparse, NaN),
 * plus breast cancer and diabetes; mean_, var_, scale_ and nSamplesSeen_ after every batch, transform and
 * inverseTransform, within 1e-12 relative.
 */
import { hasSklearn } from '@icepickle/test-utils';
import { afterAll, describe, it } from 'vitest';
import { type LiveCase, checkCase, expectBitIdentical, runLive, stats } from './live.js';

const S = 'StandardScaler' as const;
const dense = (params: Record<string, unknown>, batches: string[], extra: Partial<LiveCase> = {}) => ({
  cls: S,
  params: { copy: true, with_mean: true, with_std: true, ...params },
  batches,
  inverse: true,
  ...extra,
});
const chunks = (expr: string, n: number, size: number) =>
  Array.from({ length: n }, (_, k) => `(${expr})[${k * size}:${(k + 1) * size}]`);

const SAMPLE_WEIGHT_SETS: [string, string][] = [
  ['[[1, 2, 3], [4, 5, 6]]', '[2.0, 1.0]'],
  ['[[1, 0, 1], [0, 0, 1]]', '[1, 3]'],
  ['[[1, np.nan, 1], [np.nan, np.nan, 1]]', '[1, 3]'],
];

const CASES: LiveCase[] = [
  { name: '1d: one row', ...dense({}, ['X_2d[0, :].reshape(1, 30)']) },
  { name: '1d: one column', ...dense({}, ['X_2d[:, 0].reshape(1000, 1)']) },
  { name: '1d: constant column', ...dense({}, ['np.ones((5, 1))']) },
  { name: '2d: X_2d', ...dense({}, ['X_2d']) },
  { name: '2d: zero column, no mean', ...dense({ with_mean: false }, ['np.c_[np.zeros(4), rng(0).randn(4, 4)]']) },
  { name: '2d: no std', ...dense({ with_std: false }, ['X_2d[:100]']) },
  { name: '2d: neither', ...dense({ with_mean: false, with_std: false }, ['X_2d[:50]']) },
  { name: 'stability: 8 × log(1e-5)', ...dense({}, ['np.full((8, 1), np.log(1e-5))']) },
  { name: 'stability: 10 × log(1e-5)', ...dense({}, ['np.full((10, 1), np.log(1e-5))']) },
  { name: 'stability: 10 × 1e-100', ...dense({}, ['np.full((10, 1), 1e-100)']) },
  { name: 'stability: 10 × 1e100', ...dense({}, ['np.full((10, 1), 1e100)']) },
  { name: 'stability: 10 × 1e100 no std', ...dense({ with_std: false }, ['np.full((10, 1), 1e100)']) },
  { name: 'breast cancer', ...dense({}, ['cancer']) },
  { name: 'diabetes', ...dense({}, ['diabetes']), transform: 'diabetes[::-1] * 3' },
  { name: 'breast cancer, partial fit in 7 batches', ...dense({}, chunks('cancer', 7, 82)) },
  {
    name: 'partial fit: one row at a time, large offsets',
    ...dense(
      {},
      Array.from(
        { length: 30 },
        (_, k) =>
          `(lambda r: (r.randn(100, 2) * r.uniform(1e3, 1e6, size=2) + r.uniform(-1e15, 1e15, size=2)))(rng(0))[${k}:${k + 1}]`,
      ),
    ),
  },
  {
    name: 'NaN: n_samples_seen_ per feature',
    ...dense({}, ['[[0, 1, 3], [np.nan, 6, 10], [5, 4, np.nan], [8, 0, np.nan]]']),
  },
  {
    name: 'NaN: neither mean nor std',
    ...dense({ with_mean: false, with_std: false }, ['[[0, 1, 3], [np.nan, 6, 10], [5, 4, np.nan], [8, 0, np.nan]]']),
  },
  {
    name: 'NaN: partial fit, 10% missing, all-NaN column in a batch',
    ...dense({}, [
      '(lambda X: np.where(rng(1).rand(*X.shape) < 0.1, np.nan, X))(X_2d[:200, :5])',
      '(lambda X: np.c_[X[:, :4], np.full(50, np.nan)])(X_2d[200:250, :5])',
      'X_2d[250:400, :5]',
    ]),
    transform: '(lambda X: np.where(rng(2).rand(*X.shape) < 0.2, np.nan, X))(X_2d[:20, :5])',
  },
  ...SAMPLE_WEIGHT_SETS.flatMap(([X, w], k) => [
    { name: `sample weight set ${k}, dense`, ...dense({}, [X], { weights: [w] }) },
    {
      name: `sample weight set ${k}, CSR`,
      ...dense({ with_mean: false }, [`sparse.csr_matrix(np.array(${X}, dtype=float))`], { weights: [w] }),
    },
  ]),
  {
    name: 'sample weight: X_2d uniform weights, then partial fit with weights',
    ...dense({}, ['X_2d[:300]', 'X_2d[300:600]'], {
      weights: ['rng(3).uniform(size=300) * 2', 'rng(4).uniform(size=300)'],
      // Weighted sums go through numpy's matmul, i.e. BLAS, whose order is the CPU kernel's: mean_ may differ
      // by an ulp (attributes still pass 1e-12), which x − mean_ magnifies where x ≈ mean_.
      transformRelative: 1e-10,
    }),
  },
  ...['0', '1.0', '100.0'].flatMap((constant) => [
    { name: `constant ${constant}, dense`, ...dense({ with_mean: false }, [`np.full((100, 1), ${constant})`]) },
    {
      name: `constant ${constant}, dense, weighted`,
      ...dense({ with_mean: false }, [`np.full((100, 1), ${constant})`], { weights: ['rng(0).uniform(size=100) * 2'] }),
    },
    {
      name: `constant ${constant}, CSR float32`,
      ...dense({ with_mean: false }, [`sparse.csr_matrix(np.full((100, 1), ${constant}, dtype=np.float32))`]),
    },
    {
      name: `constant ${constant}, CSR, weighted`,
      ...dense({ with_mean: false }, [`sparse.csr_matrix(np.full((100, 1), ${constant}))`], {
        weights: ['rng(0).uniform(size=100) * 2'],
      }),
    },
  ]),
  ...[10, 100, 1000].flatMap((n) =>
    ['1e-10', '1', '1e10'].flatMap((average) => {
      const X = `(lambda s: np.r_[np.tile(${average} + s, (${n} // 2, 1)), np.tile(${average} - s, (${n} - ${n} // 2, 1))])(np.array([10.0**i for i in range(-30, 20)]))`;
      return [
        { name: `near constant: n ${n}, average ${average}, dense`, ...dense({ with_mean: false }, [X]) },
        {
          name: `near constant: n ${n}, average ${average}, CSR`,
          ...dense({ with_mean: false }, [`sparse.csr_matrix(${X})`]),
        },
      ];
    }),
  ),
  {
    name: 'CSR: without centering, NaN, partial fit',
    ...dense({ with_mean: false }, [
      'sparse.random(40, 6, density=0.3, random_state=0, format="csr") * 10',
      'nan_every(sparse.random(30, 6, density=0.4, random_state=1, format="csr"), 5)',
      'shift_stored(sparse.random(30, 6, density=0.5, random_state=2, format="csr"), -0.5)',
    ]),
    transform: 'sparse.random(10, 6, density=0.5, random_state=3, format="csr")',
  },
  {
    name: 'CSR float32: fit then partial fit',
    ...dense({ with_mean: false }, [
      'sparse.random(40, 6, density=0.3, random_state=0, format="csr", dtype=np.float32) * 7',
      'sparse.random(40, 6, density=0.3, random_state=1, format="csr", dtype=np.float32) * 3',
    ]),
  },
  {
    name: 'CSR: no std, NaN counts',
    ...dense({ with_mean: false, with_std: false }, [
      'nan_every(sparse.random(30, 5, density=0.5, random_state=4, format="csr"), 4)',
    ]),
  },
  {
    name: 'CSR partial fit, one row at a time, 1e20 scale',
    ...dense(
      { with_mean: false },
      Array.from(
        { length: 20 },
        (_, k) => `sparse.csr_matrix(rng(0).randint(0, 2, (100, 3)).astype(float) * 1e20)[${k}]`,
      ),
    ),
  },
  {
    name: 'CSR finite variance after an all-NaN batch (scikit-learn issue 16448)',
    ...dense({ with_mean: false }, [
      'sparse.random(5, 1, density=0.8, random_state=0, format="csr")',
      'sparse.csr_matrix(np.full((10, 1), np.nan))',
    ]),
  },
  {
    name: 'dense fit then CSR partial fit',
    ...dense({ with_mean: false }, ['X_2d[:50, :4]', 'sparse.csr_matrix(X_2d[50:80, :4])']),
  },
  {
    name: 'CSR with withMean raises',
    ...dense({}, ['sparse.csr_matrix(X_2d[:10])']),
    expectError: 'INVALID_INPUT',
  },
];

describe.runIf(hasSklearn())('StandardScaler vs live scikit-learn 1.2.1', () => {
  const results = runLive(CASES);
  for (const [k, c] of CASES.entries()) it(c.name, () => checkCase(c, results[k]!));
  // numpy's matmul (BLAS) sums the weighted moments in the CPU kernel's order.
  it("every value is bit-identical to scikit-learn's", () =>
    expectBitIdentical((what) => what.startsWith('sample weight: X_2d')));
  afterAll(() => {
    console.log(
      `StandardScaler: ${stats.values} values compared, ${stats.identical} bit-identical, max relative difference ${stats.maxRelative}`,
      stats.differing,
    );
  });
});
