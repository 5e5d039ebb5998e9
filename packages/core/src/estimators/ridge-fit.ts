import { IcepickleError } from '../errors.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { type Matrix, asSampleWeight } from '../math/input.js';
import { ridgeDesign } from '../math/ridge-design.js';
import { type RidgeMethod, solveRidge } from '../math/ridge-solver.js';
import type { BaseRidgeParams } from './ridge-params.js';

/**
 * The largest linear system the exact solver builds: min(n_samples, columns with entries) ≤ 6000
 * (a 288 MB Gram matrix whose factorisation costs ~7·10¹⁰ operations). Larger problems are refused with
 * a pointer to SGD, rather than run for minutes.
 */
export const RIDGE_MAX_SYSTEM = 6000;
/** 'svd' (and the rare Cholesky fallback) needs the design densely: n × columns ≤ 10⁸ doubles. */
const MAX_DENSE_CELLS = 100_000_000;

export interface RidgeFit {
  /** t × p row-major. */
  coef: Float64Array;
  /** t values (zeros without an intercept). */
  intercept: Float64Array;
  method: RidgeMethod;
}

/**
 * scikit-learn 1.2.1's `_BaseRidge.fit` for t targets Y (n × t row-major): the solver checks, centring
 * by sample-weighted means, √w row scaling, the exact solve and intercept = ȳ − x̄·coef.
 */
export function fitRidge(
  scope: string,
  params: BaseRidgeParams,
  X: Matrix,
  Y: Float64Array,
  t: number,
  sampleWeight: Float64Array | undefined,
): RidgeFit {
  const method = ridgeMethod(scope, params, X);
  const [n, p] = X.shape;
  const alpha = alphaPerTarget(scope, params.alpha, t);
  const design = ridgeDesign(X, sampleWeight, params.fitIntercept);
  const q = design.nColumns;
  if (params.fitIntercept && sampleWeight && !(sampleWeight.reduce((a, b) => a + b, 0) > 0)) {
    throw new IcepickleError('INVALID_INPUT', { scope, detail: 'the sample weights sum to zero' });
  }
  checkSize(scope, n, q, method);
  const yMean = new Float64Array(t);
  if (params.fitIntercept) {
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      const w = sampleWeight ? sampleWeight[i]! : 1;
      wsum += w;
      for (let c = 0; c < t; c++) yMean[c]! += w * Y[i * t + c]!;
    }
    for (let c = 0; c < t; c++) yMean[c]! /= wsum;
  }
  const B = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    const r = design.rootWeight[i]!;
    for (let c = 0; c < t; c++) B[i * t + c] = (Y[i * t + c]! - yMean[c]!) * r;
  }
  const solution = solveRidge(design, B, t, alpha, method);
  const coef = new Float64Array(t * p);
  const intercept = new Float64Array(t);
  for (let c = 0; c < t; c++) {
    let offset = 0;
    for (let j = 0; j < q; j++) {
      const v = solution.x[j * t + c]!;
      coef[c * p + (design.columns ? design.columns[j]! : j)] = v;
      offset += design.xMean[j]! * v;
    }
    intercept[c] = params.fitIntercept ? yMean[c]! - offset : 0;
  }
  return { coef, intercept, method: solution.method };
}

/** scikit-learn's solver rules (`_BaseRidge.fit`, `_ridge_regression`), mapped onto our two exact methods. */
function ridgeMethod(scope: string, params: BaseRidgeParams, X: Matrix): RidgeMethod {
  const bad = (detail: string): IcepickleError => new IcepickleError('INVALID_PARAMETER', { scope, detail });
  const solver = params.solver;
  if (params.positive) {
    throw new IcepickleError('NOT_SUPPORTED', {
      scope,
      detail: `positive=true (scikit-learn's lbfgs with bounds) is not implemented; train ${scope} in Python (sklearn.linear_model.${scope}) and load it`,
    });
  }
  if (solver === 'lbfgs') throw bad("'lbfgs' solver can be used only when positive=True. Please use another solver.");
  const sparse = X instanceof CsrMatrix;
  if (sparse && params.fitIntercept && !['auto', 'lsqr', 'sag', 'sparse_cg'].includes(solver)) {
    throw bad(
      `solver='${solver}' does not support fitting the intercept on sparse data. Please set the solver to 'auto' or 'lsqr', 'sparse_cg', 'sag', 'lbfgs' or set \`fit_intercept=False\``,
    );
  }
  if (sparse && solver === 'svd') {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: "solver='svd' needs dense X (scikit-learn: 'SVD solver does not support sparse inputs currently')",
    });
  }
  return solver === 'svd' ? 'svd' : 'cholesky';
}

/** One α per target: a scalar is repeated; an array must have 1 or t entries. */
function alphaPerTarget(scope: string, alpha: number | readonly number[], t: number): Float64Array {
  const values = typeof alpha === 'number' ? [alpha] : Array.from(alpha);
  if (values.length !== 1 && values.length !== t) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `Number of targets and number of penalties do not correspond: ${values.length} != ${t}`,
    });
  }
  return Float64Array.from({ length: t }, (_v, c) => values[values.length === 1 ? 0 : c]!);
}

function checkSize(scope: string, n: number, q: number, method: RidgeMethod): void {
  const system = Math.min(n, q);
  const dense = method === 'svd' && n * q > MAX_DENSE_CELLS;
  if (system > RIDGE_MAX_SYSTEM || dense) {
    throw new IcepickleError('LIMIT_EXCEEDED', {
      scope,
      detail: dense
        ? `solver='svd' would need a dense ${n} × ${q} matrix (limit ${MAX_DENSE_CELLS} cells); use solver 'auto'`
        : `the exact solver would factor a ${system} × ${system} matrix (limit ${RIDGE_MAX_SYSTEM}); use fewer rows or features, or SGDRegressor / SGDClassifier with penalty 'l2'`,
    });
  }
}

/** scikit-learn's `_check_sample_weight`: absent, one number for every sample, or one per sample (≥ 0 here). */
export function ridgeSampleWeight(
  sampleWeight: ArrayLike<number> | number | undefined,
  n: number,
): Float64Array | undefined {
  if (sampleWeight === undefined) return undefined;
  if (typeof sampleWeight === 'number') return asSampleWeight(new Float64Array(n).fill(sampleWeight), n);
  return asSampleWeight(sampleWeight, n);
}
