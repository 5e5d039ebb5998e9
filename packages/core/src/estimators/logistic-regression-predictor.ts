/**
 * LogisticRegression without its training code: the parameters, their checks and the predictions of a
 * fitted model. A page that only loads a model and predicts imports this class and ships none of L-BFGS
 * (`loadCoefficients(new LogisticRegressionPredictor(), …)`, or among `loadPipelineWith`'s steps); files
 * know it as LogisticRegression. LogisticRegression extends it with `fit`.
 */
import { IcepickleError } from '../errors.js';
import { expit } from '../math/decision.js';
import type { MatrixInput } from '../math/input.js';
import { LinearClassifier, binaryRow } from './linear-classifier.js';
import type { EstimatorOptions } from './logger.js';
import type { Label } from './metrics.js';

/**
 * Class weights: `{ label: weight }`, 'balanced' (n_samples / (n_classes * count of each class)), or `null` for one.
 */
export type ClassWeight = Record<string, number> | 'balanced' | null;

/** Parameters of {@link LogisticRegression}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export interface LogisticRegressionParams {
  /**
   * The norm of the penalty: 'l2' adds an L2 term; `null` (or 'none', deprecated in scikit-learn 1.2) adds none. lbfgs
   * supports no other.
   * @defaultValue 'l2'
   */
  penalty: 'l2' | 'none' | null;
  /**
   * Dual or primal formulation; the dual exists only for liblinear's L2 penalty, so only `false` is accepted here.
   * @defaultValue false
   */
  dual: boolean;
  /**
   * Tolerance for stopping: lbfgs's `gtol`, on the largest component of the projected gradient.
   * @defaultValue 0.0001
   */
  tol: number;
  /**
   * Inverse of the regularization strength, > 0: as in support vector machines, smaller values regularize more.
   * @defaultValue 1
   */
  C: number;
  /**
   * Whether to add a constant (bias, intercept) to the decision function.
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * Only used by scikit-learn's 'liblinear' solver (a synthetic feature of this value); unused by lbfgs.
   * @defaultValue 1
   */
  interceptScaling: number;
  /**
   * Weights of the classes: `{ label: weight }`, 'balanced' (n_samples / (n_classes * count of each class)), or `null`
   * for weight one for every class; multiplied with `sampleWeight` when both are given.
   * @defaultValue null
   */
  classWeight: ClassWeight;
  /**
   * Used by scikit-learn's 'sag', 'saga' and 'liblinear' solvers to shuffle the data; unused by lbfgs.
   * @defaultValue null
   */
  randomState: number | null;
  /**
   * The optimization algorithm: scikit-learn's default L-BFGS, the only one implemented.
   * @defaultValue 'lbfgs'
   */
  solver: 'lbfgs';
  /**
   * The maximum number of solver iterations; reaching it records a ConvergenceWarning in `warnings_`.
   * @defaultValue 100
   */
  maxIter: number;
  /**
   * 'ovr' fits one binary problem per class; 'multinomial' minimizes the multinomial loss over the whole probability
   * distribution, even for binary data; 'auto' picks 'ovr' for binary data and 'multinomial' otherwise.
   * @defaultValue 'auto'
   */
  multiClass: 'auto' | 'ovr' | 'multinomial';
  /**
   * The verbosity level (any positive number for lbfgs's verbosity in scikit-learn).
   * @defaultValue 0
   */
  verbose: number;
  /**
   * Whether `fit` starts from the previous solution instead of erasing it.
   * @defaultValue false
   */
  warmStart: boolean;
  /**
   * scikit-learn's number of CPU cores for one-vs-rest over classes; accepted for compatibility, classes are fitted one
   * after another here.
   * @defaultValue null
   */
  nJobs: number | null;
  /**
   * The Elastic-Net mixing parameter of scikit-learn's 'saga' solver with penalty 'elasticnet'; unused by lbfgs.
   * @defaultValue null
   */
  l1Ratio: number | null;
}

/** The defaults of {@link LogisticRegressionParams}, scikit-learn 1.2.1's. */
export const logisticRegressionDefaults: LogisticRegressionParams = {
  penalty: 'l2',
  dual: false,
  tol: 1e-4,
  C: 1.0,
  fitIntercept: true,
  interceptScaling: 1,
  classWeight: null,
  randomState: null,
  solver: 'lbfgs',
  maxIter: 100,
  multiClass: 'auto',
  verbose: 0,
  warmStart: false,
  nJobs: null,
  l1Ratio: null,
};

export class LogisticRegressionPredictor<L extends Label = Label> extends LinearClassifier<
  LogisticRegressionParams,
  L
> {
  readonly className = 'LogisticRegression';

  constructor(params: EstimatorOptions<LogisticRegressionParams> = {}) {
    super('LogisticRegression', logisticRegressionDefaults, params);
  }

  /** Checks every parameter value by fit's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    this.validateParams();
  }

  /**
   * Binary: [1 - expit(d), expit(d)]. Multiclass: softmax of the decision row (multinomial, which
   * 'auto' picks for lbfgs), or normalised one-vs-rest expit when multiClass is 'ovr'.
   */
  predictProba(X: MatrixInput): number[][] {
    const values = this.decide(X);
    const k = this.nOutputs;
    // As scikit-learn: the scheme follows the multi_class parameter ('auto' is ovr for two classes).
    const mc = this.params.multiClass;
    const multinomial = mc === 'multinomial' || (mc === 'auto' && k > 1);
    if (k === 1) {
      // scikit-learn: a two-class multinomial model's probabilities are softmax([−d, d]) = expit(2d).
      return Array.from(values, (d) => (multinomial ? softmaxRow([-d, d]) : binaryRow(expit(d))));
    }
    if (!multinomial) return this.probaOvrLogistic(X);
    const rows: number[][] = [];
    for (let i = 0; i < values.length; i += k) rows.push(softmaxRow(Array.from(values.subarray(i, i + k))));
    return rows;
  }

  /** The natural logarithm of predictProba. */
  predictLogProba(X: MatrixInput): number[][] {
    return this.predictProba(X).map((row) => row.map(Math.log));
  }

  /** scikit-learn's parameter checks for lbfgs (LogisticRegression._parameter_constraints and _check_solver). */
  protected validateParams(): LogisticRegressionParams {
    const p = this.params;
    const bad = (what: string): IcepickleError =>
      new IcepickleError('INVALID_PARAMETER', { scope: this.className, detail: what });
    if ((p.solver as string) !== 'lbfgs') {
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: this.className,
        detail: `solver '${String(p.solver)}' is not implemented; only 'lbfgs' can train here`,
      });
    }
    if (p.penalty !== 'l2' && p.penalty !== 'none' && p.penalty !== null) {
      throw bad(`Solver lbfgs supports only 'l2' or 'none' penalties, got ${String(p.penalty)} penalty.`);
    }
    if (p.dual !== false) throw bad(`Solver lbfgs supports only dual=False, got dual=${String(p.dual)}`);
    if (typeof p.tol !== 'number' || !(p.tol >= 0))
      throw bad(`The 'tol' parameter must be a float in the range [0, inf). Got ${String(p.tol)} instead.`);
    if (typeof p.C !== 'number' || !(p.C > 0))
      throw bad(`The 'C' parameter must be a float in the range (0, inf]. Got ${String(p.C)} instead.`);
    if (typeof p.fitIntercept !== 'boolean')
      throw bad(`The 'fit_intercept' parameter must be an instance of 'bool'. Got ${String(p.fitIntercept)} instead.`);
    if (!Number.isInteger(p.maxIter) || p.maxIter < 0)
      throw bad(`The 'max_iter' parameter must be an int in the range [0, inf). Got ${String(p.maxIter)} instead.`);
    if (!['auto', 'ovr', 'multinomial'].includes(p.multiClass))
      throw bad(
        `The 'multi_class' parameter must be a str among {'auto', 'ovr', 'multinomial'}. Got ${String(p.multiClass)} instead.`,
      );
    if (typeof p.warmStart !== 'boolean')
      throw bad(`The 'warm_start' parameter must be an instance of 'bool'. Got ${String(p.warmStart)} instead.`);
    const cw = p.classWeight;
    if (!(cw === null || cw === 'balanced' || (typeof cw === 'object' && !Array.isArray(cw)))) {
      throw bad(
        `The 'class_weight' parameter must be an instance of 'dict', a str among {'balanced'} or None. Got ${JSON.stringify(cw)} instead.`,
      );
    }
    if (p.l1Ratio !== null && !(typeof p.l1Ratio === 'number' && p.l1Ratio >= 0 && p.l1Ratio <= 1)) {
      throw bad(
        `The 'l1_ratio' parameter must be a float in the range [0, 1] or None. Got ${String(p.l1Ratio)} instead.`,
      );
    }
    if (!(typeof p.interceptScaling === 'number' && p.interceptScaling > 0)) {
      throw bad(
        `The 'intercept_scaling' parameter must be a float in the range (0, inf). Got ${String(p.interceptScaling)} instead.`,
      );
    }
    return { ...p };
  }

  protected inputError(what: string): IcepickleError {
    return new IcepickleError('INVALID_INPUT', { scope: this.className, detail: what });
  }
}

/** Softmax after subtracting the row maximum, as scikit-learn's `softmax`. */
function softmaxRow(z: number[]): number[] {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  const row = z.map((v) => Math.exp(v - max));
  for (const v of row) sum += v;
  return row.map((v) => v / sum);
}
