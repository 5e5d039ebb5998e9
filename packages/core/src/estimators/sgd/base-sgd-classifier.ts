import { IcepickleError, NotFittedError } from '../../errors.js';
import type { MatrixInput } from '../../math/input.js';
import { computeClassWeight } from '../class-weight.js';
import { classDType, encodeLabels, labelKind, uniqueLabels } from '../labels.js';
import { LinearClassifier } from '../linear-classifier.js';
import type { LinearCoefficients } from '../linear-model.js';
import type { Label } from '../metrics.js';
import {
  MAX_ITER_WARNING,
  type PreparedData,
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
import { type OnProgress, type ProgressTracker, progressTracker } from '../../progress/progress.js';
import { plainSgd } from './plain-sgd.js';
import { SupportMemo, supportAfter } from './weight-support.js';
import { type TrainingState, classifierStateFrom, classifierStateTo } from './training-state-values.js';

/** Options of a classifier's SGD `fit`. */
export interface SGDClassifierFitOptions {
  /**
   * Initial coefficients, (n_classes, n_features), or (n_features,) / (1, n_features) for binary problems.
   * @defaultValue undefined (zeros, or the current coefficients with warmStart)
   */
  coefInit?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /**
   * Initial intercepts, (n_classes,), or one value for binary problems.
   * @defaultValue undefined (zeros, or the current intercepts with warmStart)
   */
  interceptInit?: ArrayLike<number> | number;
  /**
   * Weights applied to individual samples, multiplied with the class weights.
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * With `earlyStopping`: the rows to hold out (true / 1), instead of the split scikit-learn would draw
   * from randomState (which is what is used by default).
   * @defaultValue undefined (scikit-learn's split)
   */
  validationMask?: ArrayLike<boolean | number>;
  /**
   * Called as epochs finish (unit 'epochs', phase 'fit'): total is maxIter per one-vs-rest problem, and
   * a problem that stops early counts as done.
   * @defaultValue undefined (no progress reported)
   */
  onProgress?: OnProgress;
}

/** Options of a classifier's SGD `partialFit`. */
export interface SGDClassifierPartialFitOptions {
  /**
   * Every class, required on the first call (unless classes_ exists, e.g. after setCoefficients).
   * @defaultValue undefined (the existing classes_)
   */
  classes?: readonly Label[];
  /**
   * Weights applied to individual samples, multiplied with the class weights.
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
}

/**
 * What scikit-learn keeps between calls. The objects and their aliasing are scikit-learn 1.2.1's, because
 * its averaged classifiers read stale intercepts through them (packages/test-utils/fixtures/sklearn/README.md section 3):
 * `coef` is coef_ (the standard or the average buffer), `intercept` is intercept_ (its own array, the
 * standard intercept object or the average one).
 */
export interface ClassifierTraining {
  coef: Float64Array;
  intercept: Float64Array;
  standardCoef: Float64Array | undefined;
  averageCoef: Float64Array | undefined;
  standardIntercept: Float64Array | undefined;
  averageIntercept: Float64Array | undefined;
  t: number | undefined;
  nIter: number | undefined;
}

/** fit / partialFit for SGDClassifier and PassiveAggressiveClassifier: one-vs-rest over `_plain_sgd`. */
export abstract class BaseSGDClassifier<P extends object, L extends Label = Label> extends LinearClassifier<P, L> {
  /** Warnings raised by the last fit / partialFit call (scikit-learn's ConvergenceWarning), in order. */
  warnings_: TrainingWarning[] = [];
  protected training: ClassifierTraining | undefined;

  /** Hyper-parameters as `_plain_sgd` uses them. */
  protected abstract settings(): SgdSettings;
  /** scikit-learn's `_parameter_constraints` for this estimator; throws INVALID_PARAMETER. */
  protected abstract validateParams(): void;

  /** Checks every parameter value by fit's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    this.validateParams();
    moreValidate(this.className, this.settings(), false);
  }

  /** Epochs run by the last call (the max over classes for one-vs-rest). */
  get nIter_(): number {
    if (this.training?.nIter === undefined) throw new NotFittedError(this.className);
    return this.training.nIter;
  }

  /** 1 + the number of samples seen (scikit-learn's `t_`, which drives the learning rate). */
  get t_(): number {
    if (this.training?.t === undefined) throw new NotFittedError(this.className);
    return this.training.t;
  }

  /** Installs coefficients as a freshly loaded model: the next partialFit starts at t_ = 1, as scikit-learn. */
  override setCoefficients(c: LinearCoefficients): this {
    super.setCoefficients(c);
    this.training = undefined;
    // one pass at load, so that every partialFit on the model visits its support only
    const [rows, nFeatures] = this.coefShape.length === 2 ? this.coefShape : [1, this.coefShape[0]!];
    this.support.loaded(this.weights!, rows!, nFeatures!);
    return this;
  }

  /** The support of coef_'s rows (weight-support.ts): plainSgd then trains a compact w. */
  private readonly support = new SupportMemo();

  /** With verbose > 0, `_plain_sgd`'s lines go to the logger's `info` (scikit-learn prints them). */
  protected verboseLog(): ((line: string) => void) | null {
    const verbose = (this.params as { verbose?: unknown }).verbose;
    if (!(typeof verbose === 'number' && verbose > 0)) return null;
    const logger = this.logger;
    return (line) => logger.info(line);
  }

  /** scikit-learn 1.2.1's `_more_validate_params` warns at every fit and partial_fit with loss='log'. */
  private warnDeprecatedLoss(): void {
    if ((this.params as { loss?: unknown }).loss !== 'log') return;
    this.logger.warn(
      "FutureWarning: The loss 'log' was deprecated in v1.1 and will be removed in version 1.3. Use `loss='log_loss'` which is equivalent.",
    );
  }

  /** Trains from scratch (or from coefInit / the current coefficients with warmStart), as scikit-learn's fit. */
  protected fitClassifier(X: MatrixInput, y: ArrayLike<Label>, options: SGDClassifierFitOptions = {}): this {
    this.validateParams();
    const s = this.settings();
    moreValidate(this.className, s, false);
    this.warnDeprecatedLoss();
    // fit trains into fresh arrays and commits at the end: X's values can be checked as training meets them
    const data = prepareX(X, !s.earlyStopping);
    const { nSamples, nFeatures } = data;
    this.checkTargetLength(y, nSamples);
    const classes = uniqueLabels(y);
    if (classes.length < 2) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `The number of classes has to be greater than one; got ${classes.length} class`,
      });
    }
    const yIndex = encodeLabels(y, classes);
    const sampleWeight = prepareSampleWeight(options.sampleWeight, nSamples);
    const classWeight = computeClassWeight(s.classWeight, classes, yIndex, this.className);
    const nb = classes.length === 2 ? 1 : classes.length;
    let coefInit = options.coefInit;
    let interceptInit = options.interceptInit;
    if ((this.params as { warmStart?: boolean }).warmStart && this.weights !== undefined) {
      coefInit ??= this.weights;
      interceptInit ??= this.bias;
    }
    const coef = coefInit === undefined ? new Float64Array(nb * nFeatures) : this.initialCoef(coefInit, nb, nFeatures);
    const intercept = interceptInit === undefined ? new Float64Array(nb) : this.initialIntercept(interceptInit, nb);
    let mask: Uint8Array | null = null;
    if (s.earlyStopping) {
      mask =
        options.validationMask !== undefined
          ? userValidationMask(this.className, options.validationMask, nSamples, sampleWeight)
          : validationSplit(
              this.className,
              nSamples,
              (this.params as { validationFraction: number }).validationFraction,
              s.randomState,
              yIndex,
              sampleWeight,
            );
    }
    const averaging = s.average > 0;
    const training: ClassifierTraining = {
      coef,
      intercept,
      standardCoef: averaging ? coef : undefined,
      averageCoef: averaging ? new Float64Array(nb * nFeatures) : undefined,
      standardIntercept: averaging ? intercept : undefined,
      averageIntercept: averaging ? new Float64Array(nb) : undefined,
      t: 1.0,
      nIter: undefined,
    };
    this.runOneVsRest(
      training,
      data,
      yIndex,
      classes.length,
      sampleWeight,
      classWeight,
      mask,
      s,
      s.maxIter,
      coefInit === undefined,
      progressTracker(options.onProgress, nb * s.maxIter, 'epochs', 'fit'),
    );
    const warnings: TrainingWarning[] = [];
    if (s.tol !== null && training.nIter === s.maxIter)
      warnings.push({ category: 'ConvergenceWarning', message: MAX_ITER_WARNING });
    this.labels = classes;
    this.labelDType = classDType(classes);
    this.commit(training, nFeatures, nb);
    this.warnings_ = warnings;
    return this;
  }

  /** One epoch over (X, y), continuing from the current state, as scikit-learn's partial_fit. */
  protected partialFitClassifier(
    X: MatrixInput,
    y: ArrayLike<Label>,
    options: SGDClassifierPartialFitOptions = {},
  ): this {
    this.validateParams();
    const s = this.settings();
    moreValidate(this.className, s, true);
    this.warnDeprecatedLoss();
    if (this.labels === undefined && s.classWeight === 'balanced') {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: this.className,
        detail:
          "class_weight 'balanced' is not supported for partial_fit. Compute the weights once (e.g. n_samples / (n_classes * count) over a large enough sample) and pass them as a {label: weight} class_weight.",
      });
    }
    // a first call trains into fresh arrays, committed at the end: X's values can be checked as
    // training meets them (later calls change the model in place, so X is scanned first)
    const fresh = this.training === undefined && this.weights === undefined;
    // a loaded model of known support trains on a copy and writes it back at the end (plainSgd), too
    const known = s.average === 0 && this.support.of(this.weights) !== null;
    const data = prepareX(X, fresh || known);
    const { nSamples, nFeatures } = data;
    this.checkTargetLength(y, nSamples);
    let classes = this.labels;
    if (classes === undefined) {
      if (options.classes === undefined) {
        throw new IcepickleError('INVALID_INPUT', {
          scope: this.className,
          detail: 'classes must be passed on the first call to partialFit.',
        });
      }
      classes = uniqueLabels(options.classes, 'classes');
    } else if (options.classes !== undefined) {
      const given = uniqueLabels(options.classes, 'classes');
      if (given.length !== classes.length || given.some((c, i) => c !== classes![i])) {
        throw new IcepickleError('INVALID_INPUT', {
          scope: this.className,
          detail: `classes=${JSON.stringify(options.classes)} is not the same as on last call to partialFit, was: ${JSON.stringify(classes)}`,
        });
      }
    }
    if (classes.length < 2) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `The number of classes has to be greater than one; got ${classes.length} class`,
      });
    }
    labelKind(y);
    const yIndex = encodeLabels(y, classes);
    const sampleWeight = prepareSampleWeight(options.sampleWeight, nSamples);
    const classWeight = computeClassWeight(s.classWeight, classes, yIndex, this.className);
    const nb = classes.length === 2 ? 1 : classes.length;
    if (this.weights !== undefined) checkFeatureCount(this.className, nFeatures, this.coefShape[1]!);

    // everything is validated: from here on the model changes
    const averaging = s.average > 0;
    let training = this.training;
    if (training === undefined) {
      const coef = this.weights ?? new Float64Array(nb * nFeatures);
      const intercept = this.bias ?? new Float64Array(nb);
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
    if (averaging && training.standardCoef === undefined) {
      // first averaged call on fresh or loaded coefficients: as scikit-learn's _allocate_parameter_mem
      training.standardCoef = training.coef;
      training.averageCoef = new Float64Array(nb * nFeatures);
      training.standardIntercept = training.intercept;
      training.averageIntercept = new Float64Array(nb);
    }
    training.t ??= 1.0;
    this.runOneVsRest(training, data, yIndex, classes.length, sampleWeight, classWeight, null, s, 1, fresh);
    if (this.labels === undefined) {
      this.labels = classes;
      this.labelDType = classDType(classes);
    }
    this.commit(training, nFeatures, nb);
    this.warnings_ = [];
    return this;
  }

  /**
   * Everything partialFit needs to continue exactly, with scikit-learn's private names (t_, the averaged
   * buffers and which of them coef_ / intercept_ currently are). Plain typed arrays and numbers.
   */
  getTrainingState(): TrainingState {
    this.checkFitted();
    return classifierStateTo(this.training);
  }

  /** Restores getTrainingState()'s output onto a model holding the same coefficients. */
  setTrainingState(state: TrainingState): this {
    this.checkFitted();
    const nb = this.coefShape[0]!;
    this.training = classifierStateFrom(state, this.weights!, this.bias!, nb * this.coefShape[1]!, nb, this.className);
    this.weights = this.training.coef;
    this.bias = this.training.intercept;
    return this;
  }

  private runOneVsRest(
    training: ClassifierTraining,
    data: PreparedData,
    yIndex: Int32Array,
    nClasses: number,
    sampleWeight: Float64Array,
    classWeight: Float64Array,
    mask: Uint8Array | null,
    s: SgdSettings,
    maxIter: number,
    /** The coefficients were just allocated (all zeros). */
    weightsStartZero: boolean,
    progress?: ProgressTracker,
  ): void {
    const { rows, nSamples, nFeatures, interceptDecay } = data;
    const binary = nClasses === 2;
    const nb = binary ? 1 : nClasses;
    const averaging = s.average > 0;
    const seeds = s.shuffle ? shuffleSeeds(binary ? 'binary' : 'multiclass', s.randomState, nClasses) : null;
    const cfg = plainConfig(s, maxIter);
    const yi = new Float64Array(nSamples);
    const outs = new Float64Array(nb);
    const sharedKernelRows = {};
    const supportIn = averaging ? null : this.support.of(training.coef);
    let supportOut: Int32Array | null = null;
    let supported = 0;
    // training changes coef_ in place: the support is known again once every class has trained
    this.support.set(undefined);
    let nIter = 0;
    progress?.start();
    for (let k = 0; k < nb; k++) {
      const positive = binary ? 1 : k;
      for (let i = 0; i < nSamples; i++) yi[i] = yIndex[i] === positive ? 1.0 : -1.0;
      const weightPos = binary ? classWeight[1]! : classWeight[k]!;
      const weightNeg = binary ? classWeight[0]! : 1.0;
      const from = k * nFeatures;
      const to = from + nFeatures;
      const state = {
        weights: (averaging ? training.standardCoef! : training.coef).subarray(from, to),
        intercept: averaging ? training.standardIntercept![k]! : training.intercept[k]!,
        averageWeights: averaging ? training.averageCoef!.subarray(from, to) : null,
        averageIntercept: averaging ? training.averageIntercept![k]! : 0.0,
        support: supportIn,
      };
      const validationScore = mask === null ? null : validationAccuracy(rows, mask, sampleWeight, yi);
      const it = plainSgd(state, cfg, {
        rows,
        y: yi,
        sampleWeight,
        weightPos,
        weightNeg,
        t: training.t!,
        interceptDecay,
        validationMask: mask,
        validationScore,
        shuffleSeed: seeds === null ? null : seeds[k]!,
        weightsStartZero,
        sharedKernelRows,
        checkValues: data.checkValues,
        log: this.verboseLog(),
        onEpoch: progress ? (e) => progress.update(k * maxIter + e) : null,
      });
      progress?.update((k + 1) * maxIter);
      if (averaging) training.averageIntercept![k] = state.averageIntercept;
      outs[k] = state.intercept;
      nIter = Math.max(nIter, it);
      // the classes share one compact w layout (X's columns and the support), so one support for all
      if (state.support !== null) {
        supportOut = state.support;
        supported++;
      }
    }
    if (!averaging && supported === nb) this.support.set(supportAfter(training.coef, supportOut, nFeatures));
    training.t = training.t! + nIter * nSamples;
    training.nIter = nIter;
    settleIntercepts(training, s, outs, binary);
  }

  private commit(training: ClassifierTraining, nFeatures: number, nb: number): void {
    this.training = training;
    this.weights = training.coef;
    this.bias = training.intercept;
    this.coefShape = [nb, nFeatures];
    this.interceptShape = [nb];
  }

  private checkTargetLength(y: ArrayLike<Label>, nSamples: number): void {
    if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
      throw new IcepickleError('INVALID_INPUT', { scope: this.className, detail: 'y must be an array of labels' });
    }
    if (y.length !== nSamples) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `y has ${y.length} values but X has ${nSamples} rows`,
      });
    }
  }

  private initialCoef(
    init: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
    nb: number,
    nFeatures: number,
  ): Float64Array {
    const flat = flatten(init);
    const nested = init.length > 0 && typeof init[0] === 'object';
    if (flat === undefined || flat.length !== nb * nFeatures || (nested && nb > 1 && init.length !== nb)) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `Provided coef_init does not match dataset: expected ${nb === 1 ? `(${nFeatures},) or (1, ${nFeatures})` : `(${nb}, ${nFeatures})`}`,
      });
    }
    checkFinite(flat, 'coefInit', this.className);
    return flat;
  }

  private initialIntercept(init: ArrayLike<number> | number, nb: number): Float64Array {
    const flat = typeof init === 'number' ? Float64Array.of(init) : flatten(init);
    if (flat === undefined || flat.length !== nb) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `Provided intercept_init does not match dataset: expected ${nb} value${nb === 1 ? '' : 's'}`,
      });
    }
    checkFinite(flat, 'interceptInit', this.className);
    return flat;
  }
}

/** A fresh Float64Array of the values of a vector or a matrix given as rows; undefined if ragged. */
export function flatten(x: ArrayLike<number> | ArrayLike<ArrayLike<number>>): Float64Array | undefined {
  if (x.length > 0 && typeof x[0] === 'object' && x[0] !== null) {
    const rows = x as ArrayLike<ArrayLike<number>>;
    const width = rows[0]!.length;
    const out = new Float64Array(rows.length * width);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i]!.length !== width) return undefined;
      for (let j = 0; j < width; j++) out[i * width + j] = rows[i]![j]!;
    }
    return out;
  }
  return Float64Array.from(x as ArrayLike<number>);
}

export function checkFinite(values: Float64Array, name: string, scope: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new IcepickleError('INVALID_INPUT', { scope, detail: `${name} contains ${values[i]} at ${i}` });
  }
}

/**
 * Where the classes' fitted values go once every binary problem is done, as scikit-learn 1.2.1's
 * fit_binary / _fit_multiclass leave them (_stochastic_gradient.py), averaging included.
 */
function settleIntercepts(training: ClassifierTraining, s: SgdSettings, outs: Float64Array, binary: boolean): void {
  const averaging = s.average > 0;
  const nb = outs.length;
  const averageActive = averaging && s.average <= training.t! - 1;
  if (!binary) {
    // scikit-learn writes the standard intercepts into whatever intercept_ is (quirk kept on purpose)
    for (let k = 0; k < nb; k++) training.intercept[k] = outs[k]!;
    if (averaging) {
      if (averageActive) {
        training.coef = training.averageCoef!;
        training.intercept = training.averageIntercept!;
      } else {
        training.coef = training.standardCoef!;
        training.standardIntercept = training.intercept;
      }
    }
  } else if (averaging) {
    if (averageActive) {
      // _standard_intercept is not written back here in scikit-learn 1.2.1 (quirk kept on purpose)
      training.coef = training.averageCoef!;
      training.intercept = training.averageIntercept!;
    } else {
      training.coef = training.standardCoef!;
      training.standardIntercept = Float64Array.of(outs[0]!);
      training.intercept = training.standardIntercept;
    }
  } else {
    training.intercept = Float64Array.of(outs[0]!);
  }
}

/**
 * The early-stopping score of one binary problem: scikit-learn scores the stored (unscaled) weights with
 * classes [-1, 1], as a sample-weighted accuracy over the validation rows (`yi` is read at each call).
 */
function validationAccuracy(
  rows: PreparedData['rows'],
  mask: Uint8Array,
  sampleWeight: Float64Array,
  yi: Float64Array,
): (w: Float64Array, b: number) => number {
  return (w, b) => {
    const { index, decision } = maskedDecisions(rows, mask, w, b);
    let hit = 0;
    let total = 0;
    for (let r = 0; r < index.length; r++) {
      const sw = sampleWeight[index[r]!]!;
      if ((decision[r]! > 0 ? 1.0 : -1.0) === yi[index[r]!]) hit += sw;
      total += sw;
    }
    return hit / total;
  };
}
