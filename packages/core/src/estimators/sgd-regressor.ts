import type { MatrixInput } from '../math/input.js';
import type { LinearCoefficients } from './linear-model.js';
import type { LinearRegressor } from './linear-regressor.js';
import { ParamChecker, type SgdSettings, settingsFromSgdParams } from './sgd/base-sgd.js';
import {
  BaseSGDRegressor,
  type SGDRegressorFitOptions,
  type SGDRegressorPartialFitOptions,
} from './sgd/base-sgd-regressor.js';
import {
  type BaseSGDParams,
  type LearningRate,
  REGRESSION_LOSSES,
  type RegressionLossName,
  checkSgdParams,
} from './sgd-params.js';
import type { EstimatorOptions } from './logger.js';

/** Parameters of {@link SGDRegressor}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export interface SGDRegressorParams extends BaseSGDParams {
  /**
   * The loss function: 'squared_error' (ordinary least squares), 'huber' (squared error up to `epsilon`, linear past
   * it: robust to outliers), 'epsilon_insensitive' (errors below `epsilon` ignored, linear past it: SVR's loss),
   * 'squared_epsilon_insensitive' (the same, quadratic past `epsilon`).
   * @defaultValue 'squared_error'
   */
  loss: RegressionLossName;
  /**
   * The learning-rate schedule: 'constant' (eta = eta0), 'optimal' (eta = 1 / (alpha * (t + t0))), 'invscaling' (eta =
   * eta0 / t^powerT), 'adaptive' (eta = eta0, divided by 5 each time `nIterNoChange` epochs fail to improve by `tol`).
   * @defaultValue 'invscaling'
   */
  learningRate: LearningRate;
  /**
   * The initial learning rate of the 'constant', 'invscaling' and 'adaptive' schedules.
   * @defaultValue 0.01
   */
  eta0: number;
  /**
   * The exponent of the 'invscaling' learning rate.
   * @defaultValue 0.25
   */
  powerT: number;
  /**
   * Whether to set aside `validationFraction` of the training data and stop when its R² does not improve by `tol` for
   * `nIterNoChange` consecutive epochs.
   * @defaultValue false
   */
  earlyStopping: boolean;
}

/** The defaults of {@link SGDRegressorParams}, scikit-learn 1.2.1's. */
export const sgdRegressorDefaults: SGDRegressorParams = {
  loss: 'squared_error',
  penalty: 'l2',
  alpha: 0.0001,
  l1Ratio: 0.15,
  fitIntercept: true,
  maxIter: 1000,
  tol: 0.001,
  shuffle: true,
  verbose: 0,
  epsilon: 0.1,
  randomState: null,
  learningRate: 'invscaling',
  eta0: 0.01,
  powerT: 0.25,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 5,
  warmStart: false,
  average: false,
};

/**
 * Linear regression trained by SGD, as scikit-learn 1.2.1's SGDRegressor (see SGDClassifier for
 * exactness, shuffling and early stopping, scored here by R² on ShuffleSplit's held-out rows).
 */
export class SGDRegressor extends BaseSGDRegressor<SGDRegressorParams> {
  readonly className = 'SGDRegressor';

  constructor(params: EstimatorOptions<SGDRegressorParams> = {}) {
    super('SGDRegressor', sgdRegressorDefaults, params);
  }

  /** scikit-learn's fit: every epoch up to maxIter (or until tol / early stopping), from scratch unless warmStart. */
  fit(X: MatrixInput, y: ArrayLike<number>, options?: SGDRegressorFitOptions): this {
    return this.fitRegressor(X, y, options);
  }

  /** One epoch over this batch. */
  partialFit(X: MatrixInput, y: ArrayLike<number>, options?: SGDRegressorPartialFitOptions): this {
    return this.partialFitRegressor(X, y, options);
  }

  protected settings(): SgdSettings {
    return settingsFromSgdParams(this.params);
  }

  protected validateParams(): void {
    checkSgdParams(
      new ParamChecker(this.className, this.params as unknown as Record<string, unknown>),
      REGRESSION_LOSSES,
    );
  }

  override predict(X: Parameters<LinearRegressor<SGDRegressorParams>['predict']>[0]): number[] {
    return super.predict(X) as number[];
  }

  /** SGD regressors are single-target: coef (n_features,), intercept (1,) or a scalar. */
  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(c);
    if (c.coefShape.length !== 1)
      throw this.shapeError(
        `${this.className} is single-target: coef must be 1-D, got shape (${c.coefShape.join(', ')})`,
      );
  }
}
