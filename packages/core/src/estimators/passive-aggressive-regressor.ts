import { type MatrixInput, refuseSampleWeight } from '../math/input.js';
import type { LinearCoefficients } from './linear-model.js';
import type { LinearRegressor } from './linear-regressor.js';
import { ParamChecker, type SgdSettings, settingsFromPaParams } from './sgd/base-sgd.js';
import { BaseSGDRegressor, type SGDRegressorFitOptions } from './sgd/base-sgd-regressor.js';
import { lossSpec } from './sgd/loss-functions.js';
import type { EstimatorOptions } from './logger.js';

/** scikit-learn's PassiveAggressiveRegressor.fit takes no sample weights. */
export type PassiveAggressiveRegressorFitOptions = Omit<SGDRegressorFitOptions, 'sampleWeight'>;

/**
 * Parameters of {@link PassiveAggressiveRegressor}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings.
 */
export interface PassiveAggressiveRegressorParams {
  /**
   * Maximum step size (regularization).
   * @defaultValue 1
   */
  C: number;
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
   * The stopping criterion: when not `null`, training stops once loss > previous_loss - tol (for `nIterNoChange`
   * epochs).
   * @defaultValue 0.001
   */
  tol: number | null;
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
   * The number of epochs with no improvement to wait before early stopping.
   * @defaultValue 5
   */
  nIterNoChange: number;
  /**
   * Whether to shuffle the training data after each epoch.
   * @defaultValue true
   */
  shuffle: boolean;
  /**
   * The verbosity level: above 0, each epoch's lines go to the `logger`, as scikit-learn prints them.
   * @defaultValue 0
   */
  verbose: number;
  /**
   * 'epsilon_insensitive' is PA-I of the reference paper (Crammer et al., 2006), 'squared_epsilon_insensitive' PA-II.
   * @defaultValue 'epsilon_insensitive'
   */
  loss: 'epsilon_insensitive' | 'squared_epsilon_insensitive';
  /**
   * If the difference between the current prediction and the correct label is below this threshold, the model is not
   * updated.
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
   * Whether `fit` starts from the previous solution instead of erasing it.
   * @defaultValue false
   */
  warmStart: boolean;
  /**
   * `true` stores the averaged weights across all updates in coef_; an integer n > 1 starts averaging once n samples
   * have been seen.
   * @defaultValue false
   */
  average: boolean | number;
}

/** The defaults of {@link PassiveAggressiveRegressorParams}, scikit-learn 1.2.1's. */
export const passiveAggressiveRegressorDefaults: PassiveAggressiveRegressorParams = {
  C: 1.0,
  fitIntercept: true,
  maxIter: 1000,
  tol: 0.001,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 5,
  shuffle: true,
  verbose: 0,
  loss: 'epsilon_insensitive',
  epsilon: 0.1,
  randomState: null,
  warmStart: false,
  average: false,
};

/**
 * Passive-Aggressive regression (PA-I for 'epsilon_insensitive', PA-II for 'squared_epsilon_insensitive'),
 * as scikit-learn 1.2.1: bit-identical with shuffle=false.
 */
export class PassiveAggressiveRegressor extends BaseSGDRegressor<PassiveAggressiveRegressorParams> {
  readonly className = 'PassiveAggressiveRegressor';

  constructor(params: EstimatorOptions<PassiveAggressiveRegressorParams> = {}) {
    super('PassiveAggressiveRegressor', passiveAggressiveRegressorDefaults, params);
  }

  /** scikit-learn's fit: every epoch up to maxIter (or until tol / early stopping), from scratch unless warmStart. */
  fit(X: MatrixInput, y: ArrayLike<number>, options?: PassiveAggressiveRegressorFitOptions): this {
    refuseSampleWeight(this.className, options as { sampleWeight?: unknown } | undefined);
    return this.fitRegressor(X, y, { ...options, sampleWeight: undefined });
  }

  /** One epoch over this batch. */
  partialFit(X: MatrixInput, y: ArrayLike<number>): this {
    return this.partialFitRegressor(X, y);
  }

  protected settings(): SgdSettings {
    return settingsFromPaParams(
      this.params,
      lossSpec('epsilon_insensitive', this.params.epsilon),
      this.params.loss === 'squared_epsilon_insensitive',
    );
  }

  protected validateParams(): void {
    const c = new ParamChecker(this.className, this.params as unknown as Record<string, unknown>);
    c.common();
    c.options('loss', ['epsilon_insensitive', 'squared_epsilon_insensitive']);
    c.real('C', 0, Infinity, 'neither');
    c.real('epsilon', 0, Infinity, 'left');
  }

  override predict(X: Parameters<LinearRegressor<PassiveAggressiveRegressorParams>['predict']>[0]): number[] {
    return super.predict(X) as number[];
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(c);
    if (c.coefShape.length !== 1)
      throw this.shapeError(
        `${this.className} is single-target: coef must be 1-D, got shape (${c.coefShape.join(', ')})`,
      );
  }
}
