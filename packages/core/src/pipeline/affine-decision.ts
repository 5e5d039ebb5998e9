import type { DecisionWeights } from '../estimators/linear-model.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import { scaledDenseDecision } from '../wasm-kernel/scaled-dot.js';

/** What a transformer whose dense transform is (x − shift[j]) / divisor[j] per column tells (StandardScaler). */
export interface ColumnAffine {
  /** Subtracted from column j first (StandardScaler's mean_, or zeros when withMean is false). */
  shift: Float64Array;
  /** Column j is divided by this after the shift (StandardScaler's scale_, or ones when withStd is false). */
  divisor: Float64Array;
}

/**
 * @internal A column-affine transformer's `decisionThrough` (StandardScaler's): a single-output linear
 * model's decisions on a DenseMatrix X computed straight from X (wasm-kernel/scaled-dot.ts: the same values
 * as transform then decide, bit for bit, without the scaled copy of X). Null when the route does not apply,
 * or when a decision is not finite: the steps then run as usual, and throw what they throw (X's infinities,
 * NaN). Only the scaler imports it, so pages of text pipelines carry neither it nor its kernel.
 */
export function affineDecision(X: unknown, affine: ColumnAffine | null, w: DecisionWeights): Float64Array | null {
  if (!(X instanceof DenseMatrix) || affine === null) return null;
  const [n, m] = X.shape;
  if (n < 1 || m < 1 || affine.shift.length !== m || affine.divisor.length !== m) return null;
  if (w.nOutputs !== 1 || w.nFeatures !== m) return null;
  const values = scaledDenseDecision(X.data, n, m, affine.shift, affine.divisor, w.weights, w.bias[0]!);
  if (values === null) return null;
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) return null;
  return values;
}
