import { type MatrixInput, refuseSampleWeight } from '../math/input.js';
import type { ClassWeight } from './logistic-regression.js';
import type { Label } from './metrics.js';
import { ParamChecker, type SgdSettings, settingsFromPaParams } from './sgd/base-sgd.js';
import { BaseSGDClassifier, type SGDClassifierFitOptions } from './sgd/base-sgd-classifier.js';
import { lossSpec } from './sgd/loss-functions.js';
import type { EstimatorOptions } from './logger.js';

/** scikit-learn's PassiveAggressiveClassifier.fit takes no sample weights. */
export type PassiveAggressiveClassifierFitOptions = Omit<SGDClassifierFitOptions, 'sampleWeight'>;
export interface PassiveAggressiveClassifierPartialFitOptions {
  classes?: readonly Label[];
}

export interface PassiveAggressiveClassifierParams {
  C: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  shuffle: boolean;
  verbose: number;
  loss: 'hinge' | 'squared_hinge';
  nJobs: number | null;
  randomState: number | null;
  warmStart: boolean;
  classWeight: ClassWeight;
  average: boolean | number;
}

export const passiveAggressiveClassifierDefaults: PassiveAggressiveClassifierParams = {
  C: 1.0,
  fitIntercept: true,
  maxIter: 1000,
  tol: 0.001,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 5,
  shuffle: true,
  verbose: 0,
  loss: 'hinge',
  nJobs: null,
  randomState: null,
  warmStart: false,
  classWeight: null,
  average: false,
};

/**
 * Passive-Aggressive classification (PA-I for loss 'hinge', PA-II for 'squared_hinge'), as scikit-learn
 * 1.2.1: bit-identical with shuffle=false. A sample whose features are all zero is skipped by PA-I
 * without counting towards the internal step count, as scikit-learn does.
 */
export class PassiveAggressiveClassifier<L extends Label = Label> extends BaseSGDClassifier<
  PassiveAggressiveClassifierParams,
  L
> {
  readonly className = 'PassiveAggressiveClassifier';

  constructor(params: EstimatorOptions<PassiveAggressiveClassifierParams> = {}) {
    super('PassiveAggressiveClassifier', passiveAggressiveClassifierDefaults, params);
  }

  fit(X: MatrixInput, y: ArrayLike<L>, options?: PassiveAggressiveClassifierFitOptions): this {
    refuseSampleWeight(this.className, options as { sampleWeight?: unknown } | undefined);
    return this.fitClassifier(X, y, { ...options, sampleWeight: undefined });
  }

  partialFit(X: MatrixInput, y: ArrayLike<L>, options?: PassiveAggressiveClassifierPartialFitOptions): this {
    return this.partialFitClassifier(X, y, { classes: options?.classes });
  }

  protected settings(): SgdSettings {
    return settingsFromPaParams(this.params, lossSpec('hinge', 0), this.params.loss === 'squared_hinge');
  }

  protected validateParams(): void {
    const c = new ParamChecker(this.className, this.params as unknown as Record<string, unknown>);
    c.common();
    c.options('loss', ['hinge', 'squared_hinge']);
    c.real('C', 0, Infinity, 'neither');
    c.int('nJobs', -Infinity, true);
    c.classWeight('classWeight');
  }
}
