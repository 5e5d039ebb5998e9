/**
 * Normalizer vs live scikit-learn 1.2.1: the cases of sklearn/preprocessing/tests/test_data.py (l1, l2 and max
 * on dense and CSR with a zero row, max with negative data) plus breast cancer (numpy's pairwise and einsum
 * orders over 30 features), float32 CSR and CSR with unsorted and duplicate entries.
 */
import { hasSklearn } from '@icepickle/test-utils';
import { afterAll, describe, it } from 'vitest';
import { type LiveCase, checkCase, expectBitIdentical, runLive, stats } from './live.js';

const WITH_ZERO_ROW = '(lambda X: (X.__setitem__(3, 0.0), X)[1])(rng(0).randn(4, 5))';
const ALL_NEGATIVE = `-np.abs(${WITH_ZERO_ROW})`;
const UNSORTED =
  'sparse.csr_matrix(([1.0, -3.0, 2.5, 4.0, -1.0, 0.5], [2, 0, 0, 2, 1, 1], [0, 2, 4, 6]), shape=(3, 3))';

const CASES: LiveCase[] = ['l1', 'l2', 'max'].flatMap((norm) => {
  const c = (name: string, X: string, transform?: string): LiveCase => ({
    name: `${norm}: ${name}`,
    cls: 'Normalizer',
    params: { norm, copy: true },
    batches: [X],
    ...(transform ? { transform } : {}),
  });
  return [
    c('dense with a zero row', WITH_ZERO_ROW),
    c('CSR with a zero row', `sparse.csr_matrix(${WITH_ZERO_ROW})`),
    c('all negative, dense', ALL_NEGATIVE),
    c('all negative, CSR', `sparse.csr_matrix(${ALL_NEGATIVE})`),
    c('breast cancer', 'cancer', 'cancer[::-1] * 1e-3'),
    c('diabetes', 'diabetes'),
    c('wide rows (300 features, pairwise blocks)', 'rng(3).randn(20, 300) * 10.0 ** rng(4).randint(-6, 6, (20, 300))'),
    c('tiny rows (norm below 10·eps)', '[[1e-16, -1e-17, 0.0], [3.0, 4.0, 0.0]]'),
    c('CSR float32', 'sparse.random(30, 12, density=0.4, random_state=0, format="csr", dtype=np.float32) * 3'),
    c('CSR, unsorted and duplicate entries', UNSORTED),
    c('CSR with explicit zeros', 'sparse.csr_matrix(([0.0, 2.0, 0.0], [0, 1, 1], [0, 2, 3]), shape=(2, 3))'),
  ];
});
CASES.push({
  name: 'NaN raises',
  cls: 'Normalizer',
  params: { norm: 'l2', copy: true },
  batches: ['[[1.0, np.nan]]'],
  expectError: 'INVALID_INPUT',
});

describe.runIf(hasSklearn())('Normalizer vs live scikit-learn 1.2.1', () => {
  const results = runLive(CASES);
  for (const [k, c] of CASES.entries()) it(c.name, () => checkCase(c, results[k]!));
  it("every value is bit-identical to scikit-learn's", () => expectBitIdentical());
  afterAll(() => {
    console.log(
      `Normalizer: ${stats.values} values compared, ${stats.identical} bit-identical, max relative difference ${stats.maxRelative}`,
      stats.differing,
    );
  });
});
