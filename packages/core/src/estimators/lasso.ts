import type { MatrixInput } from '../math/input.js';
import { type LassoParams, checkCoordinateDescentParams, lassoDefaults } from './coordinate-descent-params.js';
import type { LinearCoefficients } from './linear-model.js';
import { LinearRegressor } from './linear-regressor.js';
import { checkParamNames } from './param-names.js';
import { trainInPython } from './python-only.js';
import { withRowIntercept } from './scalar-intercept.js';

export type { LassoParams };
export { lassoDefaults };

/**
 * scikit-learn 1.2.1's Lasso, for models trained in Python: load (setCoefficients /
 * loadCoefficients), predict, score. Single target: coef (n_features,), scalar intercept; several:
 * (n_targets, n_features), (n_targets,). `fit` is not available.
 */
export class Lasso extends LinearRegressor<LassoParams> {
  readonly className = 'Lasso';

  constructor(params: Partial<LassoParams> = {}) {
    checkParamNames('Lasso', params, lassoDefaults);
    super(lassoDefaults, params);
    checkCoordinateDescentParams(this.className, this.params);
  }

  override setParams(params: Partial<LassoParams>): this {
    checkParamNames(this.className, params, lassoDefaults);
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

  /** Throws NOT_SUPPORTED: train in Python (sklearn.linear_model.Lasso) and load the coefficients. */
  fit(_X: MatrixInput, _y: ArrayLike<number> | ArrayLike<ArrayLike<number>>): this {
    throw trainInPython(this.className, 'sklearn.linear_model.Lasso');
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }
}
