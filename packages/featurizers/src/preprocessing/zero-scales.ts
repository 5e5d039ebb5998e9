/**
 * Near-zero scales become 1, as scikit-learn 1.2.1 `sklearn/preprocessing/_data.py` (`_is_constant_feature`,
 * `_handle_zeros_in_scale`): a constant feature is left unscaled instead of divided by ~0.
 */

const EPS = 2 ** -52; // np.finfo(np.float64).eps

/**
 * Chan, Golub & LeVeque's error bound of the two-pass variance: var <= n·eps·var + (n·mean·eps)², in
 * scikit-learn's order of operations. `count` is one number for every feature, or one per feature.
 */
export function isConstantFeature(variance: number, mean: number, count: number): boolean {
  const bound = count * EPS * variance + (count * mean * EPS) ** 2;
  return variance <= bound;
}

/** In place: every scale below 10·eps (or marked constant) becomes 1; NaN stays NaN, as numpy compares. */
export function handleZerosInScale(scale: Float64Array, constant?: (j: number) => boolean): Float64Array {
  for (let j = 0; j < scale.length; j++) {
    if (constant ? constant(j) : scale[j]! < 10 * EPS) scale[j] = 1;
  }
  return scale;
}
