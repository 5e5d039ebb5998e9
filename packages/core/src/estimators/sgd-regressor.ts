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
  LEARNING_RATES,
  type LearningRate,
  PENALTIES,
  type Penalty,
  type RegressionLossName,
} from './sgd-classifier.js';
import type { EstimatorOptions } from './logger.js';

/** Parameters of {@link SGDRegressor}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export interface SGDRegressorParams {
  /**
   * The loss function: 'squared_error' (ordinary least squares), 'huber' (squared error up to `epsilon`, linear past
   * it: robust to outliers), 'epsilon_insensitive' (errors below `epsilon` ignored, linear past it: SVR's loss),
   * 'squared_epsilon_insensitive' (the same, quadratic past `epsilon`).
   * @defaultValue 'squared_error'
   */
  loss: RegressionLossName;
  /**
   * The regularization term: 'l2', 'l1' or 'elasticnet' (the last two can make the model sparse); `null` adds none.
   * @defaultValue 'l2'
   */
  penalty: Penalty;
  /**
   * Constant that multiplies the regularization term: the higher, the stronger the regularization. Also sets the
   * learning rate when `learningRate` is 'optimal'. In [0, ∞).
   * @defaultValue 0.0001
   */
  alpha: number;
  /**
   * The Elastic Net mixing parameter in [0, 1]: 0 is the L2 penalty, 1 the L1. Only used when `penalty` is
   * 'elasticnet'.
   * @defaultValue 0.15
   */
  l1Ratio: number;
  /**
   * Whether to estimate the intercept; when false the data is assumed to be centered already.
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * The maximum number of passes over the training data (epochs) in `fit`; `partialFit` always makes one.
   * @defaultValue 1000
   */
  maxIter: number;
  /**
   * The stopping criterion: when not `null`, training stops once loss > best_loss - tol for `nIterNoChange` consecutive
   * epochs (the training loss, or the validation score with `earlyStopping`).
   * @defaultValue 0.001
   */
  tol: number | null;
  /**
   * Whether to shuffle the training data after each epoch.
   * @defaultValue true
   */
  shuffle: boolean;
  /**
   * The verbosity level: above 0, each epoch's norm, NNZs, bias, t and average loss go to the `logger`, as scikit-learn
   * prints them.
   * @defaultValue 0
   */
  verbose: number;
  /**
   * Epsilon of the 'huber', 'epsilon_insensitive' and 'squared_epsilon_insensitive' losses: for 'huber', the threshold
   * past which getting the prediction exactly right matters less; for the epsilon-insensitive losses, differences below
   * it are ignored.
   * @defaultValue 0.1
   */
  epsilon: number;
  /**
   * Seed of the shuffling (and of early stopping's validation split), as scikit-learn's integer `random_state`; `null`
   * draws a fresh seed on each call.
   * @defaultValue null
   */
  randomState: number | null;
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
  /**
   * The fraction of the training data set aside for early stopping, in (0, 1). Only used with `earlyStopping`.
   * @defaultValue 0.1
   */
  validationFraction: number;
  /**
   * The number of epochs with no improvement to wait before stopping (or, with 'adaptive', before dividing the learning
   * rate).
   * @defaultValue 5
   */
  nIterNoChange: number;
  /**
   * Whether `fit` starts from the previous solution instead of erasing it.
   * @defaultValue false
   */
  warmStart: boolean;
  /**
   * `true` stores the averaged SGD weights across all updates in coef_; an integer n > 1 starts averaging once n
   * samples have been seen.
   * @defaultValue false
   */
  average: boolean | number;
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

/** Every {@link RegressionLossName}, in scikit-learn's order. */
export const REGRESSION_LOSSES: readonly RegressionLossName[] = [
  'squared_error',
  'huber',
  'epsilon_insensitive',
  'squared_epsilon_insensitive',
];

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
    const c = new ParamChecker(this.className, this.params as unknown as Record<string, unknown>);
    c.common();
    c.options('loss', REGRESSION_LOSSES);
    c.options('penalty', PENALTIES);
    c.real('alpha', 0, Infinity, 'left');
    c.real('l1Ratio', 0, 1, 'both');
    c.real('powerT', -Infinity, Infinity, 'neither');
    c.real('epsilon', 0, Infinity, 'left');
    c.options('learningRate', LEARNING_RATES);
    c.real('eta0', 0, Infinity, 'left');
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
