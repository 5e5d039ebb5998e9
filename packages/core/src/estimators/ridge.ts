import { IcepickleError } from '../errors.js';
import { type MatrixInput, asMatrix } from '../math/input.js';
import type { RidgeMethod } from '../math/ridge-solver.js';
import type { LinearCoefficients } from './linear-model.js';
import { LinearRegressor } from './linear-regressor.js';
import { regressionTargets } from './regression-targets.js';
import { fitRidge, ridgeSampleWeight } from './ridge-fit.js';
import { type BaseRidgeParams, baseRidgeDefaults, checkBaseRidgeParams, copyAlpha } from './ridge-params.js';
import { withRowIntercept } from './scalar-intercept.js';
import type { EstimatorOptions } from './logger.js';

/** Parameters of {@link Ridge}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export type RidgeParams = BaseRidgeParams;
/** The defaults of {@link RidgeParams}, scikit-learn 1.2.1's. */
export const ridgeDefaults: RidgeParams = { ...baseRidgeDefaults };

/**
 * Linear least squares with an L2 penalty, scikit-learn 1.2.1's Ridge: minimises
 * ‖y − Xw − b‖² + α‖w‖² (sample-weighted), for one target (coef (n_features,), scalar intercept) or
 * several (coef (n_targets, n_features), intercept (n_targets,)), with one α or one per target.
 */
export class Ridge extends LinearRegressor<RidgeParams> {
  readonly className = 'Ridge';
  /** How the last fit solved the system: 'cholesky', or 'svd' (asked for, or after a failed Cholesky). */
  solver_: RidgeMethod | undefined;

  constructor(params: EstimatorOptions<RidgeParams> = {}) {
    super('Ridge', ridgeDefaults, { ...params, alpha: copyAlpha(params.alpha) as RidgeParams['alpha'] | undefined });
    checkBaseRidgeParams(this.className, this.params);
  }

  /** @inheritDoc */
  override setParams(params: EstimatorOptions<RidgeParams>): this {
    return super.setParams({ ...params, alpha: copyAlpha(params.alpha) as RidgeParams['alpha'] | undefined });
  }

  protected override checkParamsOnSet(): void {
    checkBaseRidgeParams(this.className, this.params);
  }

  /** Checks every parameter value by fit's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    checkBaseRidgeParams(this.className, this.params);
  }

  /**
   * The exact optimum of the ridge problem, on dense or CSR X. With `fitIntercept`, X and y are centred
   * by their sample-weighted means (CSR implicitly, as scikit-learn does, without densifying) and
   * intercept = ȳ − x̄·coef. The system is solved directly in float64 (see RidgeSolver): where scikit-learn
   * uses Cholesky we match it to rounding; where it iterates (sparse_cg on CSR by default) we give the
   * optimum its iterations approach. A call that throws leaves the model as it was.
   */
  fit(
    X: MatrixInput,
    y: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
    options: { sampleWeight?: ArrayLike<number> | number } = {},
  ): this {
    checkBaseRidgeParams(this.className, this.params);
    const matrix = asMatrix(X);
    const [n, p] = matrix.shape;
    if (n === 0) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `Found array with 0 sample(s) (shape=(0, ${p})) while a minimum of 1 is required`,
      });
    }
    const { values, nTargets, multiOutput } = regressionTargets(this.className, y, n);
    const sw = ridgeSampleWeight(options.sampleWeight, n);
    const fit = fitRidge(this.className, this.params, matrix, values, nTargets, sw);
    this.weights = fit.coef;
    this.coefShape = multiOutput ? [nTargets, p] : [p];
    if (this.params.fitIntercept) {
      this.bias = fit.intercept;
      this.interceptShape = multiOutput ? [nTargets] : [];
    } else {
      // scikit-learn: intercept_ = 0.0, a scalar, whatever the number of targets
      this.bias = new Float64Array(1);
      this.interceptShape = [];
    }
    this.solver_ = fit.method;
    return this;
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }
}
