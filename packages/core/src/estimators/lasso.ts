import { type LassoParams, lassoDefaults } from './coordinate-descent-params.js';
import { CoordinateDescentRegressor } from './coordinate-descent-regressor.js';
import type { EstimatorOptions } from './logger.js';

export type { LassoParams };
export { lassoDefaults };

/**
 * scikit-learn 1.2.1's Lasso: ElasticNet with l1_ratio = 1, minimising ‖y − Xw − b‖²/(2n) + α‖w‖₁ by
 * cyclic coordinate descent (fit), or loading coefficients trained in Python; predict, score (R²).
 */
export class Lasso extends CoordinateDescentRegressor<LassoParams> {
  readonly className = 'Lasso';

  constructor(params: EstimatorOptions<LassoParams> = {}) {
    super('Lasso', lassoDefaults, params);
  }
}
