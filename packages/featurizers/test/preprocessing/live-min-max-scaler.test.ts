/**
 * MinMaxScaler vs live scikit-learn 1.2.1: the cases of sklearn/preprocessing/tests/test_data.py (iris, zero
 * variance features, 1d, partial fit, clip with both feature ranges) plus breast cancer, diabetes and NaN.
 */
import { hasSklearn } from '@icepickle/test-utils';
import { afterAll, describe, it } from 'vitest';
import { type LiveCase, checkCase, expectBitIdentical, runLive, stats } from './live.js';

const minMax = (params: Record<string, unknown>, batches: string[], extra: Partial<LiveCase> = {}): LiveCase => ({
  name: '',
  cls: 'MinMaxScaler',
  params: { feature_range: [0, 1], copy: true, clip: false, ...params },
  batches,
  inverse: true,
  ...extra,
});

const ZERO_VARIANCE = '[[0.0, 1.0, +0.5], [0.0, 1.0, -0.1], [0.0, 1.0, +1.1]]';
const ZERO_VARIANCE_NEW = '[[+0.0, 2.0, 0.5], [-1.0, 1.0, 0.0], [+0.0, 1.0, 1.5]]';

const CASES: LiveCase[] = [
  { ...minMax({}, ['iris']), name: 'iris, default range' },
  { ...minMax({ feature_range: [-1, 1] }, ['iris']), name: 'iris, range [-1, 1]' },
  { ...minMax({}, [ZERO_VARIANCE], { transform: ZERO_VARIANCE_NEW }), name: 'zero variance features' },
  { ...minMax({ feature_range: [1, 2] }, [ZERO_VARIANCE]), name: 'zero variance features, range [1, 2]' },
  { ...minMax({}, ['X_2d[0, :].reshape(1, 30)']), name: '1d: one row' },
  { ...minMax({}, ['X_2d[:, 0].reshape(1000, 1)']), name: '1d: one column' },
  { ...minMax({}, ['np.ones((5, 1))']), name: '1d: constant column' },
  {
    ...minMax(
      {},
      Array.from({ length: 10 }, (_, k) => `X_2d[${k * 100}:${(k + 1) * 100}]`),
    ),
    name: 'partial fit in 10 batches',
  },
  {
    ...minMax(
      { feature_range: [-3, 7] },
      Array.from({ length: 12 }, (_, k) => `X_2d[${k}:${k + 1}]`),
    ),
    name: 'partial fit one row at a time, range [-3, 7]',
  },
  ...[
    [0, 1],
    [-10, 10],
  ].map((range) => ({
    ...minMax({ feature_range: range, clip: true }, ['iris'], {
      transform: 'np.r_[iris.min(axis=0)[:2] - 10, iris.max(axis=0)[2:] + 10].reshape(1, 4)',
      inverse: false,
    }),
    name: `clip, range [${range.join(', ')}]`,
  })),
  {
    ...minMax({ clip: true }, ['cancer[:300]'], { transform: 'cancer[300:]', inverse: false }),
    name: 'breast cancer, clip on unseen rows',
  },
  { ...minMax({ feature_range: [-0.5, 0.25] }, ['diabetes']), name: 'diabetes, range [-0.5, 0.25]' },
  {
    ...minMax({}, [
      '(lambda X: np.where(rng(1).rand(*X.shape) < 0.2, np.nan, X))(X_2d[:50, :6])',
      '(lambda X: np.c_[np.full(20, np.nan), X[:, 1:]])(X_2d[50:70, :6])',
    ]),
    name: 'NaN ignored in fit, kept in transform',
  },
  {
    ...minMax({}, ['np.c_[np.full(5, np.nan), np.arange(5.0)]'], { inverse: false }),
    name: 'all-NaN feature: NaN min, max and scale',
  },
  { ...minMax({}, ['sparse.csr_matrix(iris)']), name: 'CSR raises', expectError: 'INVALID_INPUT' },
];

describe.runIf(hasSklearn())('MinMaxScaler vs live scikit-learn 1.2.1', () => {
  const results = runLive(CASES);
  for (const [k, c] of CASES.entries()) it(c.name, () => checkCase(c, results[k]!));
  it("every value is bit-identical to scikit-learn's", () => expectBitIdentical());
  afterAll(() => {
    console.log(
      `MinMaxScaler: ${stats.values} values compared, ${stats.identical} bit-identical, max relative difference ${stats.maxRelative}`,
    );
  });
});
