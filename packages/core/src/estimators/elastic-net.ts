import type { MatrixInput } from '../math/input.js';
import {
  type ElasticNetParams,
  checkCoordinateDescentParams,
  elasticNetDefaults,
} from './coordinate-descent-params.js';
import type { LinearCoefficients } from './linear-model.js';
import { LinearRegressor } from './linear-regressor.js';
import { checkParamNames } from './param-names.js';
import { trainInPython } from './python-only.js';
import { withRowIntercept } from './scalar-intercept.js';

export type { ElasticNetParams };
export { elasticNetDefaults };

/**
 * scikit-learn 1.2.1's ElasticNet, for models trained in Python: load (setCoefficients /
 * loadCoefficients), predict, score. Single target: coef (n_features,), scalar intercept; several:
 * (n_targets, n_features), (n_targets,). `fit` is not available.
 */
export class ElasticNet extends LinearRegressor<ElasticNetParams> {
  readonly className = 'ElasticNet';

  constructor(params: Partial<ElasticNetParams> = {}) {
    checkParamNames('ElasticNet', params, elasticNetDefaults);
    super(elasticNetDefaults, params);
    checkCoordinateDescentParams(this.className, this.params);
  }

  override setParams(params: Partial<ElasticNetParams>): this {
    checkParamNames(this.className, params, elasticNetDefaults);
    const before = this.params;
    super.setParams(params);
    try {
      checkCoordinateDescentParams(this.className, this.params);
    } catch (error) {
      this.params = before;
      throw error;
    }
    return this;
  }

  /** Throws NOT_SUPPORTED: train in Python (sklearn.linear_model.ElasticNet) and load the coefficients. */
  fit(_X: MatrixInput, _y: ArrayLike<number> | ArrayLike<ArrayLike<number>>): this {
    throw trainInPython(this.className, 'sklearn.linear_model.ElasticNet');
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }
}
