/**
 * scikit-learn 1.2.1's cyclic coordinate descent for the elastic net (sklearn/linear_model/_cd_fast.pyx,
 * `enet_coordinate_descent` and `sparse_enet_coordinate_descent`), written out with the same updates,
 * order and stopping rules. It minimises
 *     ½‖y − Xw‖² + α‖w‖₁ + (β/2)‖w‖²
 * over w (in place), visiting the coordinates 0..p−1 in turn; after a sweep whose largest change is below
 * tol relative to the largest coefficient (or at the last sweep) it computes the duality gap and stops
 * when the gap is below tol·‖y‖². scikit-learn's BLAS calls (_dot, _axpy) sum in another order than these
 * loops, so iterates agree with scikit-learn's to rounding, not bit for bit.
 */
export interface CdResult {
  /** Duality gap at the end. */
  gap: number;
  /** tol·‖y‖², the gap it had to reach. */
  tol: number;
  /** Sweeps run (scikit-learn's n_iter_). */
  nIter: number;
  /** False when maxIter sweeps ended above tol (scikit-learn's ConvergenceWarning). */
  converged: boolean;
}

export interface CdProblem {
  /** Coefficients, updated in place (the start point, zeros or a warm start). */
  w: Float64Array;
  alpha: number;
  beta: number;
  y: Float64Array;
  maxIter: number;
  tol: number;
  positive: boolean;
  /** Called after each sweep with the sweeps so far (progress). */
  onSweep?: (sweeps: number) => void;
}

/** Column access to X for the sweeps: dense column-major, or CSC with implicit centring by `mean`. */
export interface CdColumns {
  nSamples: number;
  nFeatures: number;
  /** ‖X[:, j]‖² (of the centred column). */
  squaredNorms(): Float64Array;
  /** R += a·X[:, j]. */
  axpy(j: number, a: number, R: Float64Array): void;
  /** X[:, j]·R. */
  dot(j: number, R: Float64Array): number;
}

/** Dense X stored column by column (n × p, column-major), as scikit-learn's Fortran-ordered array. */
export function denseColumns(X: Float64Array, n: number, p: number): CdColumns {
  return {
    nSamples: n,
    nFeatures: p,
    squaredNorms() {
      const out = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += X[j * n + i]! * X[j * n + i]!;
        out[j] = s;
      }
      return out;
    },
    axpy(j, a, R) {
      const base = j * n;
      for (let i = 0; i < n; i++) R[i]! += a * X[base + i]!;
    },
    dot(j, R) {
      const base = j * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += X[base + i]! * R[i]!;
      return s;
    },
  };
}

/**
 * CSC X (columns' rows and values) centred implicitly by `mean` (zeros: no centring), as
 * `sparse_enet_coordinate_descent` does: R's updates add mean·w to every row, and dots subtract mean·ΣR.
 */
export function sparseColumns(
  indptr: Int32Array,
  rows: Int32Array,
  values: Float64Array,
  n: number,
  mean: Float64Array,
): CdColumns {
  const p = mean.length;
  const center = mean.some((m) => m !== 0);
  return {
    nSamples: n,
    nFeatures: p,
    squaredNorms() {
      const out = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        let s = 0;
        const m = mean[j]!;
        for (let k = indptr[j]!; k < indptr[j + 1]!; k++) s += (values[k]! - m) ** 2;
        out[j] = s + (n - (indptr[j + 1]! - indptr[j]!)) * m ** 2;
      }
      return out;
    },
    axpy(j, a, R) {
      for (let k = indptr[j]!; k < indptr[j + 1]!; k++) R[rows[k]!]! += values[k]! * a;
      if (center) {
        const shift = mean[j]! * a;
        for (let i = 0; i < n; i++) R[i]! -= shift;
      }
    },
    dot(j, R) {
      let s = 0;
      for (let k = indptr[j]!; k < indptr[j + 1]!; k++) s += R[rows[k]!]! * values[k]!;
      if (center) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += R[i]!;
        s -= sum * mean[j]!;
      }
      return s;
    },
  };
}

export function enetCoordinateDescent(X: CdColumns, problem: CdProblem): CdResult {
  const { w, alpha, beta, y, maxIter, positive, onSweep } = problem;
  const n = X.nSamples;
  const p = X.nFeatures;
  const normCols = X.squaredNorms();
  // R = y − Xw
  const R = Float64Array.from(y);
  for (let j = 0; j < p; j++) if (w[j] !== 0) X.axpy(j, -w[j]!, R);
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i]! * y[i]!;
  const tol = problem.tol * yy;
  const dwTol = problem.tol;
  let gap = problem.tol + 1.0;
  let nIter = 0;
  let converged = false;
  for (nIter = 0; nIter < maxIter; nIter++) {
    let wMax = 0.0;
    let dwMax = 0.0;
    for (let ii = 0; ii < p; ii++) {
      if (normCols[ii] === 0.0) continue;
      const wOld = w[ii]!;
      if (wOld !== 0.0) X.axpy(ii, wOld, R);
      const tmp = X.dot(ii, R);
      if (positive && tmp < 0) w[ii] = 0.0;
      else w[ii] = (Math.sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (normCols[ii]! + beta);
      if (w[ii] !== 0.0) X.axpy(ii, -w[ii]!, R);
      dwMax = Math.max(dwMax, Math.abs(w[ii]! - wOld));
      wMax = Math.max(wMax, Math.abs(w[ii]!));
    }
    if (wMax === 0.0 || dwMax / wMax < dwTol || nIter === maxIter - 1) {
      // duality gap: XtA = XᵀR − βw
      let dualNorm = positive ? -Infinity : 0;
      for (let j = 0; j < p; j++) {
        const v = X.dot(j, R) - beta * w[j]!;
        dualNorm = positive ? Math.max(dualNorm, v) : Math.max(dualNorm, Math.abs(v));
      }
      let rNorm2 = 0;
      let ry = 0;
      for (let i = 0; i < n; i++) {
        rNorm2 += R[i]! * R[i]!;
        ry += R[i]! * y[i]!;
      }
      let wNorm2 = 0;
      let l1 = 0;
      for (let j = 0; j < p; j++) {
        wNorm2 += w[j]! * w[j]!;
        l1 += Math.abs(w[j]!);
      }
      let scale: number;
      if (dualNorm > alpha) {
        scale = alpha / dualNorm;
        gap = 0.5 * (rNorm2 + rNorm2 * scale ** 2);
      } else {
        scale = 1.0;
        gap = rNorm2;
      }
      gap += alpha * l1 - scale * ry + 0.5 * beta * (1 + scale ** 2) * wNorm2;
      if (gap < tol) {
        converged = true;
        break;
      }
    }
    onSweep?.(nIter + 1);
  }
  return { gap, tol, nIter: Math.min(nIter, maxIter - 1) + 1, converged };
}
