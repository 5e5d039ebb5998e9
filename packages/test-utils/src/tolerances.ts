/**
 * Every tolerance the tests use, with why. Anything looser than float rounding needs a reason here.
 */
export const tolerances = {
  /**
   * decision_function vs scikit-learn: BLAS gemv sums in another order than a left-to-right dot
   * product; the worst case seen in the fixtures is 2.9e-14 × max(1, |value|). Scaled by Σ|x_j w_j|.
   */
  decisionRelative: 1e-12,
  /** SGD / PA states (coef_, intercept_) vs scikit-learn, relative (issue 3); exact ports land ~1e-15. */
  sgdRelative: 1e-9,
  /** LogisticRegression vs the Newton-refined optimum (issue 3). */
  optimumRelative: 1e-6,
  /** Probabilities recomputed from recorded decisions agree within 1.4e-17 (fixtures README). */
  probability: 1e-15,
  /**
   * Pipelines loaded across languages (issue 16, "Done when"): labels equal, decisions and probabilities
   * within this, relative. Vectorizer outputs are equal to 1e-12; the rest is summation order.
   */
  pipelineRelative: 1e-9,
} as const;

/** |a - b| <= rel * max(1, |b|), elementwise; returns the first failing index or -1. */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  scale?: ArrayLike<number>,
): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const s = scale ? Math.max(1, scale[i]!) : Math.max(1, Math.abs(expected[i]!));
    if (!(Math.abs(actual[i]! - expected[i]!) <= rel * s)) return i;
  }
  return -1;
}
