import { IcepickleError, NotFittedError } from '../../errors.js';
import { asTargets, type MatrixInput } from '../../math/input.js';
import type { LinearCoefficients } from '../linear-model.js';
import { LinearRegressor } from '../linear-regressor.js';
import { r2Score } from '../metrics.js';
import {
  MAX_ITER_WARNING,
  type SgdSettings,
  type TrainingWarning,
  checkFeatureCount,
  maskedDecisions,
  moreValidate,
  plainConfig,
  prepareSampleWeight,
  prepareX,
  shuffleSeeds,
  userValidationMask,
  validationSplit,
} from './base-sgd.js';
import { type ClassifierTraining as SgdTraining, checkFinite, flatten } from './base-sgd-classifier.js';
import { type OnProgress, type ProgressTracker, progressTracker } from '../../progress/progress.js';
import { plainSgd } from './plain-sgd.js';
import { SupportMemo, supportAfter } from './weight-support.js';
import { type TrainingState, classifierStateFrom, classifierStateTo } from './training-state-values.js';

/** Options of a regressor's SGD `fit`. */
export interface SGDRegressorFitOptions {
  /**
   * Initial coefficients, (n_features,).
   * @defaultValue undefined (zeros, or the current coefficients with warmStart)
   */
  coefInit?: ArrayLike<number>;
  /**
   * Initial intercept, one value.
   * @defaultValue undefined (zero, or the current intercept with warmStart)
   */
  interceptInit?: ArrayLike<number> | number;
  /**
   * Weights applied to individual samples.
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * With `earlyStopping`: the rows to hold out (true / 1), instead of the split drawn from randomState.
   * @defaultValue undefined (scikit-learn's split)
   */
  validationMask?: ArrayLike<boolean | number>;
  /**
   * Called as epochs finish (unit 'epochs', phase 'fit', total maxIter; stopping early counts as done).
   * @defaultValue undefined (no progress reported)
   */
  onProgress?: OnProgress;
}

/** Options of a regressor's SGD `partialFit`. */
export interface SGDRegressorPartialFitOptions {
  /**
   * Weights applied to individual samples.
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
}

/** fit / partialFit for SGDRegressor and PassiveAggressiveRegressor (scikit-learn's BaseSGDRegressor). */
export abstract class BaseSGDRegressor<P extends object> extends LinearRegressor<P> {
  /** Warnings raised by the last fit / partialFit call (scikit-learn's ConvergenceWarning), in order. */
  warnings_: TrainingWarning[] = [];
  protected training: SgdTraining | undefined;

  protected abstract settings(): SgdSettings;
  protected abstract validateParams(): void;

  /** With verbose > 0, `_plain_sgd`'s lines go to the logger's `info` (scikit-learn prints them). */
  protected verboseLog(): ((line: string) => void) | null {
    const verbose = (this.params as { verbose?: unknown }).verbose;
    if (!(typeof verbose === 'number' && verbose > 0)) return null;
    const logger = this.logger;
    return (line) => logger.info(line);
  }

  /** Checks every parameter value by fit's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    this.validateParams();
    moreValidate(this.className, this.settings(), false);
  }

  /** The number of epochs of the last fit (scikit-learn's `n_iter_`). */
  get nIter_(): number {
    if (this.training?.nIter === undefined) throw new NotFittedError(this.className);
    return this.training.nIter;
  }

  /** The number of weight updates made so far, plus one (scikit-learn's `t_`, which drives the learning rate). */
  get t_(): number {
    if (this.training?.t === undefined) throw new NotFittedError(this.className);
    return this.training.t;
  }

  override setCoefficients(c: LinearCoefficients): this {
    super.setCoefficients(c);
    this.training = undefined;
    // one pass at load, so that every partialFit on the model visits its support only
    this.support.loaded(this.weights!, 1, this.weights!.length);
    return this;
  }

  /** The support of coef_ (weight-support.ts): plainSgd then trains a compact w. */
  private readonly support = new SupportMemo();

  protected fitRegressor(X: MatrixInput, y: ArrayLike<number>, options: SGDRegressorFitOptions = {}): this {
    this.validateParams();
    const s = this.settings();
    moreValidate(this.className, s, false);
    // fit trains into fresh arrays and commits at the end: X's values can be checked as training meets them
    const data = prepareX(X, !s.earlyStopping);
    const { nSamples, nFeatures } = data;
    const targets = asTargets(y, nSamples);
    const sampleWeight = prepareSampleWeight(options.sampleWeight, nSamples);
    let coefInit: ArrayLike<number> | undefined = options.coefInit;
    let interceptInit = options.interceptInit;
    if ((this.params as { warmStart?: boolean }).warmStart && this.weights !== undefined) {
      coefInit ??= this.weights;
      interceptInit ??= this.bias;
    }
    let coef: Float64Array = new Float64Array(nFeatures);
    if (coefInit !== undefined) {
      const flat = flatten(coefInit);
      if (flat === undefined || flat.length !== nFeatures) {
        throw new IcepickleError('SHAPE_MISMATCH', {
          scope: this.className,
          detail: `Provided coef_init does not match dataset: expected (${nFeatures},)`,
        });
      }
      checkFinite(flat, 'coefInit', this.className);
      coef = flat;
    }
    let intercept: Float64Array = new Float64Array(1);
    if (interceptInit !== undefined) {
      const flat =
        typeof interceptInit === 'number' ? Float64Array.of(interceptInit) : Float64Array.from(interceptInit);
      if (flat.length !== 1)
        throw new IcepickleError('SHAPE_MISMATCH', {
          scope: this.className,
          detail: 'Provided intercept_init does not match dataset: expected 1 value',
        });
      checkFinite(flat, 'interceptInit', this.className);
      intercept = flat;
    }
    let mask: Uint8Array | null = null;
    if (s.earlyStopping) {
      mask =
        options.validationMask !== undefined
          ? userValidationMask(this.className, options.validationMask, nSamples, sampleWeight)
          : validationSplit(this.className, nSamples, s.validationFraction, s.randomState, null, sampleWeight);
    }
    const averaging = s.average > 0;
    const training: SgdTraining = {
      coef,
      intercept,
      standardCoef: averaging ? coef : undefined,
      averageCoef: averaging ? new Float64Array(nFeatures) : undefined,
      standardIntercept: averaging ? intercept : undefined,
      averageIntercept: averaging ? new Float64Array(1) : undefined,
      t: 1.0,
      nIter: undefined,
    };
    const progress = progressTracker(options.onProgress, s.maxIter, 'epochs', 'fit');
    progress?.start();
    this.runRegressor(training, data, targets, sampleWeight, mask, s, s.maxIter, coefInit === undefined, progress);
    progress?.finish();
    this.commit(training, nFeatures);
    this.warnings_ =
      s.tol !== null && training.nIter === s.maxIter
        ? [{ category: 'ConvergenceWarning', message: MAX_ITER_WARNING }]
        : [];
    return this;
  }

  protected partialFitRegressor(
    X: MatrixInput,
    y: ArrayLike<number>,
    options: SGDRegressorPartialFitOptions = {},
  ): this {
    this.validateParams();
    const s = this.settings();
    moreValidate(this.className, s, true);
    // a first call trains into fresh arrays, committed at the end: X's values can be checked as
    // training meets them (later calls change the model in place, so X is scanned first)
    const fresh = this.training === undefined && this.weights === undefined;
    // a loaded model of known support trains on a copy and writes it back at the end (plainSgd), too
    const known = s.average === 0 && this.support.of(this.weights) !== null;
    const data = prepareX(X, fresh || known);
    const { nSamples, nFeatures } = data;
    const targets = asTargets(y, nSamples);
    const sampleWeight = prepareSampleWeight(options.sampleWeight, nSamples);
    if (this.weights !== undefined)
      checkFeatureCount(this.className, nFeatures, this.coefShape[this.coefShape.length - 1]!);

    // everything is validated: from here on the model changes
    let training = this.training;
    if (training === undefined) {
      const coef = this.weights ?? new Float64Array(nFeatures);
      const intercept = this.bias ?? new Float64Array(1);
      // t as fit's literal sets it (a field first holding undefined would deoptimise fit's code)
      training = {
        coef,
        intercept,
        standardCoef: undefined,
        averageCoef: undefined,
        standardIntercept: undefined,
        averageIntercept: undefined,
        t: 1.0,
        nIter: undefined,
      };
    }
    if (s.average > 0) {
      training.standardCoef ??= training.coef;
      training.standardIntercept ??= training.intercept;
      training.averageCoef ??= new Float64Array(nFeatures);
      training.averageIntercept ??= new Float64Array(1);
    }
    training.t ??= 1.0;
    this.runRegressor(training, data, targets, sampleWeight, null, s, 1, fresh);
    this.commit(training, nFeatures);
    this.warnings_ = [];
    return this;
  }

  /** See BaseSGDClassifier.getTrainingState. */
  getTrainingState(): TrainingState {
    this.checkFitted();
    return classifierStateTo(this.training);
  }

  /** Restores getTrainingState()'s output onto a model holding the same coefficients. */
  setTrainingState(state: TrainingState): this {
    this.checkFitted();
    this.training = classifierStateFrom(
      state,
      this.weights!,
      this.bias!,
      this.coefShape[this.coefShape.length - 1]!,
      1,
      this.className,
    );
    this.weights = this.training.coef;
    this.bias = this.training.intercept;
    return this;
  }

  private runRegressor(
    training: SgdTraining,
    data: ReturnType<typeof prepareX>,
    y: Float64Array,
    sampleWeight: Float64Array,
    mask: Uint8Array | null,
    s: SgdSettings,
    maxIter: number,
    /** The coefficients were just allocated (all zeros). */
    weightsStartZero: boolean,
    progress?: ProgressTracker,
  ): void {
    const { rows, nSamples, interceptDecay } = data;
    const averaging = s.average > 0;
    const state = {
      weights: averaging ? training.standardCoef! : training.coef,
      intercept: averaging ? training.standardIntercept![0]! : training.intercept[0]!,
      averageWeights: averaging ? training.averageCoef! : null,
      averageIntercept: averaging ? training.averageIntercept![0]! : 0.0,
      support: averaging ? null : this.support.of(training.coef),
    };
    // training changes coef_ in place: the support is known again once it has trained
    this.support.set(undefined);
    const validationScore =
      mask === null
        ? null
        : (w: Float64Array, b: number): number => {
            // scikit-learn scores the stored (unscaled) weights: weighted R² on the held-out rows
            const { index, decision } = maskedDecisions(rows, mask, w, b);
            const yv = new Float64Array(index.length);
            const sv = new Float64Array(index.length);
            for (let r = 0; r < index.length; r++) {
              yv[r] = y[index[r]!]!;
              sv[r] = sampleWeight[index[r]!]!;
            }
            return r2Score(yv, decision, sv);
          };
    const nIter = plainSgd(state, plainConfig(s, maxIter), {
      rows,
      y,
      sampleWeight,
      weightPos: 1.0,
      weightNeg: 1.0,
      t: training.t!,
      interceptDecay,
      validationMask: mask,
      validationScore,
      shuffleSeed: s.shuffle ? shuffleSeeds('regressor', s.randomState, 1)[0]! : null,
      weightsStartZero,
      checkValues: data.checkValues,
      log: this.verboseLog(),
      onEpoch: progress ? (e) => progress.update(e) : null,
    });
    training.t = training.t! + nIter * nSamples;
    training.nIter = nIter;
    if (!averaging) this.support.set(supportAfter(training.coef, state.support, training.coef.length));
    if (averaging) {
      training.averageIntercept = Float64Array.of(state.averageIntercept);
      training.standardIntercept = Float64Array.of(state.intercept);
      if (s.average <= training.t - 1) {
        training.coef = training.averageCoef!;
        training.intercept = Float64Array.of(state.averageIntercept);
      } else {
        training.coef = training.standardCoef!;
        training.intercept = Float64Array.of(state.intercept);
      }
    } else {
      training.intercept = Float64Array.of(state.intercept);
    }
  }

  private commit(training: SgdTraining, nFeatures: number): void {
    this.training = training;
    this.weights = training.coef;
    this.bias = training.intercept;
    this.coefShape = [nFeatures];
    this.interceptShape = [1];
  }
}
