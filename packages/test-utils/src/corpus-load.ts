/**
 * How a corpus file (hostile, fuzzed, or a seed) is loaded, the two ways a model is read: whole
 * (`loadCoefficients`) and lazily (`openLinearModel`, then one row scored). hostile.ts reports how each
 * ended for one backend; conformance/same-outcome.ts compares what every backend read.
 */
import {
  CsrMatrix,
  type LazyLinearModel,
  SGDClassifier,
  SGDRegressor,
  type Source,
  type StorageBackend,
  loadCoefficients,
  openLinearModel,
} from '@icepickle/core';

/** Which estimator a corpus file is loaded as. */
export type CorpusEstimator = 'classifier' | 'regressor';

/** Loads one file whole, with the strict profile's defaults, into a fresh SGDClassifier or SGDRegressor. */
export async function loadWhole(
  source: Source,
  backend: StorageBackend,
  estimator: CorpusEstimator,
): Promise<SGDClassifier | SGDRegressor> {
  const model = estimator === 'classifier' ? new SGDClassifier() : new SGDRegressor();
  await loadCoefficients(model, source, { backend });
  return model;
}

/**
 * One row over `n` features (n > 0) touching the first, middle and last columns: the column reads
 * (chunk indexes walked from the bytes, direct reads) that loading the whole model skips. `value(k)` is
 * its k-th stored value.
 */
export function probeRow(n: number, value: (k: number) => number): CsrMatrix {
  const cols = [...new Set([0, n >> 1, n - 1])].sort((a, b) => a - b);
  return new CsrMatrix({
    indptr: Int32Array.of(0, cols.length),
    indices: Int32Array.from(cols),
    data: Float64Array.from(cols, (_, k) => value(k)),
    shape: [1, n],
  });
}

/** Opens one file as a lazy model, hands it to `use`, and closes it however `use` ends. */
export async function withLazyModel<T>(
  source: Source,
  backend: StorageBackend,
  use: (model: LazyLinearModel) => Promise<T>,
): Promise<T> {
  const model = await openLinearModel(source, { backend });
  try {
    return await use(model);
  } finally {
    await model.close();
  }
}
