/**
 * Per-feature mean and variance of a dense X merged into running ones: a port of scikit-learn 1.2.1's
 * `_incremental_mean_and_var` (`sklearn/utils/extmath.py`), the Youngs–Cramer update with the correction
 * term of Chan, Golub & LeVeque's corrected two-pass algorithm, NaN ignored. The float operations keep
 * scikit-learn's order: numpy sums a C-ordered X over axis 0 row after row, which is the loop order here,
 * except for a single column, which numpy sums pairwise (its inner loop then runs along the column).
 */
import type { DenseMatrix } from '@icepickle/core';
import { pairwiseSum } from './numpy-sums.js';

export interface Moments {
  mean: Float64Array;
  /** null when the variance is not tracked (StandardScaler with withStd false). */
  variance: Float64Array | null;
  /** Samples (or the sum of their weights) seen per feature, NaN excluded. */
  count: Float64Array;
}

/** The merged moments; `last` is not modified. `sampleWeight` weighs each row (numpy's matmul order). */
export function incrementalMeanAndVar(X: DenseMatrix, last: Moments, sampleWeight?: Float64Array): Moments {
  const [n, m] = X.shape;
  const data = X.data;
  const anyNan = data.some((v) => Number.isNaN(v));
  const newSum = new Float64Array(m);
  const newCount = new Float64Array(m);
  if (sampleWeight) {
    for (let i = 0; i < n; i++) {
      const w = sampleWeight[i]!;
      for (let j = 0; j < m; j++) {
        const x = data[i * m + j]!;
        if (!Number.isNaN(x)) {
          newSum[j]! += w * x;
          newCount[j]! += w;
        }
      }
    }
    if (m === 1) {
      // numpy sums a single column pairwise; its matmul (BLAS) order is the CPU kernel's, pairwise is our stand-in.
      newCount[0] = pairwiseSum(data, 0, n, undefined, (x, i) => (Number.isNaN(x) ? 0 : sampleWeight[i]!));
      newSum[0] = pairwiseSum(data, 0, n, undefined, (x, i) => (Number.isNaN(x) ? 0 : sampleWeight[i]! * x));
    }
  } else {
    newCount.fill(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const x = data[i * m + j]!;
        if (!Number.isNaN(x)) newSum[j]! += x;
        else newCount[j]! -= 1;
      }
    }
    if (m === 1) newSum[0] = pairwiseSum(data, 0, n, nanToZero);
  }
  const count = new Float64Array(m);
  const mean = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    count[j] = last.count[j]! + newCount[j]!;
    mean[j] = (last.mean[j]! * last.count[j]! + newSum[j]!) / count[j]!;
  }
  if (last.variance === null) return { mean, variance: null, count };
  const newUnnormalized = centeredSquares(X, newSum, newCount, anyNan, sampleWeight);
  const variance = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const lastCount = last.count[j]!;
    const lastSum = last.mean[j]! * lastCount;
    const lastUnnormalized = last.variance[j]! * lastCount;
    const lastOverNew = lastCount / newCount[j]!;
    const merged =
      lastCount === 0
        ? newUnnormalized[j]!
        : lastUnnormalized +
          newUnnormalized[j]! +
          (lastOverNew / count[j]!) * (lastSum / lastOverNew - newSum[j]!) ** 2;
    variance[j] = merged / count[j]!;
  }
  return { mean, variance, count };
}

/** Σ (x − T)² − (Σ (x − T))² / n per feature, T the batch mean: the corrected two-pass sum of squares. */
function centeredSquares(
  X: DenseMatrix,
  sum: Float64Array,
  count: Float64Array,
  anyNan: boolean,
  sampleWeight: Float64Array | undefined,
): Float64Array {
  const [n, m] = X.shape;
  const data = X.data;
  const batchMean = new Float64Array(m);
  for (let j = 0; j < m; j++) batchMean[j] = sum[j]! / count[j]!;
  const correction = new Float64Array(m);
  const squares = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const w = sampleWeight ? sampleWeight[i]! : 1;
    for (let j = 0; j < m; j++) {
      const t = data[i * m + j]! - batchMean[j]!;
      // np.nansum (when X has a NaN) and the weighted np.where(mask, 0, temp) both skip NaN differences.
      if (Number.isNaN(t) && (anyNan || sampleWeight)) continue;
      if (sampleWeight) {
        correction[j]! += w * t;
        squares[j]! += w * (t * t);
      } else {
        correction[j]! += t;
        squares[j]! += t * t;
      }
    }
  }
  if (m === 1) {
    const t = data.map((x) => x - batchMean[0]!);
    const w = (i: number) => (sampleWeight ? sampleWeight[i]! : 1);
    const skip = anyNan || sampleWeight !== undefined;
    correction[0] = pairwiseSum(t, 0, n, undefined, (v, i) => (skip && Number.isNaN(v) ? 0 : w(i) * v));
    squares[0] = pairwiseSum(t, 0, n, undefined, (v, i) => (skip && Number.isNaN(v) ? 0 : w(i) * (v * v)));
  }
  for (let j = 0; j < m; j++) squares[j] = squares[j]! - correction[j]! ** 2 / count[j]!;
  return squares;
}

/** np.nansum's view of a value. */
function nanToZero(v: number): number {
  return Number.isNaN(v) ? 0 : v;
}
