import { type ElasticNetParams, elasticNetDefaults } from './coordinate-descent-params.js';
import { CoordinateDescentRegressor } from './coordinate-descent-regressor.js';
import type { EstimatorOptions } from './logger.js';

export type { ElasticNetParams };
export { elasticNetDefaults };

/**
 * scikit-learn 1.2.1's ElasticNet: minimises ‖y − Xw − b‖²/(2n) + α·l1_ratio·‖w‖₁ + α(1 − l1_ratio)/2·‖w‖²
 * by cyclic coordinate descent (fit), or loads coefficients trained in Python; predict, score (R²).
 */
export class ElasticNet extends CoordinateDescentRegressor<ElasticNetParams> {
  readonly className = 'ElasticNet';

  constructor(params: EstimatorOptions<ElasticNetParams> = {}) {
    super('ElasticNet', elasticNetDefaults, params);
  }
}
