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

export interface SGDRegressorParams {
  loss: RegressionLossName;
  penalty: Penalty;
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  shuffle: boolean;
  verbose: number;
  epsilon: number;
  randomState: number | null;
  learningRate: LearningRate;
  eta0: number;
  powerT: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  warmStart: boolean;
  average: boolean | number;
}

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

  fit(X: MatrixInput, y: ArrayLike<number>, options?: SGDRegressorFitOptions): this {
    return this.fitRegressor(X, y, options);
  }

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
