import { IcepickleError } from '../errors.js';
import { compactColumns } from '../math/active-columns.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { type Matrix, type MatrixInput, asMatrix, asSampleWeight } from '../math/input.js';
import { minimizeLbfgs } from '../math/lbfgs.js';
import { type OnProgress, progressTracker } from '../progress/progress.js';
import { computeClassWeight } from './class-weight.js';
import { classDType, encodeLabels, uniqueLabels } from './labels.js';
import { type LogisticProblem, logisticObjective, parameterCount } from './logistic-loss.js';
import type { Label } from './metrics.js';
import {
  type ClassWeight,
  type LogisticRegressionParams,
  LogisticRegressionPredictor,
  logisticRegressionDefaults,
} from './logistic-regression-predictor.js';

/** Options of {@link LogisticRegression.fit}. */
export interface LogisticRegressionFitOptions {
  /**
   * A weight per sample (scikit-learn's sample_weight).
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
  /**
   * Called as lbfgs iterations finish (unit 'iterations', phase 'fit'): total is maxIter per lbfgs
   * problem (one multinomial, or one per class with ovr), and a problem that converges counts as done.
   * @defaultValue undefined (no progress reported)
   */
  onProgress?: OnProgress;
}

/** A warning raised by fit, as Python's `warnings` would show it (category and message). */
export interface FitWarning {
  /** The Python warning class: 'ConvergenceWarning' or 'UserWarning'. */
  category: 'ConvergenceWarning' | 'UserWarning';
  /** The warning's text, as scikit-learn words it. */
  message: string;
}

const CONVERGENCE_HINT =
  'Increase the number of iterations (max_iter) or scale the data as shown in:\n' +
  '    https://scikit-learn.org/stable/modules/preprocessing.html\n' +
  'Please also refer to the documentation for alternative solver options:\n' +
  '    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression';

/**
 * Logistic regression trained with L-BFGS (scikit-learn's default solver), binary, multinomial or
 * one-vs-rest, dense or CSR input. See `fit` for how our stopping differs from scikit-learn's.
 */
export class LogisticRegression<L extends Label = Label> extends LogisticRegressionPredictor<L> {
  /** Iterations used by the solver: one entry (binary, multinomial) or one per class (ovr), as scikit-learn. */
  nIter_: number[] | undefined;
  /** Warnings raised by the last fit (e.g. ConvergenceWarning), as scikit-learn would emit them. */
  warnings_: FitWarning[] = [];

  /**
   * Minimises Σᵢ sᵢ·lossᵢ + ‖W‖²/(2C) (scikit-learn 1.2.1's objective; sᵢ = sample weight × class
   * weight) with our L-BFGS from zero (or from the current coefficients with `warmStart`).
   *
   * Stopping is scikit-learn 1.2.1's: scipy's L-BFGS-B tests with gtol = `tol` on the largest
   * gradient component and its default relative-decrease test (ftol 2.2e-9), which usually stops it
   * first, 1e-5..1e-3 from the optimum whatever `tol` is; we stop at the same iterate.
   * Hitting `maxIter` records a ConvergenceWarning in `warnings_` with scikit-learn's message.
   *
   * CSR input: columns without stored entries do not enter the loss, so the solver works on the
   * columns that have entries; the others get their optimal value, 0 (or keep their warm-start value
   * when there is no penalty, where they have no gradient at all).
   *
   * A call that throws leaves the model as it was.
   */
  fit(X: MatrixInput, y: ArrayLike<L>, options: LogisticRegressionFitOptions = {}): this {
    const params = this.validateParams();
    const matrix = asMatrix(X);
    const [n, p] = matrix.shape;
    const classes = this.checkTargets(y, n);
    const yEncoded = encodeLabels(y, classes);
    const sampleWeight = asSampleWeight(options.sampleWeight, n);
    const K = classes.length;
    const multiClass = params.multiClass === 'auto' ? (K > 2 ? 'multinomial' : 'ovr') : params.multiClass;
    const l2 = params.penalty === 'l2' ? 1 / params.C : 0;
    const nRows = K === 2 ? 1 : K;
    const init = this.warmStartInit(params.warmStart, nRows, p);

    // CSR: solve on the columns that have entries.
    let work: Matrix = matrix;
    let columns: Int32Array | undefined;
    if (matrix instanceof CsrMatrix) {
      const compact = compactColumns(matrix);
      if (compact.columns.length < p) {
        work = compact.matrix;
        columns = compact.columns;
      }
    }

    const coef = new Float64Array(nRows * p);
    const intercept = new Float64Array(nRows);
    const nIter: number[] = [];
    const warnings: FitWarning[] = [];
    if (init && l2 === 0 && columns) coef.set(init.coef); // unpenalised columns without entries keep their values

    // one lbfgs problem (multinomial), or one per class (ovr)
    const problems = multiClass === 'multinomial' ? 1 : nRows;
    const progress = progressTracker(options.onProgress, problems * params.maxIter, 'iterations', 'fit');
    progress?.start();
    const run = (problem: LogisticProblem, x0: Float64Array): Float64Array => {
      const before = nIter.length * params.maxIter;
      const result = minimizeLbfgs(logisticObjective(problem), x0, {
        // scikit-learn 1.2.1 passes only gtol=tol and maxiter (_logistic.py); scipy's ftol stays 2.2e-9.
        gtol: params.tol,
        maxIter: params.maxIter,
        ...(progress ? { onIteration: (i: number) => progress.update(before + i) } : {}),
      });
      progress?.update(before + params.maxIter);
      nIter.push(Math.min(result.nIter, params.maxIter));
      if (result.status !== 0) {
        warnings.push({
          category: 'ConvergenceWarning',
          message: `lbfgs failed to converge (status=${result.status}):\n${result.message}.\n\n${CONVERGENCE_HINT}`,
        });
      }
      return result.x;
    };
    const fit: LogisticFit = { work, columns, p, K, nRows, yEncoded, sampleWeight, l2, params, classes, init, run };
    if (multiClass === 'multinomial') fitMultinomial(fit, coef, intercept);
    else fitOneVsRest(fit, coef, intercept);
    progress?.finish();

    // Everything succeeded: install the result.
    this.weights = coef;
    this.bias = intercept;
    this.coefShape = [nRows, p];
    this.interceptShape = [nRows];
    this.labels = classes;
    this.labelDType = classDType(classes);
    this.nIter_ = nIter;
    this.warnings_ = warnings;
    return this;
  }

  /** y as labels of n rows, of at least two classes; returns the sorted classes. */
  private checkTargets(y: ArrayLike<Label>, n: number): Label[] {
    if (y === null || typeof y !== 'object' || typeof y.length !== 'number')
      throw this.inputError('y must be an array of labels');
    if (y.length !== n)
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `y has ${y.length} labels but X has ${n} rows`,
      });
    if (n === 0) throw this.inputError('Found array with 0 sample(s) while a minimum of 1 is required');
    const classes = uniqueLabels(y);
    if (classes.length < 2) {
      throw this.inputError(
        `This solver needs samples of at least 2 classes in the data, but the data contains only one class: ${JSON.stringify(classes[0])}`,
      );
    }
    return classes;
  }

  /** Warm start: the current coefficients, when their shape fits (scikit-learn raises otherwise). */
  private warmStartInit(warmStart: boolean, nRows: number, p: number): WarmStart | undefined {
    if (!warmStart || !this.isFitted()) return undefined;
    if (this.coefShape[0] !== nRows || this.coefShape[1] !== p) {
      throw this.inputError(
        `Initialization coef is of shape (${this.coefShape.join(', ')}), expected shape (${nRows}, ${p})`,
      );
    }
    return { coef: this.weights!, intercept: this.bias! };
  }
}

export type { ClassWeight, Label, LogisticRegressionParams };
export { logisticRegressionDefaults };

type WarmStart = { coef: Float64Array; intercept: Float64Array };

/** One fit's data and settings, shared by the multinomial and one-vs-rest solves. */
interface LogisticFit {
  /** X, or its columns with stored entries (CSR), which `columns` then lists. */
  work: Matrix;
  columns: Int32Array | undefined;
  /** X's column count (coef's row length). */
  p: number;
  K: number;
  nRows: number;
  yEncoded: Int32Array;
  sampleWeight: Float64Array;
  l2: number;
  params: Required<LogisticRegressionParams>;
  classes: Label[];
  init: WarmStart | undefined;
  run(problem: LogisticProblem, x0: Float64Array): Float64Array;
}

/** One softmax problem over all classes (scikit-learn's multinomial lbfgs, _logistic.py). */
function fitMultinomial(f: LogisticFit, coef: Float64Array, intercept: Float64Array): void {
  const { work, columns, p, K, nRows, yEncoded, init } = f;
  const { fitIntercept } = f.params;
  const n = yEncoded.length;
  const pw = work.shape[1];
  const cw = computeClassWeight(f.params.classWeight, f.classes, yEncoded);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = f.sampleWeight[i]! * cw[yEncoded[i]!]!;
  const problem: LogisticProblem = { X: work, target: yEncoded, nClasses: K, sampleWeight: s, l2: f.l2, fitIntercept };
  const x0 = new Float64Array(parameterCount(problem));
  if (init) {
    // Binary multinomial keeps one row; scikit-learn starts the two-class softmax at (−w, w).
    for (let k = 0; k < K; k++) {
      const row = K === 2 ? 0 : k;
      const sign = K === 2 && k === 0 ? -1 : 1;
      for (let c = 0; c < pw; c++) x0[c * K + k] = sign * init.coef[row * p + (columns ? columns[c]! : c)]!;
      if (fitIntercept) x0[pw * K + k] = sign * init.intercept[row]!;
    }
  }
  const x = f.run(problem, x0);
  for (let r = 0; r < nRows; r++) {
    const k = K === 2 ? 1 : r;
    for (let c = 0; c < pw; c++) coef[r * p + (columns ? columns[c]! : c)] = x[c * K + k]!;
    intercept[r] = fitIntercept ? x[pw * K + k]! : 0;
  }
}

/** One binary problem per row: class 1 against 0 for two classes, each class against the rest otherwise. */
function fitOneVsRest(f: LogisticFit, coef: Float64Array, intercept: Float64Array): void {
  const { work, columns, p, K, nRows, yEncoded, init, params } = f;
  const { fitIntercept } = params;
  const n = yEncoded.length;
  const pw = work.shape[1];
  const base =
    params.classWeight !== null && params.classWeight !== 'balanced'
      ? computeClassWeight(params.classWeight, f.classes, yEncoded)
      : undefined;
  for (let r = 0; r < nRows; r++) {
    const positive = K === 2 ? 1 : r;
    const target = new Float64Array(n);
    const mask = new Int32Array(n);
    for (let i = 0; i < n; i++) target[i] = mask[i] = yEncoded[i] === positive ? 1 : 0;
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = f.sampleWeight[i]! * (base ? base[yEncoded[i]!]! : 1);
    if (params.classWeight === 'balanced') {
      const cw = computeClassWeight('balanced', [0, 1], mask);
      for (let i = 0; i < n; i++) s[i]! *= cw[mask[i]!]!;
    }
    const problem: LogisticProblem = { X: work, target, nClasses: 1, sampleWeight: s, l2: f.l2, fitIntercept };
    const x0 = new Float64Array(parameterCount(problem));
    if (init) {
      for (let c = 0; c < pw; c++) x0[c] = init.coef[r * p + (columns ? columns[c]! : c)]!;
      if (fitIntercept) x0[pw] = init.intercept[r]!;
    }
    const x = f.run(problem, x0);
    for (let c = 0; c < pw; c++) coef[r * p + (columns ? columns[c]! : c)] = x[c]!;
    intercept[r] = fitIntercept ? x[pw]! : 0;
  }
}
