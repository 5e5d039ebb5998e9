import { IcepickleError } from '../errors.js';
import { compactColumns } from '../math/active-columns.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { type MatrixInput, asMatrix, asSampleWeight } from '../math/input.js';
import { lstsq } from '../math/lstsq.js';
import { LinearRegressor } from './linear-regressor.js';
import type { EstimatorOptions } from './logger.js';

/** Parameters of {@link LinearRegression}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export interface LinearRegressionParams {
  /**
   * Whether to calculate the intercept; when false the data is expected to be centered.
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * scikit-learn copies X when true (else it may be overwritten); X is never modified here.
   * @defaultValue true
   */
  copyX: boolean;
  /**
   * scikit-learn's number of jobs for multi-target problems; accepted for compatibility, targets are solved together
   * here.
   * @defaultValue null
   */
  nJobs: number | null;
  /**
   * Forces the coefficients to be positive (scikit-learn's NNLS); not implemented here, fit refuses `true`.
   * @defaultValue false
   */
  positive: boolean;
}

/** The defaults of {@link LinearRegressionParams}, scikit-learn 1.2.1's. */
export const linearRegressionDefaults: LinearRegressionParams = {
  fitIntercept: true,
  copyX: true,
  nJobs: null,
  positive: false,
};

/** Cells of the dense centred problem we are willing to build for CSR input (8 bytes each: 800 MB). */
const MAX_DENSE_CELLS = 100_000_000;

/** Ordinary least squares; single target: coef (n,), scalar intercept; T targets: (T, n), (T,). */
export class LinearRegression extends LinearRegressor<LinearRegressionParams> {
  readonly className = 'LinearRegression';
  /** Rank of the (centred) design matrix; dense fits only, as scikit-learn. */
  rank_: number | undefined;
  /** Singular values of the (centred) design matrix; dense fits only, as scikit-learn. */
  singular_: number[] | undefined;

  constructor(params: EstimatorOptions<LinearRegressionParams> = {}) {
    super('LinearRegression', linearRegressionDefaults, params);
  }

  /** Checks every parameter value by fit's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    this.validateParams();
  }

  /**
   * Exact least squares, as scikit-learn: with `fitIntercept`, X and y are centred by their
   * (sample-weighted) means, rows are scaled by √sampleWeight, the centred problem is solved and
   * intercept = ȳ − x̄·coef. The answer is the minimum-norm solution when X is rank-deficient or has
   * more columns than rows (see math/lstsq.ts).
   *
   * Dense X: scikit-learn calls scipy's gelsd; we compute the same solution (to rounding) and set
   * `rank_` and `singular_` as it does. Our rank cut-off is numpy's eps·max(n, p)·σ_max rather than
   * scipy's eps·σ_max, so a singular value that is rounding noise never enters the solution.
   *
   * CSR X: scikit-learn 1.2.1 runs the iterative `lsqr` (atol = btol = 1e-6) on an implicitly
   * centred operator, which is only approximate (packages/test-utils/fixtures/sklearn/README.md §5). We return the exact
   * minimum-norm answer instead, by solving the centred problem densely on the columns that have
   * stored entries (the others get 0); predictions agree with scikit-learn's within lsqr's
   * tolerance. This needs n × (columns with entries) doubles, so it is meant for moderate sizes.
   * `rank_` and `singular_` stay undefined for CSR input, as in scikit-learn.
   *
   * A call that throws leaves the model as it was.
   */
  fit(
    X: MatrixInput,
    y: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
    options: { sampleWeight?: ArrayLike<number> } = {},
  ): this {
    this.validateParams();
    const matrix = asMatrix(X);
    const [n, p] = matrix.shape;
    if (n === 0) throw this.inputError('Found array with 0 sample(s) while a minimum of 1 is required');
    const { values: Y, nTargets: T, multiOutput } = this.targets(y, n);
    const sw = options.sampleWeight === undefined ? undefined : asSampleWeight(options.sampleWeight, n);
    const fitIntercept = this.params.fitIntercept;

    // The columns we solve for: all of them for dense input, those with entries for CSR.
    let columns: Int32Array | undefined;
    let work: CsrMatrix | undefined;
    if (matrix instanceof CsrMatrix) {
      const compact = compactColumns(matrix);
      columns = compact.columns;
      work = compact.matrix;
    }
    const q = columns ? columns.length : p;
    if (n * q > MAX_DENSE_CELLS) {
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: this.className,
        detail: `the exact solver would need a dense ${n} × ${q} matrix (${n * q} cells, limit ${MAX_DENSE_CELLS}); use fewer rows or features, or SGDRegressor`,
      });
    }

    // A = X on the solved columns (dense, row-major).
    const A = new Float64Array(n * q);
    if (work) {
      const { indptr, indices, data } = work;
      for (let i = 0; i < n; i++) for (let k = indptr[i]!; k < indptr[i + 1]!; k++) A[i * q + indices[k]!]! += data[k]!;
    } else {
      A.set(matrix.data as Float64Array);
    }

    // Weighted means, centring, then √w row scaling (scikit-learn's _preprocess_data and _rescale_data).
    const xMean = new Float64Array(q);
    const yMean = new Float64Array(T);
    if (fitIntercept) {
      let wsum = 0;
      for (let i = 0; i < n; i++) {
        const w = sw ? sw[i]! : 1;
        wsum += w;
        for (let j = 0; j < q; j++) xMean[j]! += w * A[i * q + j]!;
        for (let t = 0; t < T; t++) yMean[t]! += w * Y[i * T + t]!;
      }
      if (!(wsum > 0)) throw this.inputError('the sample weights sum to zero');
      for (let j = 0; j < q; j++) xMean[j]! /= wsum;
      for (let t = 0; t < T; t++) yMean[t]! /= wsum;
    }
    const B = new Float64Array(n * T);
    for (let i = 0; i < n; i++) {
      const r = sw ? Math.sqrt(sw[i]!) : 1;
      for (let j = 0; j < q; j++) A[i * q + j] = (A[i * q + j]! - xMean[j]!) * r;
      for (let t = 0; t < T; t++) B[i * T + t] = (Y[i * T + t]! - yMean[t]!) * r;
    }

    const solution = lstsq(A, n, q, B, T);

    const coef = new Float64Array(T * p);
    const intercept = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let offset = 0;
      for (let j = 0; j < q; j++) {
        const c = solution.x[j * T + t]!;
        coef[t * p + (columns ? columns[j]! : j)] = c;
        offset += xMean[j]! * c;
      }
      intercept[t] = fitIntercept ? yMean[t]! - offset : 0;
    }

    this.weights = coef;
    this.bias = intercept;
    this.coefShape = multiOutput ? [T, p] : [p];
    this.interceptShape = multiOutput ? [T] : [];
    this.rank_ = columns ? undefined : solution.rank;
    this.singular_ = columns ? undefined : Array.from(solution.singular);
    return this;
  }

  /** y as (n,) or (n, T), finite, row-major into one buffer. */
  private targets(
    y: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
    n: number,
  ): { values: Float64Array; nTargets: number; multiOutput: boolean } {
    if (y === null || typeof y !== 'object' || typeof y.length !== 'number')
      throw this.inputError('y must be an array of numbers or of rows of numbers');
    if (y.length !== n)
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `y has ${y.length} rows but X has ${n}`,
      });
    const multiOutput = n > 0 && typeof y[0] === 'object' && y[0] !== null;
    const T = multiOutput ? (y[0] as ArrayLike<number>).length : 1;
    if (multiOutput && T === 0) throw this.inputError('y has rows with no targets');
    const values = new Float64Array(n * T);
    for (let i = 0; i < n; i++) {
      const row = y[i];
      if (multiOutput) {
        if (row === null || typeof row !== 'object' || (row as ArrayLike<number>).length !== T) {
          throw this.inputError(`y is ragged: row ${i} does not have ${T} targets`);
        }
        for (let t = 0; t < T; t++) values[i * T + t] = this.finite((row as ArrayLike<number>)[t], `y[${i}][${t}]`);
      } else {
        values[i] = this.finite(row, `y[${i}]`);
      }
    }
    return { values, nTargets: T, multiOutput };
  }

  private finite(v: unknown, where: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw this.inputError(`${where} is ${String(v)}, expected a finite number`);
    return v;
  }

  private validateParams(): void {
    const p = this.params;
    if (typeof p.fitIntercept !== 'boolean') {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: this.className,
        detail: `The 'fit_intercept' parameter must be an instance of 'bool'. Got ${String(p.fitIntercept)} instead.`,
      });
    }
    if (typeof p.positive !== 'boolean') {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: this.className,
        detail: `The 'positive' parameter must be an instance of 'bool'. Got ${String(p.positive)} instead.`,
      });
    }
    if (p.positive)
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: this.className,
        detail: 'positive=true (non-negative least squares) is not implemented',
      });
  }

  private inputError(what: string): IcepickleError {
    return new IcepickleError('INVALID_INPUT', { scope: this.className, detail: what });
  }
}
