import { IcepickleError } from '../errors.js';
import { type MatrixInput, asMatrix } from '../math/input.js';
import { fitElasticNet } from './coordinate-descent-fit.js';
import { type LassoParams, checkCoordinateDescentParams } from './coordinate-descent-params.js';
import type { LinearCoefficients } from './linear-model.js';
import { LinearRegressor } from './linear-regressor.js';
import { regressionTargets } from './regression-targets.js';
import { ridgeSampleWeight } from './ridge-fit.js';
import { withRowIntercept } from './scalar-intercept.js';
import type { EstimatorOptions } from './logger.js';
import { type OnProgress, progressTracker } from '../progress/progress.js';

/** Options of Lasso's and ElasticNet's fit. */
export interface CoordinateDescentFitOptions {
  /**
   * A weight per sample (scikit-learn's sample_weight); scikit-learn ignores a number here.
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number> | number;
  /**
   * Called as sweeps finish (unit 'iterations', phase 'fit'): total is maxIter per target, and a target
   * that converges counts as done.
   * @defaultValue undefined (no progress reported)
   */
  onProgress?: OnProgress;
}

/**
 * Lasso and ElasticNet: scikit-learn 1.2.1's cyclic coordinate descent (see fitElasticNet), dense or
 * CSR, one or several targets; coef (n_features,) and a scalar intercept for one target,
 * (n_targets, n_features) and (n_targets,) for several, as scikit-learn.
 */
export abstract class CoordinateDescentRegressor<P extends LassoParams> extends LinearRegressor<P> {
  /** Sweeps of the last fit: a number for one target, one per target otherwise. */
  nIter_: number | number[] | undefined;
  /** Duality gap(s) at the end of the last fit. */
  dualGap_: number | number[] | undefined;
  /** Warnings of the last fit, as scikit-learn would emit them (alpha = 0, ConvergenceWarning). */
  warnings_: string[] = [];

  protected constructor(scope: string, defaults: P, params: EstimatorOptions<P>) {
    super(scope, defaults, params);
    checkCoordinateDescentParams(scope, this.params);
  }

  protected override checkParamsOnSet(): void {
    checkCoordinateDescentParams(this.className, this.params);
  }

  /** Checks every parameter value by fit's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    checkCoordinateDescentParams(this.className, this.params);
  }

  /**
   * Fits by coordinate descent from zeros (or, with warmStart, from the current coefficients), as
   * scikit-learn: the same sweeps and duality-gap stop, so coef_ equals scikit-learn's to rounding at any
   * tol. selection='random', a precomputed Gram array and sample weights with CSR input are refused
   * (NOT_SUPPORTED). A call that throws leaves the model as it was.
   */
  fit(
    X: MatrixInput,
    y: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
    options: CoordinateDescentFitOptions = {},
  ): this {
    checkCoordinateDescentParams(this.className, this.params);
    const matrix = asMatrix(X);
    const [n, p] = matrix.shape;
    if (n === 0) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `Found array with 0 sample(s) (shape=(0, ${p})) while a minimum of 1 is required`,
      });
    }
    const { values, nTargets: t, multiOutput } = regressionTargets(this.className, y, n);
    // scikit-learn ignores a number as sample_weight here
    const sw = typeof options.sampleWeight === 'number' ? undefined : ridgeSampleWeight(options.sampleWeight, n);
    const warm = this.params.warmStart && this.isFitted() ? this.warmCoefficients(t, p) : undefined;
    const progress = progressTracker(options.onProgress, t * (this.params.maxIter ?? 1000), 'iterations', 'fit');
    const fit = fitElasticNet(this.className, this.params, matrix, values, t, sw, warm, progress);
    this.weights = fit.coef;
    this.coefShape = multiOutput ? [t, p] : [p];
    this.bias = this.params.fitIntercept ? fit.intercept : new Float64Array(1);
    this.interceptShape = this.params.fitIntercept && multiOutput ? [t] : [];
    this.nIter_ = multiOutput ? fit.nIter : fit.nIter[0];
    this.dualGap_ = multiOutput ? fit.dualGap : fit.dualGap[0];
    this.warnings_ = fit.warnings;
    return this;
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }

  /** The current coef_ as a t × p start point (scikit-learn takes coef_ as is; its shape must fit). */
  private warmCoefficients(t: number, p: number): Float64Array {
    if (this.weights!.length !== t * p) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `warm start: coef_ has shape (${this.coefShape.join(', ')}), the data needs ${t} × ${p}`,
      });
    }
    return this.weights!.slice();
  }
}
