/**
 * Per-feature mean and variance of a CSR X, NaN ignored: ports of scikit-learn 1.2.1's
 * `_csr_mean_variance_axis0` and `_incr_mean_variance_axis0` (`sklearn/utils/sparsefuncs_fast.pyx`).
 * Implicit zeros count as samples; float32 input returns float32-rounded moments and merges them in
 * float32 arithmetic, as the Cython code does for `floating is float`.
 */
import type { CsrMatrix } from '@icepickle/core';
import type { Moments } from './dense-moments.js';
import { pairwiseSum } from './numpy-sums.js';

/** Mean, variance and weight sum of each column of X (weights: one per row, or all 1). */
export function csrMeanVariance(X: CsrMatrix, weights?: Float64Array): Moments & { variance: Float64Array } {
  const [n, m] = X.shape;
  const { indptr, indices, data } = X;
  const float32 = X.data instanceof Float32Array;
  // scikit-learn casts the weights to X's dtype (_check_sample_weight(..., dtype=X.dtype)).
  const w = weights ? (float32 ? weights.map(Math.fround) : weights) : new Float64Array(n).fill(1);
  const sumWeights = new Float64Array(m).fill(pairwiseSum(w, 0, n));
  const sumWeightsStored = new Float64Array(m);
  const counts = new Float64Array(m).fill(n);
  const countsStored = new Float64Array(m);
  const mean = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
      const j = indices[k]!;
      const x = data[k]!;
      if (!Number.isNaN(x)) {
        mean[j]! += x * w[i]!;
        sumWeightsStored[j]! += w[i]!;
        countsStored[j]! += 1;
      } else {
        sumWeights[j]! -= w[i]!;
        counts[j]! -= 1;
      }
    }
  }
  for (let j = 0; j < m; j++) mean[j] = mean[j]! / sumWeights[j]!;
  const correction = new Float64Array(m);
  const variance = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
      const x = data[k]!;
      if (Number.isNaN(x)) continue;
      const j = indices[k]!;
      const diff = x - mean[j]!;
      correction[j]! += diff * w[i]!;
      variance[j]! += diff * diff * w[i]!;
    }
  }
  for (let j = 0; j < m; j++) {
    // The implicit zeros' share, only where there are some (avoids catastrophic cancellation).
    const implicit = counts[j] !== countsStored[j];
    if (implicit) correction[j]! -= (sumWeights[j]! - sumWeightsStored[j]!) * mean[j]!;
    correction[j] = correction[j]! ** 2 / sumWeights[j]!;
    if (implicit) variance[j]! += (sumWeights[j]! - sumWeightsStored[j]!) * mean[j]! ** 2;
    variance[j] = (variance[j]! - correction[j]!) / sumWeights[j]!;
  }
  if (float32) {
    const round = (a: Float64Array) => a.map(Math.fround);
    return { mean: round(mean), variance: round(variance), count: round(sumWeights) };
  }
  return { mean, variance, count: sumWeights };
}

/** `last` merged with X's moments (Chan, Golub & LeVeque); a feature X has no weight for keeps `last`. */
export function csrIncrementalMeanVariance(
  X: CsrMatrix,
  last: Moments & { variance: Float64Array },
  weights?: Float64Array,
): Moments & { variance: Float64Array } {
  const fresh = csrMeanVariance(X, weights);
  if (!last.count.some((c) => c > 0)) return fresh;
  const r = X.data instanceof Float32Array ? Math.fround : identity;
  const m = X.shape[1];
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const count = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const lastN = r(last.count[j]!);
    const newN = fresh.count[j]!;
    if (!(newN > 0)) {
      mean[j] = r(last.mean[j]!);
      variance[j] = r(last.variance[j]!);
      count[j] = lastN;
      continue;
    }
    const updatedN = r(lastN + newN);
    const lastOverNew = r(lastN / newN);
    const lastSum = r(r(last.mean[j]!) * lastN);
    const lastUnnormalized = r(r(last.variance[j]!) * lastN);
    const newSum = r(fresh.mean[j]! * newN);
    const newUnnormalized = r(fresh.variance[j]! * newN);
    const gap = r(r(lastSum / lastOverNew) - newSum);
    const merged = r(r(lastUnnormalized + newUnnormalized) + r(r(lastOverNew / updatedN) * r(gap * gap)));
    mean[j] = r(r(lastSum + newSum) / updatedN);
    variance[j] = r(merged / updatedN);
    count[j] = updatedN;
  }
  return { mean, variance, count };
}

function identity(v: number): number {
  return v;
}
