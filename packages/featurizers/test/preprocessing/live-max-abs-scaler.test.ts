/**
 * MaxAbsScaler vs live scikit-learn 1.2.1: the cases of sklearn/preprocessing/tests/test_data.py (zero
 * variance features, large negative value, one-row CSR, 1d, partial fit dense and CSR) plus breast cancer,
 * float32 CSR, duplicate CSR entries and NaN.
 */
import { hasSklearn } from '@icepickle/test-utils';
import { afterAll, describe, it } from 'vitest';
import { type LiveCase, checkCase, expectBitIdentical, runLive, stats } from './live.js';

const maxAbs = (batches: string[], extra: Partial<LiveCase> = {}): LiveCase => ({
  name: '',
  cls: 'MaxAbsScaler',
  params: { copy: true },
  batches,
  inverse: true,
  ...extra,
});

const ZERO_VARIANCE = '[[0.0, 1.0, +0.5], [0.0, 1.0, -0.3], [0.0, 1.0, +1.5], [0.0, 0.0, +0.0]]';
const LARGE_NEGATIVE =
  '[[0.0, 1.0, +0.5, -1.0], [0.0, 1.0, -0.3, -0.5], [0.0, 1.0, -100.0, 0.0], [0.0, 0.0, +0.0, -2.0]]';

const CASES: LiveCase[] = [
  { ...maxAbs([ZERO_VARIANCE]), name: 'zero variance features' },
  { ...maxAbs([`sparse.csr_matrix(${ZERO_VARIANCE})`]), name: 'zero variance features, CSR' },
  { ...maxAbs([LARGE_NEGATIVE]), name: 'large negative value' },
  { ...maxAbs(['sparse.csr_matrix([[0.5, 1.0, 1.0]])']), name: 'one-row CSR' },
  { ...maxAbs(['X_2d[0, :].reshape(1, 30)']), name: '1d: one row' },
  { ...maxAbs(['X_2d[:, 0].reshape(1000, 1)']), name: '1d: one column' },
  { ...maxAbs(['np.ones((5, 1))']), name: '1d: constant column' },
  { ...maxAbs(Array.from({ length: 10 }, (_, k) => `X_2d[${k * 100}:${(k + 1) * 100}]`)), name: 'partial fit, dense' },
  {
    ...maxAbs(
      Array.from({ length: 6 }, (_, k) => `sparse.csr_matrix(X_2d[${k * 30}:${(k + 1) * 30}])`),
      {
        transform: 'sparse.random(20, 30, density=0.3, random_state=5, format="csr") * 20 - 0',
      },
    ),
    name: 'partial fit, CSR',
  },
  { ...maxAbs(['cancer']), name: 'breast cancer' },
  {
    ...maxAbs(['sparse.random(50, 8, density=0.3, random_state=0, format="csr", dtype=np.float32) * 9 - 0']),
    name: 'float32 CSR: float32 max_abs_ and factors',
  },
  {
    ...maxAbs(['sparse.csr_matrix(np.full((4, 2), 1e-7, dtype=np.float32))']),
    name: 'float32 CSR: scales below float32 10·eps become 1',
  },
  {
    ...maxAbs(['sparse.csr_matrix(([1.0, -3.0, 2.5, 4.0, -1.0], [1, 1, 0, 2, 0], [0, 2, 4, 5]), shape=(3, 3))']),
    name: 'CSR with duplicate entries (summed for max_abs_)',
  },
  {
    ...maxAbs([
      '(lambda X: np.where(rng(1).rand(*X.shape) < 0.2, np.nan, X))(X_2d[:50, :6])',
      '(lambda X: np.c_[np.full(20, np.nan), X[:, 1:]])(X_2d[50:70, :6])',
    ]),
    name: 'NaN ignored in fit, kept in transform',
  },
  {
    ...maxAbs(['nan_every(sparse.random(30, 5, density=0.5, random_state=4, format="csr"), 3)']),
    name: 'NaN in CSR',
  },
];

describe.runIf(hasSklearn())('MaxAbsScaler vs live scikit-learn 1.2.1', () => {
  const results = runLive(CASES);
  for (const [k, c] of CASES.entries()) it(c.name, () => checkCase(c, results[k]!));
  it("every value is bit-identical to scikit-learn's", () => expectBitIdentical());
  afterAll(() => {
    console.log(
      `MaxAbsScaler: ${stats.values} values compared, ${stats.identical} bit-identical, max relative difference ${stats.maxRelative}`,
    );
  });
});
