/**
 * Cholesky factorisation and solve of a symmetric positive-definite system, as LAPACK's dpotrf/dpotrs
 * (what scipy's `linalg.solve(A, B, assume_a="pos")` calls for scikit-learn's ridge 'cholesky' solver).
 */

/**
 * Overwrites the lower triangle of the row-major n × n matrix `A` with L, where A = L·Lᵀ (the upper
 * triangle is left alone). Returns false, as dpotrf's info > 0, when a pivot is not positive (A is not
 * numerically positive definite); A is then partly overwritten.
 */
export function choleskyFactor(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = A[rowJ + j]!;
    for (let k = 0; k < j; k++) d -= A[rowJ + k]! * A[rowJ + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    A[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = A[rowI + j]!;
      for (let k = 0; k < j; k++) s -= A[rowI + k]! * A[rowJ + k]!;
      A[rowI + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Solves L·Lᵀ·X = B in place for the t columns of the row-major n × t matrix `B`, with L from
 * `choleskyFactor`.
 */
export function choleskySolve(L: Float64Array, n: number, B: Float64Array, t: number): void {
  // forward: L·Z = B
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let c = 0; c < t; c++) {
      let s = B[i * t + c]!;
      for (let k = 0; k < i; k++) s -= L[rowI + k]! * B[k * t + c]!;
      B[i * t + c] = s / L[rowI + i]!;
    }
  }
  // backward: Lᵀ·X = Z
  for (let i = n - 1; i >= 0; i--) {
    for (let c = 0; c < t; c++) {
      let s = B[i * t + c]!;
      for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * B[k * t + c]!;
      B[i * t + c] = s / L[i * n + i]!;
    }
  }
}
