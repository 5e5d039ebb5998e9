import type { LinearCoefficients } from './linear-model.js';

/**
 * scikit-learn sets `intercept_ = 0.0` (a scalar) when fit_intercept is False, even for models with
 * several rows of coef (RidgeClassifier, LinearSVC, multi-target Ridge), and Python icepickle saves it
 * as a 0-d dataset. The shared shape checks want one intercept per row; this gives them the broadcast
 * view, while the model keeps (and saves back) the scalar it was given.
 */
export function withRowIntercept(c: LinearCoefficients): LinearCoefficients {
  if (c.interceptShape.length !== 0 || c.coefShape.length !== 2 || c.intercept.length !== 1) return c;
  const rows = c.coefShape[0]!;
  return { ...c, intercept: new Float64Array(rows).fill(c.intercept[0]!), interceptShape: [rows] };
}
