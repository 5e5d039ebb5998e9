import { IcepickleError, NotFittedError } from '../errors.js';
import { linearDecision } from '../math/decision.js';
import { type Matrix, type MatrixInput, asMatrix, asMatrixUnchecked, assertFinite } from '../math/input.js';
import type { ClassDType } from './labels.js';
import { type EstimatorOptions, type Logger, consoleLogger } from './logger.js';
import type { Label } from './metrics.js';
import { checkParamNames } from './param-names.js';
import { toSklearnParams } from './params.js';

/**
 * Everything a linear model is, as plain arrays in scikit-learn's shapes. This is what the file format
 * stores (`coef`, `intercept`, `classes`) and what `setCoefficients` accepts.
 */
export interface LinearCoefficients {
  /** Row-major values of coef_. */
  coef: Float64Array;
  /** scikit-learn's shape: (1, n) binary, (K, n) multiclass, (n,) single-target regression, (T, n). */
  coefShape: readonly number[];
  /** Values of intercept_. */
  intercept: Float64Array;
  /** (K,) / (1,) / (T,), or [] for LinearRegression's scalar intercept. */
  interceptShape: readonly number[];
  /** The class labels, sorted (classifiers only). */
  classes?: readonly Label[];
  /** How the labels are stored on disk (classifiers only; by default, derived from the labels). */
  classDType?: ClassDType;
}

/** W (row-major, nOutputs × nFeatures) and b of a fitted linear model's decision X·Wᵀ + b. */
export interface DecisionWeights {
  /** W, row-major (nOutputs × nFeatures): the model's live array, not a copy; never write to it. */
  weights: Float64Array;
  /** b, one value per output: the model's live array, not a copy. */
  bias: Float64Array;
  /** Rows of W: 1 for a binary classifier or a single-target regressor, else one per class or target. */
  nOutputs: number;
  /** Columns of W: the number of features the model was fitted on. */
  nFeatures: number;
}

/** scikit-learn's `_estimator_type`: what `score` measures (accuracy or R²) and how searches split. */
export type EstimatorType = 'classifier' | 'regressor';

/**
 * The shared part of the six estimators: parameters stored as given (validated in fit, as
 * scikit-learn does), the fitted coefficients, and the linear decision X·Wᵀ + b.
 */
export abstract class LinearModel<P extends object> {
  /** 'classifier' or 'regressor' (scikit-learn's `_estimator_type`). */
  abstract readonly estimatorType: EstimatorType;
  /** scikit-learn's class name, also what the file format records. */
  abstract readonly className: string;
  protected params: P;

  /** Row-major (nOutputs × nFeatures). */
  protected weights: Float64Array | undefined;
  protected bias: Float64Array | undefined;
  protected coefShape: readonly number[] = [];
  protected interceptShape: readonly number[] = [];

  /**
   * Stores the parameters; an unknown name is refused at once (INVALID_PARAMETER listing the valid
   * names), as Python refuses an unexpected keyword. Values are checked by `checkParams`.
   */
  protected constructor(scope: string, defaults: P, options: EstimatorOptions<P>) {
    const { logger, ...params } = options ?? {};
    checkParamNames(scope, params, defaults);
    this.params = { ...defaults, ...stripUndefined(params as Partial<P>) };
    this.customLogger = logger;
  }

  private customLogger: Logger | undefined;

  /** Where warnings and verbose output go: the `logger` option, else `console`. */
  get logger(): Logger {
    return this.customLogger ?? consoleLogger();
  }

  /**
   * Checks every parameter value by the rules `fit` applies (scikit-learn's `_validate_params` and the
   * estimator's own checks); throws INVALID_PARAMETER. Loading runs it on the parameters a file records.
   */
  abstract checkParams(): void;

  /** The parameters, as given or defaulted (scikit-learn's get_params(), camelCase names). */
  getParams(): P {
    return { ...this.params };
  }

  /** scikit-learn's get_params() names and values. */
  getSklearnParams(): Record<string, unknown> {
    return toSklearnParams(this.params as Record<string, unknown>);
  }

  /** Sets parameters by name; refused ones (unknown names, or values `checkParamsOnSet` rejects) change nothing. */
  setParams(options: EstimatorOptions<P>): this {
    const { logger, ...params } = options;
    checkParamNames(this.className, params, this.params);
    const before = this.params;
    this.params = { ...this.params, ...stripUndefined(params as Partial<P>) };
    try {
      this.checkParamsOnSet();
    } catch (error) {
      this.params = before;
      throw error;
    }
    if (logger !== undefined) this.customLogger = logger;
    return this;
  }

  /**
   * Checks run as parameters are set. None by default: scikit-learn checks values at fit (and loading checks
   * recorded ones with `checkParams`); estimators whose constructors check values override this too.
   */
  protected checkParamsOnSet(): void {}

  /** A new unfitted estimator with the same parameters (scikit-learn's clone). */
  clone(): this {
    const Ctor = this.constructor as new (p: EstimatorOptions<P>) => this;
    return new Ctor({ ...this.getParams(), logger: this.customLogger });
  }

  /** Whether the model has coefficients (from fit, a file, or setCoefficients). */
  isFitted(): boolean {
    return this.weights !== undefined;
  }

  /** The number of features seen in fit (scikit-learn's `n_features_in_`); throws NOT_FITTED before. */
  get nFeaturesIn_(): number {
    this.checkFitted();
    return this.coefShape[this.coefShape.length - 1]!;
  }

  /** Number of rows of coef_ (classes for multiclass, 1 for binary, targets for regression). */
  protected get nOutputs(): number {
    return this.coefShape.length === 2 ? this.coefShape[0]! : 1;
  }

  /** coef_ in scikit-learn's shape, as a copy (plain arrays). */
  get coef_(): number[][] | number[] {
    this.checkFitted();
    const w = this.weights!;
    if (this.coefShape.length === 1) return Array.from(w);
    const n = this.coefShape[1]!;
    return Array.from({ length: this.coefShape[0]! }, (_v, k) => Array.from(w.subarray(k * n, (k + 1) * n)));
  }

  /**
   * The intercept(s) (scikit-learn's `intercept_`): one per row of coef_, or a number for a single-target
   * LinearRegression.
   */
  get intercept_(): number[] | number {
    this.checkFitted();
    return this.interceptShape.length === 0 ? this.bias![0]! : Array.from(this.bias!);
  }

  /** The fitted arrays (copies), for storage. */
  getCoefficients(): LinearCoefficients {
    this.checkFitted();
    return {
      coef: this.weights!.slice(),
      coefShape: [...this.coefShape],
      intercept: this.bias!.slice(),
      interceptShape: [...this.interceptShape],
    };
  }

  /**
   * Installs coefficients (as Python icepickle's load_coefficients sets coef_, intercept_, classes_).
   * Everything is checked before anything changes, so a rejected call leaves the model as it was.
   */
  setCoefficients(c: LinearCoefficients): this {
    this.checkCoefficients(c);
    this.weights = new Float64Array(c.coef);
    this.bias = Float64Array.from(c.intercept);
    this.coefShape = [...c.coefShape];
    this.interceptShape = [...c.interceptShape];
    return this;
  }

  /** Shape rules shared by all; subclasses add theirs. Throws INVALID_SHAPE. */
  protected checkCoefficients(c: LinearCoefficients): void {
    const rank = c.coefShape.length;
    if (rank !== 1 && rank !== 2)
      throw this.shapeError(`coef must be 1-D or 2-D, got shape (${c.coefShape.join(', ')})`);
    const size = c.coefShape.reduce((a, b) => a * b, 1);
    if (c.coef.length !== size)
      throw this.shapeError(`coef has ${c.coef.length} values for shape (${c.coefShape.join(', ')})`);
    const rows = rank === 2 ? c.coefShape[0]! : 1;
    if (rank === 2 && rows < 1) throw this.shapeError('coef has no rows');
    if (c.interceptShape.length > 1)
      throw this.shapeError(`intercept must be a scalar or 1-D, got shape (${c.interceptShape.join(', ')})`);
    if (c.intercept.length !== (c.interceptShape[0] ?? 1)) throw this.shapeError('intercept values and shape disagree');
    if (c.interceptShape.length === 1 && c.interceptShape[0] !== rows) {
      throw this.shapeError(
        `intercept has ${c.interceptShape[0]} values but coef has ${rows} row${rows === 1 ? '' : 's'}`,
      );
    }
    if (c.interceptShape.length === 0 && rows !== 1)
      throw this.shapeError(`a scalar intercept needs a single-row coef, got ${rows} rows`);
  }

  protected shapeError(what: string): IcepickleError {
    return new IcepickleError('INVALID_SHAPE', { scope: this.className, detail: what });
  }

  protected checkFitted(): void {
    if (this.weights === undefined) throw new NotFittedError(this.className);
  }

  /** Validates X against the fitted feature count (values too, unless `scanValues` is false). */
  protected checkInput(X: MatrixInput, scanValues = true): Matrix {
    this.checkFitted();
    const matrix = scanValues ? asMatrix(X) : asMatrixUnchecked(X);
    const expected = this.coefShape[this.coefShape.length - 1]!;
    if (matrix.shape[1] !== expected) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `X has ${matrix.shape[1]} features, but ${this.className} is expecting ${expected} features as input`,
      });
    }
    return matrix;
  }

  /**
   * @internal The live arrays of the decision X·Wᵀ + b (not copies: read them, never change them), for a
   * pipeline step that computes the decisions straight from its own input (pipeline/decision-through.ts).
   */
  decisionWeights(): DecisionWeights {
    this.checkFitted();
    const k = this.nOutputs;
    const bias = this.bias!.length === k ? this.bias! : new Float64Array(k).fill(this.bias![0]!);
    return { weights: this.weights!, bias, nOutputs: k, nFeatures: this.coefShape[this.coefShape.length - 1]! };
  }

  /**
   * @internal A view of this fitted model whose decision values (X·Wᵀ + b, row-major) come from
   * `decide` instead of its own weights; every output rule (labels, probabilities) stays the model's.
   * The lazy model computes the values from just the coefficient columns a batch touches.
   */
  withDecisions(decide: (X: MatrixInput) => Float64Array): this {
    this.checkFitted();
    const view = Object.create(this) as this;
    view.decide = decide;
    return view;
  }

  /** Raw decision values, row-major (nSamples × nOutputs); a fresh array the caller may change. */
  protected decide(X: MatrixInput): Float64Array {
    // NaN/Inf in X always makes a decision value non-finite, so X is scanned only when one is: the
    // common case skips a full pass over the data.
    const matrix = this.checkInput(X, false);
    const bias =
      this.bias!.length === this.nOutputs ? this.bias! : new Float64Array(this.nOutputs).fill(this.bias![0]!);
    const values = linearDecision(matrix, this.weights!, bias, this.nOutputs);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) {
        assertFinite(matrix);
        break;
      }
    }
    return values;
  }
}

function stripUndefined<T extends object>(o: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export type { Label };
