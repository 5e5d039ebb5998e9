import { IcepickleError } from '../../errors.js';
import { CsrMatrix } from '../../math/csr-matrix.js';
import { DenseMatrix } from '../../math/dense-matrix.js';
import { type Matrix, type MatrixInput, asMatrix, asSampleWeight, assertFinite } from '../../math/input.js';
import { MAX_INT32, Mt19937, entropySeed, numpyPermutation } from '../../math/random.js';
import type { ClassWeightOption } from '../class-weight.js';
import type { BaseSGDParams } from '../sgd-params.js';
import {
  LEARNING_RATE,
  type LearningRateCode,
  type PenaltyCode,
  learningRateCode,
  penaltyCode,
} from './learning-rate.js';
import { type LossSpec, lossSpec } from './loss-functions.js';
import { type PlainSgdConfig, type SgdRows, allFinite } from './plain-sgd.js';

/** A warning raised by a training call (scikit-learn's ConvergenceWarning), collected in `warnings_`. */
export interface TrainingWarning {
  /** The Python warning class. */
  category: 'ConvergenceWarning';
  /** The warning's text, as scikit-learn words it. */
  message: string;
}

export const MAX_ITER_WARNING =
  'Maximum number of iteration reached before convergence. Consider increasing max_iter to improve the fit.';

/** The four estimators' parameters, normalised to what `_plain_sgd` and its wrappers use. */
export interface SgdSettings {
  loss: LossSpec;
  penalty: PenaltyCode;
  alpha: number;
  C: number;
  l1Ratio: number;
  learningRate: LearningRateCode;
  eta0: number;
  powerT: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  nIterNoChange: number;
  average: number;
  shuffle: boolean;
  randomState: number | null;
  earlyStopping: boolean;
  validationFraction: number;
  classWeight: ClassWeightOption;
}

export function plainConfig(s: SgdSettings, maxIter: number): PlainSgdConfig {
  return {
    loss: s.loss,
    penalty: s.penalty,
    alpha: s.alpha,
    C: s.C,
    l1Ratio: s.l1Ratio,
    learningRate: s.learningRate,
    eta0: s.eta0,
    powerT: s.powerT,
    fitIntercept: s.fitIntercept,
    maxIter,
    tol: s.tol === null ? -Infinity : s.tol,
    nIterNoChange: s.nIterNoChange,
    average: s.average,
    earlyStopping: s.earlyStopping,
  };
}

/** `average` as scikit-learn's int: True is 1, False is 0. */
export function averageValue(average: boolean | number): number {
  return average === true ? 1 : average === false ? 0 : average;
}

// ---------------------------------------------------------------------------------------------------
// parameter validation (scikit-learn's _parameter_constraints and _more_validate_params)

type Raw = Record<string, unknown>;

function invalid(estimator: string, name: string, allowed: string, value: unknown): IcepickleError {
  const shown =
    typeof value === 'string'
      ? `'${value}'`
      : value === null
        ? 'null'
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return new IcepickleError('INVALID_PARAMETER', {
    scope: estimator,
    detail: `The '${name}' parameter of ${estimator} must be ${allowed}. Got ${shown} instead.`,
  });
}

export class ParamChecker {
  constructor(
    private readonly estimator: string,
    private readonly params: Raw,
  ) {}

  bool(name: string): void {
    if (typeof this.params[name] !== 'boolean')
      throw invalid(this.estimator, name, "an instance of 'bool'", this.params[name]);
  }

  int(name: string, lo: number, nullable = false): void {
    const v = this.params[name];
    if (nullable && v === null) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo) {
      throw invalid(this.estimator, name, `an int in the range [${lo}, inf)${nullable ? ' or None' : ''}`, v);
    }
  }

  real(name: string, lo: number, hi: number, closed: 'left' | 'right' | 'both' | 'neither', nullable = false): void {
    const v = this.params[name];
    if (nullable && v === null) return;
    const loOk = typeof v === 'number' && (closed === 'left' || closed === 'both' ? v >= lo : v > lo);
    const hiOk = typeof v === 'number' && (closed === 'right' || closed === 'both' ? v <= hi : v < hi);
    if (typeof v !== 'number' || Number.isNaN(v) || !loOk || !hiOk) {
      const l = closed === 'left' || closed === 'both' ? '[' : '(';
      const r = closed === 'right' || closed === 'both' ? ']' : ')';
      const fmt = (x: number): string =>
        x === Infinity ? 'inf' : x === -Infinity ? '-inf' : Number.isInteger(x) ? x.toFixed(1) : String(x);
      throw invalid(
        this.estimator,
        name,
        `a float in the range ${l}${fmt(lo)}, ${fmt(hi)}${r}${nullable ? ' or None' : ''}`,
        v,
      );
    }
  }

  options(name: string, values: readonly (string | null)[]): void {
    const v = this.params[name];
    if (!values.includes(v as string | null)) {
      throw invalid(
        this.estimator,
        name,
        `a str among {${values
          .filter((x) => x !== null)
          .map((x) => `'${x}'`)
          .join(', ')}}${values.includes(null) ? ' or None' : ''}`,
        v,
      );
    }
  }

  verbose(name: string): void {
    const v = this.params[name];
    if (typeof v === 'boolean') return;
    this.int(name, 0);
  }

  randomState(name: string): void {
    const v = this.params[name];
    if (v === null) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 32 - 1) {
      throw invalid(this.estimator, name, 'an int in the range [0, 4294967295] or None', v);
    }
  }

  average(name: string): void {
    const v = this.params[name];
    if (typeof v === 'boolean') return;
    this.int(name, 0);
  }

  classWeight(name: string): void {
    const v = this.params[name];
    if (v === null || v === 'balanced') return;
    if (typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, w] of Object.entries(v as Raw)) {
        if (typeof w !== 'number' || !Number.isFinite(w))
          throw invalid(this.estimator, `${name}[${JSON.stringify(k)}]`, 'a finite number', w);
      }
      return;
    }
    throw invalid(this.estimator, name, "a str among {'balanced'}, an instance of 'dict' or None", v);
  }

  /** The rules every SGD / PA estimator shares (BaseSGD plus the classifier/regressor bases). */
  common(): void {
    this.bool('fitIntercept');
    this.int('maxIter', 1);
    this.real('tol', 0, Infinity, 'left', true);
    this.bool('shuffle');
    this.verbose('verbose');
    this.randomState('randomState');
    this.bool('warmStart');
    this.average('average');
    this.bool('earlyStopping');
    this.real('validationFraction', 0, 1, 'neither');
    this.int('nIterNoChange', 1);
  }
}

/** scikit-learn's `_more_validate_params`. */
export function moreValidate(
  estimator: string,
  s: Pick<SgdSettings, 'earlyStopping' | 'learningRate' | 'eta0' | 'alpha'>,
  forPartialFit: boolean,
): void {
  const fail = (what: string): IcepickleError =>
    new IcepickleError('INVALID_PARAMETER', { scope: estimator, detail: what });
  if (s.earlyStopping && forPartialFit) throw fail('early_stopping should be False with partial_fit');
  const lr = s.learningRate;
  if (
    (lr === LEARNING_RATE.constant || lr === LEARNING_RATE.invscaling || lr === LEARNING_RATE.adaptive) &&
    s.eta0 <= 0.0
  ) {
    throw fail(`eta0 must be > 0 (learning_rate is not 'optimal'; got eta0=${s.eta0})`);
  }
  if (lr === LEARNING_RATE.optimal && s.alpha === 0) {
    throw fail(
      "alpha must be > 0 since learning_rate is 'optimal'. alpha is used to compute the optimal learning rate.",
    );
  }
}

/** `_plain_sgd`'s settings from the parameters of SGDClassifier, SGDRegressor or Perceptron. */
export function settingsFromSgdParams(
  p: Omit<BaseSGDParams, 'verbose' | 'warmStart'> & {
    loss: string;
    learningRate: string;
    eta0: number;
    powerT: number;
    earlyStopping: boolean;
    classWeight?: ClassWeightOption;
  },
): SgdSettings {
  return {
    loss: lossSpec(p.loss, p.epsilon),
    penalty: penaltyCode(p.penalty),
    alpha: p.alpha,
    C: 1.0,
    l1Ratio: p.l1Ratio,
    learningRate: learningRateCode(p.learningRate),
    eta0: p.eta0,
    powerT: p.powerT,
    fitIntercept: p.fitIntercept,
    maxIter: p.maxIter,
    tol: p.tol,
    nIterNoChange: p.nIterNoChange,
    average: averageValue(p.average),
    shuffle: p.shuffle,
    randomState: p.randomState,
    earlyStopping: p.earlyStopping,
    validationFraction: p.validationFraction,
    classWeight: p.classWeight ?? null,
  };
}

/** Passive-Aggressive: penalty None, alpha 1, eta0 1, power_t 0.5, PA-I for the first loss and PA-II for the squared one. */
export function settingsFromPaParams(
  p: {
    C: number;
    fitIntercept: boolean;
    maxIter: number;
    tol: number | null;
    earlyStopping: boolean;
    validationFraction: number;
    nIterNoChange: number;
    shuffle: boolean;
    randomState: number | null;
    average: boolean | number;
    classWeight?: ClassWeightOption;
  },
  loss: LossSpec,
  pa2: boolean,
): SgdSettings {
  return {
    loss,
    penalty: penaltyCode(null),
    alpha: 1.0,
    C: p.C,
    l1Ratio: 0.15,
    learningRate: pa2 ? LEARNING_RATE.pa2 : LEARNING_RATE.pa1,
    eta0: 1.0,
    powerT: 0.5,
    fitIntercept: p.fitIntercept,
    maxIter: p.maxIter,
    tol: p.tol,
    nIterNoChange: p.nIterNoChange,
    average: averageValue(p.average),
    shuffle: p.shuffle,
    randomState: p.randomState,
    earlyStopping: p.earlyStopping,
    validationFraction: p.validationFraction,
    classWeight: p.classWeight ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// data

export interface PreparedData {
  matrix: Matrix;
  rows: SgdRows;
  nSamples: number;
  nFeatures: number;
  /** scikit-learn's intercept_decay: 0.01 for sparse X, 1.0 for dense. */
  interceptDecay: number;
  /**
   * Throws INVALID_INPUT naming X's first NaN/Inf, or returns when X is finite; null once X's values
   * have been checked (see prepareX's `deferValueScan`).
   */
  checkValues: (() => void) | null;
}

/**
 * X as `_plain_sgd` reads it (rejecting NaN/Inf), without copying the values.
 *
 * `deferValueScan` (CSR only; for calls that train into fresh arrays and commit at the end) skips the
 * upfront pass over X's values: training then calls `checkValues` when a prediction comes out
 * non-finite, which a NaN/Inf anywhere in a row always makes it (w, wscale and the intercept being
 * finite). The first epoch visits every row, so a bad value is still refused, with the same error,
 * and the model is unchanged; a finite X costs nothing (on 10k hashed documents the scan was about
 * a tenth of a 5-epoch fit: it reads X from memory once more).
 */
export function prepareX(X: MatrixInput, deferValueScan = false): PreparedData {
  if (X instanceof CsrMatrix && deferValueScan) {
    return { ...csrData(X), checkValues: () => assertFinite(X) };
  }
  // a CsrMatrix is already structurally valid: only its values need the NaN/Inf check (one fast pass)
  const matrix = X instanceof CsrMatrix && allFinite(X.data.subarray(0, X.nnz)) ? X : asMatrix(X);
  if (matrix instanceof CsrMatrix) return { ...csrData(matrix), checkValues: null };
  const [nSamples, nFeatures] = matrix.shape;
  checkHasSamples(nSamples, nFeatures);
  const identity = new Int32Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) identity[j] = j;
  return {
    matrix,
    rows: { data: (matrix as DenseMatrix).data, indices: identity, indptr: null, nSamples, nFeatures },
    nSamples,
    nFeatures,
    interceptDecay: 1.0,
    checkValues: null,
  };
}

function csrData(matrix: CsrMatrix): Omit<PreparedData, 'checkValues'> {
  const [nSamples, nFeatures] = matrix.shape;
  checkHasSamples(nSamples, nFeatures);
  return {
    matrix,
    rows: { data: matrix.data, indices: matrix.indices, indptr: matrix.indptr, nSamples, nFeatures },
    nSamples,
    nFeatures,
    interceptDecay: 0.01,
  };
}

function checkHasSamples(nSamples: number, nFeatures: number): void {
  if (nSamples === 0) {
    throw new IcepickleError('INVALID_INPUT', {
      detail: `Found array with 0 sample(s) (shape=(0, ${nFeatures})) while a minimum of 1 is required.`,
    });
  }
}

export function prepareSampleWeight(sampleWeight: ArrayLike<number> | undefined, nSamples: number): Float64Array {
  return asSampleWeight(sampleWeight, nSamples);
}

export function checkFeatureCount(estimator: string, got: number, expected: number): void {
  if (got !== expected) {
    throw new IcepickleError('SHAPE_MISMATCH', {
      scope: estimator,
      detail: `X has ${got} features, but ${estimator} is expecting ${expected} features as input`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// randomness

/**
 * The shuffle seeds scikit-learn 1.2.1 derives from `random_state` (numpy's legacy RandomState), so an
 * integer randomState gives scikit-learn's sample order. `null` draws a fresh seed each call.
 * - binary classifier: RandomState(rs): randint(1, MAX) for make_dataset, then randint(MAX).
 * - one-vs-rest: RandomState(rs).randint(MAX, size=K), then per class as binary with that seed.
 * - regressor: RandomState(rs).randint(0, MAX) first.
 */
export function shuffleSeeds(
  kind: 'binary' | 'multiclass' | 'regressor',
  randomState: number | null,
  nClasses: number,
): number[] {
  const root = new Mt19937(randomState === null ? entropySeed() : randomState);
  const binarySeed = (rng: Mt19937): number => {
    rng.randint(1, MAX_INT32);
    return rng.randint(0, MAX_INT32);
  };
  if (kind === 'regressor') return [root.randint(0, MAX_INT32)];
  if (kind === 'binary') return [binarySeed(root)];
  const seeds: number[] = [];
  for (let k = 0; k < nClasses; k++) seeds.push(root.randint(0, MAX_INT32));
  return seeds.map((s) => binarySeed(new Mt19937(s)));
}

/**
 * The early-stopping split, as scikit-learn 1.2.1's `_make_validation_split`: StratifiedShuffleSplit
 * (classifiers, strata = class index) or ShuffleSplit (regressors) with test_size=validationFraction,
 * driven by numpy's legacy RandomState(randomState) — reproduced here (Mt19937, `permutation`,
 * `_approximate_mode`), so an integer randomState holds out exactly scikit-learn's rows (checked against
 * live scikit-learn in the tests). randomState null draws a fresh seed. Returns 1 on held-out rows.
 */
export function validationSplit(
  estimator: string,
  nSamples: number,
  fraction: number,
  randomState: number | null,
  strata: Int32Array | null,
  sampleWeight: Float64Array,
): Uint8Array {
  const fail = (what: string): IcepickleError =>
    new IcepickleError('INVALID_INPUT', { scope: estimator, detail: what });
  const rng = new Mt19937(randomState === null ? entropySeed() : randomState);
  const nTest = Math.ceil(fraction * nSamples);
  const nTrain = nSamples - nTest;
  if (nTrain <= 0) {
    throw fail(
      `With n_samples=${nSamples}, test_size=${fraction} and train_size=None, the resulting train set will be empty. Adjust any of the aforementioned parameters (or disable early_stopping).`,
    );
  }
  const mask = new Uint8Array(nSamples);
  if (strata === null) {
    const permutation = numpyPermutation(rng, nSamples);
    for (let i = 0; i < nTest; i++) mask[permutation[i]!] = 1;
  } else {
    let nClasses = 0;
    for (let i = 0; i < nSamples; i++) nClasses = Math.max(nClasses, strata[i]! + 1);
    // np.unique(y, return_inverse=True) only counts the classes present
    const present: number[] = [];
    const seen = new Uint8Array(nClasses);
    for (let i = 0; i < nSamples; i++) seen[strata[i]!] = 1;
    for (let c = 0; c < nClasses; c++) if (seen[c]) present.push(c);
    const counts = present.map(() => 0);
    const position = new Int32Array(nClasses).fill(-1);
    present.forEach((c, k) => (position[c] = k));
    const classIndices: number[][] = present.map(() => []);
    for (let i = 0; i < nSamples; i++) {
      const k = position[strata[i]!]!;
      counts[k]! += 1;
      classIndices[k]!.push(i); // a stable argsort: original order within each class
    }
    if (Math.min(...counts) < 2) {
      throw fail(
        'The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2 (early_stopping splits the classes).',
      );
    }
    if (nTrain < present.length)
      throw fail(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${present.length}`);
    if (nTest < present.length)
      throw fail(`The test_size = ${nTest} should be greater or equal to the number of classes = ${present.length}`);
    const nI = approximateMode(counts, nTrain, rng);
    const tI = approximateMode(
      counts.map((c, k) => c - nI[k]!),
      nTest,
      rng,
    );
    for (let k = 0; k < present.length; k++) {
      const permutation = numpyPermutation(rng, counts[k]!);
      for (let r = nI[k]!; r < nI[k]! + tI[k]!; r++) mask[classIndices[k]![permutation[r]!]!] = 1;
    }
  }
  let anyWeight = false;
  for (let i = 0; i < nSamples; i++) if (mask[i] && sampleWeight[i]! > 0) anyWeight = true;
  if (!anyWeight) {
    throw fail('The sample weights for validation set are all zero, consider using a different random state.');
  }
  return mask;
}

/** scikit-learn's `_approximate_mode`: per-class draws summing to nDraws, ties broken by rng.choice. */
function approximateMode(counts: readonly number[], nDraws: number, rng: Mt19937): number[] {
  let total = 0;
  for (const c of counts) total += c;
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, k) => c - floored[k]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, k) => {
        if (r === value) inds.push(k);
      });
      const addNow = Math.min(inds.length, needToAdd);
      // RandomState.choice(inds, addNow, replace=False) is permutation(len(inds))[:addNow]
      const permutation = numpyPermutation(rng, inds.length);
      for (let r = 0; r < addNow; r++) floored[inds[permutation[r]!]!]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** A user-supplied validation mask (true/1 = held out), checked. */
export function userValidationMask(
  estimator: string,
  mask: ArrayLike<boolean | number>,
  nSamples: number,
  sampleWeight: Float64Array,
): Uint8Array {
  if (mask.length !== nSamples) {
    throw new IcepickleError('SHAPE_MISMATCH', {
      scope: estimator,
      detail: `validationMask has ${mask.length} values but X has ${nSamples} rows`,
    });
  }
  const out = new Uint8Array(nSamples);
  let nVal = 0;
  let anyWeight = false;
  for (let i = 0; i < nSamples; i++) {
    if (mask[i]) {
      out[i] = 1;
      nVal++;
      if (sampleWeight[i]! > 0) anyWeight = true;
    }
  }
  if (nVal === 0 || nVal === nSamples) {
    throw new IcepickleError('INVALID_INPUT', {
      scope: estimator,
      detail: `validationMask must hold out at least one row and keep at least one (it holds out ${nVal} of ${nSamples})`,
    });
  }
  if (!anyWeight) {
    throw new IcepickleError('INVALID_INPUT', {
      scope: estimator,
      detail: 'The sample weights for validation set are all zero, consider using a different validation set.',
    });
  }
  return out;
}

/** Decision values X·w + b for the rows with mask[i] = 1, as scikit-learn's validation score sees them. */
export function maskedDecisions(
  rows: SgdRows,
  mask: Uint8Array,
  w: Float64Array,
  b: number,
): { index: Int32Array; decision: Float64Array } {
  let n = 0;
  for (let i = 0; i < rows.nSamples; i++) if (mask[i]) n++;
  const index = new Int32Array(n);
  const decision = new Float64Array(n);
  let at = 0;
  const { data, indices, indptr, nFeatures } = rows;
  for (let i = 0; i < rows.nSamples; i++) {
    if (!mask[i]) continue;
    let s = 0;
    if (indptr !== null) for (let k = indptr[i]!; k < indptr[i + 1]!; k++) s += data[k]! * w[indices[k]!]!;
    else for (let j = 0; j < nFeatures; j++) s += data[i * nFeatures + j]! * w[j]!;
    index[at] = i;
    decision[at++] = s + b;
  }
  return { index, decision };
}

export { DenseMatrix };
