import { choleskyFactor, choleskySolve } from './cholesky.js';
import { lstsq } from './lstsq.js';
import type { RidgeDesign } from './ridge-design.js';

/** 'cholesky': normal equations (primal or dual), as scikit-learn; 'svd': orthogonal factorisation, no squaring. */
export type RidgeMethod = 'cholesky' | 'svd';

export interface RidgeSolution {
  /** nColumns × t row-major: coefficient of design column j for target c at [j * t + c]. */
  x: Float64Array;
  /** The method that produced x ('svd' when Cholesky met a matrix that is not positive definite). */
  method: RidgeMethod;
}

/**
 * Minimises ‖A·x − b‖² + α‖x‖² for each of the t columns b of B (nSamples × t, row-major), with one α
 * per column, exactly (to float64 rounding), as scikit-learn 1.2.1's direct solvers do
 * (sklearn/linear_model/_ridge.py):
 * - 'cholesky' (`_solve_cholesky`, `_solve_cholesky_kernel`): (AᵀA + αI)·x = Aᵀb, or, when A has more
 *   columns than rows, x = Aᵀ·(AAᵀ + αI)⁻¹·b; one factorisation serves every target sharing an α. When
 *   the matrix is not numerically positive definite (α = 0 with a rank-deficient A), scikit-learn falls
 *   back to its SVD solver, and so do we.
 * - 'svd' (`_solve_svd`): the same minimiser through an orthogonal factorisation of the stacked matrix
 *   [A; √α·I] (or of [Aᵀ; √α·I] for the dual when A is wide), which never squares A's condition number.
 *   For α = 0 it is the minimum-norm least-squares solution (scikit-learn drops singular values below
 *   1e-15, we drop those below eps·max(m, n)·σ_max, as numpy's lstsq; both discard only rounding noise).
 */
export function solveRidge(
  design: RidgeDesign,
  B: Float64Array,
  t: number,
  alpha: Float64Array,
  method: RidgeMethod,
): RidgeSolution {
  if (method === 'cholesky') {
    const x =
      design.nColumns > design.nSamples ? choleskyDual(design, B, t, alpha) : choleskyPrimal(design, B, t, alpha);
    if (x !== undefined) return { x, method: 'cholesky' };
  }
  return { x: svdSolve(design, B, t, alpha), method: 'svd' };
}

/** Groups of targets that share one α (scikit-learn factorises once when all α are equal). */
function alphaGroups(alpha: Float64Array): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  alpha.forEach((a, c) => {
    const g = groups.get(a);
    if (g) g.push(c);
    else groups.set(a, [c]);
  });
  return groups;
}

function pickColumns(M: Float64Array, rows: number, t: number, cols: number[]): Float64Array {
  const out = new Float64Array(rows * cols.length);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols.length; k++) out[i * cols.length + k] = M[i * t + cols[k]!]!;
  return out;
}

function putColumns(target: Float64Array, rows: number, t: number, cols: number[], values: Float64Array): void {
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < cols.length; k++) target[i * t + cols[k]!] = values[i * cols.length + k]!;
}

/** Solves (M + αI)·Z = R for each α group; undefined when a factorisation fails. */
function shiftedSolve(
  M: Float64Array,
  size: number,
  R: Float64Array,
  t: number,
  alpha: Float64Array,
): Float64Array | undefined {
  const Z = new Float64Array(size * t);
  for (const [a, cols] of alphaGroups(alpha)) {
    const L = M.slice();
    for (let j = 0; j < size; j++) L[j * size + j]! += a;
    if (!choleskyFactor(L, size)) return undefined;
    const rhs = pickColumns(R, size, t, cols);
    choleskySolve(L, size, rhs, cols.length);
    putColumns(Z, size, t, cols, rhs);
  }
  return Z;
}

function choleskyPrimal(
  design: RidgeDesign,
  B: Float64Array,
  t: number,
  alpha: Float64Array,
): Float64Array | undefined {
  return shiftedSolve(design.gramPrimal(), design.nColumns, design.transposeTimes(B, t), t, alpha);
}

function choleskyDual(design: RidgeDesign, B: Float64Array, t: number, alpha: Float64Array): Float64Array | undefined {
  const dual = shiftedSolve(design.gramDual(), design.nSamples, B, t, alpha);
  return dual === undefined ? undefined : design.transposeTimes(dual, t);
}

/** One target at a time through lstsq of a stacked matrix (see solveRidge). */
function svdSolve(design: RidgeDesign, B: Float64Array, t: number, alpha: Float64Array): Float64Array {
  const n = design.nSamples;
  const q = design.nColumns;
  const A = design.dense();
  const x = new Float64Array(q * t);
  for (const [a, cols] of alphaGroups(alpha)) {
    const rhs = pickColumns(B, n, t, cols);
    const k = cols.length;
    let solution: Float64Array;
    if (a === 0) {
      solution = lstsq(A, n, q, rhs, k).x;
    } else if (n >= q) {
      // min ‖[A; √α·I]·x − [b; 0]‖
      const stacked = new Float64Array((n + q) * q);
      stacked.set(A);
      for (let j = 0; j < q; j++) stacked[(n + j) * q + j] = Math.sqrt(a);
      const right = new Float64Array((n + q) * k);
      right.set(rhs);
      solution = lstsq(stacked, n + q, q, right, k).x;
    } else {
      // x = Aᵀz with (AAᵀ + αI)·z = b, i.e. z = argmin ‖[Aᵀ; √α·I]·z − [0; b/√α]‖
      const stacked = new Float64Array((q + n) * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < q; j++) stacked[j * n + i] = A[i * q + j]!;
      for (let i = 0; i < n; i++) stacked[(q + i) * n + i] = Math.sqrt(a);
      const right = new Float64Array((q + n) * k);
      for (let i = 0; i < n * k; i++) right[q * k + i] = rhs[i]! / Math.sqrt(a);
      const z = lstsq(stacked, q + n, n, right, k).x;
      solution = new Float64Array(q * k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < q; j++) {
          const v = A[i * q + j]!;
          if (v !== 0) for (let c = 0; c < k; c++) solution[j * k + c]! += v * z[i * k + c]!;
        }
      }
    }
    putColumns(x, q, t, cols, solution);
  }
  return x;
}
