import { type MatrixInput, refuseSampleWeight } from '../math/input.js';
import type { ClassWeight } from './logistic-regression.js';
import type { Label } from './metrics.js';
import { ParamChecker, type SgdSettings, settingsFromPaParams } from './sgd/base-sgd.js';
import { BaseSGDClassifier, type SGDClassifierFitOptions } from './sgd/base-sgd-classifier.js';
import { lossSpec } from './sgd/loss-functions.js';
import type { EstimatorOptions } from './logger.js';

/** scikit-learn's PassiveAggressiveClassifier.fit takes no sample weights. */
export type PassiveAggressiveClassifierFitOptions = Omit<SGDClassifierFitOptions, 'sampleWeight'>;
/** Options of {@link PassiveAggressiveClassifier.partialFit}. */
export interface PassiveAggressiveClassifierPartialFitOptions {
  /**
   * Every class the model will see, required on the first call (as scikit-learn's `classes`).
   * @defaultValue undefined (the fitted classes_ of an earlier call)
   */
  classes?: readonly Label[];
}

/**
 * Parameters of {@link PassiveAggressiveClassifier}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings.
 */
export interface PassiveAggressiveClassifierParams {
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
   * Whether to set aside a stratified `validationFraction` of the training data and stop when its accuracy does not
   * improve by `tol` for `nIterNoChange` consecutive epochs.
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
   * 'hinge' is PA-I of the reference paper (Crammer et al., 2006), 'squared_hinge' PA-II.
   * @defaultValue 'hinge'
   */
  loss: 'hinge' | 'squared_hinge';
  /**
   * scikit-learn's number of CPUs for the one-vs-all computation; accepted for compatibility, classes are trained one
   * after another here.
   * @defaultValue null
   */
  nJobs: number | null;
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
   * Weights of the classes: `{ label: weight }`, 'balanced' (n_samples / (n_classes * count of each class)), or `null`
   * for weight one for every class.
   * @defaultValue null
   */
  classWeight: ClassWeight;
  /**
   * `true` stores the averaged weights across all updates in coef_; an integer n > 1 starts averaging once n samples
   * have been seen.
   * @defaultValue false
   */
  average: boolean | number;
}

/** The defaults of {@link PassiveAggressiveClassifierParams}, scikit-learn 1.2.1's. */
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

  /** scikit-learn's fit: every epoch up to maxIter (or until tol / early stopping), from scratch unless warmStart. */
  fit(X: MatrixInput, y: ArrayLike<L>, options?: PassiveAggressiveClassifierFitOptions): this {
    refuseSampleWeight(this.className, options as { sampleWeight?: unknown } | undefined);
    return this.fitClassifier(X, y, { ...options, sampleWeight: undefined });
  }

  /** One epoch over this batch; `classes` is required on the first call unless classes_ exists. */
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
