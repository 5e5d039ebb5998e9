import { type MatrixInput, refuseSampleWeight } from '../math/input.js';
import type { LinearCoefficients } from './linear-model.js';
import type { LinearRegressor } from './linear-regressor.js';
import { ParamChecker, type SgdSettings, settingsFromPaParams } from './sgd/base-sgd.js';
import { BaseSGDRegressor, type SGDRegressorFitOptions } from './sgd/base-sgd-regressor.js';
import { lossSpec } from './sgd/loss-functions.js';
import type { EstimatorOptions } from './logger.js';

/** scikit-learn's PassiveAggressiveRegressor.fit takes no sample weights. */
export type PassiveAggressiveRegressorFitOptions = Omit<SGDRegressorFitOptions, 'sampleWeight'>;

export interface PassiveAggressiveRegressorParams {
  C: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  shuffle: boolean;
  verbose: number;
  loss: 'epsilon_insensitive' | 'squared_epsilon_insensitive';
  epsilon: number;
  randomState: number | null;
  warmStart: boolean;
  average: boolean | number;
}

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

  fit(X: MatrixInput, y: ArrayLike<number>, options?: PassiveAggressiveRegressorFitOptions): this {
    refuseSampleWeight(this.className, options as { sampleWeight?: unknown } | undefined);
    return this.fitRegressor(X, y, { ...options, sampleWeight: undefined });
  }

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
