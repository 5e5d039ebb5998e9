import { IcepickleError } from '../errors.js';
import { type CdColumns, denseColumns, enetCoordinateDescent, sparseColumns } from '../math/coordinate-descent.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import type { Matrix } from '../math/input.js';
import type { ProgressTracker } from '../progress/progress.js';
import type { ElasticNetParams, LassoParams } from './coordinate-descent-params.js';

export interface ElasticNetFit {
  /** t × p row-major. */
  coef: Float64Array;
  intercept: Float64Array;
  nIter: number[];
  dualGap: number[];
  /** scikit-learn's warnings for this fit (UserWarning for alpha = 0, ConvergenceWarning), in order. */
  warnings: string[];
}

/**
 * scikit-learn 1.2.1's `ElasticNet.fit` (sklearn/linear_model/_coordinate_descent.py) for t targets Y
 * (n × t row-major): sample weights rescaled to sum to n, X and y centred by their weighted means (CSR:
 * only y; X is centred implicitly inside the sweeps) and scaled by √w, penalties α·l1_ratio·n and
 * α·(1 − l1_ratio)·n, one coordinate-descent run per target from zeros (or `warm`, t × p), and
 * intercept = ȳ − x̄·coef.
 */
export function fitElasticNet(
  scope: string,
  params: ElasticNetParams | LassoParams,
  X: Matrix,
  Y: Float64Array,
  t: number,
  sampleWeight: Float64Array | undefined,
  warm: Float64Array | undefined,
  /** Counts sweeps: maxIter per target, a target that converges counting as done. */
  progress?: ProgressTracker,
): ElasticNetFit {
  const l1Ratio = 'l1Ratio' in params ? params.l1Ratio : 1.0;
  checkSupported(scope, params, X, t, sampleWeight);
  const [n, p] = X.shape;
  const warnings: string[] = [];
  if (params.alpha === 0) {
    warnings.push(
      'With alpha=0, this algorithm does not converge well. You are advised to use the LinearRegression estimator',
    );
  }
  let sw = sampleWeight;
  if (sw) {
    const total = sw.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new IcepickleError('INVALID_INPUT', { scope, detail: 'the sample weights sum to zero' });
    sw = sw.map((w) => w * (n / total));
  }
  const { xMean, yMean } = weightedMeans(X, Y, t, sw, params.fitIntercept);
  const columns = designColumns(X, xMean, sw);
  const coef = new Float64Array(t * p);
  const intercept = new Float64Array(t);
  const nIter: number[] = [];
  const dualGap: number[] = [];
  const maxIter = params.maxIter ?? 1000;
  progress?.start();
  for (let k = 0; k < t; k++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = (Y[i * t + k]! - yMean[k]!) * (sw ? Math.sqrt(sw[i]!) : 1);
    const w = warm ? warm.slice(k * p, (k + 1) * p) : new Float64Array(p);
    const run = enetCoordinateDescent(columns, {
      w,
      alpha: params.alpha * l1Ratio * n,
      beta: params.alpha * (1.0 - l1Ratio) * n,
      y,
      maxIter,
      tol: params.tol,
      positive: params.positive,
      ...(progress ? { onSweep: (i: number) => progress.update(k * maxIter + i) } : {}),
    });
    progress?.update((k + 1) * maxIter);
    if (!run.converged) warnings.push(convergenceWarning(run.gap, run.tol, params.alpha * l1Ratio * n));
    coef.set(w, k * p);
    let offset = 0;
    for (let j = 0; j < p; j++) offset += xMean[j]! * w[j]!;
    intercept[k] = params.fitIntercept ? yMean[k]! - offset : 0;
    nIter.push(run.nIter);
    dualGap.push(run.gap);
  }
  if (!coef.every(Number.isFinite) || !intercept.every(Number.isFinite)) {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail:
        'Coordinate descent iterations resulted in non-finite parameter values. The input data may contain large values and need to be preprocessed.',
    });
  }
  return { coef, intercept, nIter, dualGap, warnings };
}

/** scikit-learn 1.2.1's ConvergenceWarning text (_cd_fast.pyx), numbers as Python's '{:.3e}'. */
function convergenceWarning(gap: number, tol: number, l1Reg: number): string {
  const e3 = (x: number): string => x.toExponential(3).replace(/e([+-])(\d)$/, 'e$10$2');
  let message = `Objective did not converge. You might want to increase the number of iterations, check the scale of the features or consider increasing regularisation. Duality gap: ${e3(gap)}, tolerance: ${e3(tol)}`;
  if (l1Reg < 2.220446049250313e-16) {
    message +=
      ' Linear regression models with null weight for the l1 regularization term are more efficiently fitted using one of the solvers implemented in sklearn.linear_model.Ridge/RidgeCV instead.';
  }
  return message;
}

/** What we do not train (scikit-learn would): say so before any work. */
function checkSupported(
  scope: string,
  params: LassoParams,
  X: Matrix,
  t: number,
  sampleWeight: Float64Array | undefined,
): void {
  const refuse = (what: string): IcepickleError =>
    new IcepickleError('NOT_SUPPORTED', {
      scope,
      detail: `${what} is not implemented; train ${scope} in Python (sklearn.linear_model.${scope}) and load it`,
    });
  if (params.selection !== 'cyclic') throw refuse("selection='random'");
  if (typeof params.precompute !== 'boolean') throw refuse('a precomputed Gram matrix');
  if (X instanceof CsrMatrix && sampleWeight) throw refuse('sample_weight with CSR input');
  if (params.positive && t > 1) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: 'positive=True is not allowed for multi-output (y.ndim != 1)',
    });
  }
}

/** numpy.average over rows (weights w): X's columns (zeros without an intercept) and each target. */
function weightedMeans(
  X: Matrix,
  Y: Float64Array,
  t: number,
  sw: Float64Array | undefined,
  fitIntercept: boolean,
): { xMean: Float64Array; yMean: Float64Array } {
  const [n, p] = X.shape;
  const xMean = new Float64Array(p);
  const yMean = new Float64Array(t);
  if (!fitIntercept) return { xMean, yMean };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = sw ? sw[i]! : 1;
    total += w;
    for (let k = 0; k < t; k++) yMean[k]! += w * Y[i * t + k]!;
    if (X instanceof CsrMatrix) {
      for (let q = X.indptr[i]!; q < X.indptr[i + 1]!; q++) xMean[X.indices[q]!]! += w * X.data[q]!;
    } else {
      for (let j = 0; j < p; j++) xMean[j]! += w * X.data[i * p + j]!;
    }
  }
  for (let j = 0; j < p; j++) xMean[j]! /= total;
  for (let k = 0; k < t; k++) yMean[k]! /= total;
  return { xMean, yMean };
}

/** Dense: the centred, √w-scaled X in column-major order; CSR: its CSC form, centred implicitly. */
function designColumns(X: Matrix, xMean: Float64Array, sw: Float64Array | undefined): CdColumns {
  const [n, p] = X.shape;
  if (!(X instanceof CsrMatrix)) {
    const cols = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const r = sw ? Math.sqrt(sw[i]!) : 1;
      for (let j = 0; j < p; j++) cols[j * n + i] = (X.data[i * p + j]! - xMean[j]!) * r;
    }
    return denseColumns(cols, n, p);
  }
  // CSR → CSC (rows increasing within each column, as scipy's tocsc)
  const counts = new Int32Array(p + 1);
  const nnz = X.nnz;
  for (let q = 0; q < nnz; q++) counts[X.indices[q]! + 1]!++;
  for (let j = 0; j < p; j++) counts[j + 1]! += counts[j]!;
  const indptr = counts.slice();
  const next = counts.slice(0, p);
  const rows = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let q = X.indptr[i]!; q < X.indptr[i + 1]!; q++) {
      const dest = next[X.indices[q]!]!++;
      rows[dest] = i;
      values[dest] = X.data[q]!;
    }
  }
  return sparseColumns(indptr, rows, values, n, xMean);
}
