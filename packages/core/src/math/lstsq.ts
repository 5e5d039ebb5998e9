/**
 * Minimum-norm least squares, min ‖A·X − B‖ with the smallest ‖X‖ among the minimisers, through an
 * SVD computed as LAPACK's accurate path does it: a Householder QR of the tall side, then one-sided
 * (Hestenes) Jacobi on the small triangular factor. Jacobi gives small singular values with high
 * relative accuracy, so the rank decision is sound; the QR first means the Jacobi sweeps cost
 * O(k³) for k = min(m, n) instead of O(m·n·k).
 *
 * Rank: singular values ≤ rcond·σ_max count as zero, with numpy's default rcond = eps·max(m, n).
 * (scipy.linalg.lstsq — what scikit-learn calls — uses rcond = eps, which is below rounding noise:
 * a centred n×p matrix with n ≤ p has rank ≤ n − 1, yet gelsd can count a ~1e-15 singular value
 * and return a solution far from the minimum-norm one. See linear-regression.ts.)
 */

export interface LstsqResult {
  /** n × t, row-major. */
  x: Float64Array;
  rank: number;
  /** Singular values of A, decreasing (min(m, n) of them). */
  singular: Float64Array;
}

const EPS = 2.220446049250313e-16;

/**
 * A is m × n row-major, B is m × t row-major. Neither is modified.
 */
export function lstsq(
  A: Float64Array,
  m: number,
  n: number,
  B: Float64Array,
  t: number,
  options: { rcond?: number } = {},
): LstsqResult {
  const k = Math.min(m, n);
  const x = new Float64Array(n * t);
  if (k === 0) return { x, rank: 0, singular: new Float64Array(0) };
  const tall = m >= n;
  const rows = tall ? m : n;
  // M (rows × k, column-major) is A when tall and Aᵀ when wide; a row-major A is a column-major Aᵀ.
  const M = new Float64Array(rows * k);
  if (tall) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) M[j * m + i] = A[i * n + j]!;
  } else {
    M.set(A.subarray(0, m * n));
  }
  // M·P = Q·R with column pivoting, then Jacobi on Rᵀ: pivoting leaves Rᵀ's columns nearly
  // orthogonal, so the sweeps converge fast (Drmač & Veselić). G = Rᵀ; G·W = U′·Σ, so R = W·Σ·U′ᵀ.
  const { tau, perm } = householderQrPivoted(M, rows, k);
  const G = new Float64Array(k * k);
  for (let j = 0; j < k; j++) for (let i = 0; i <= j; i++) G[i * k + j] = M[j * rows + i]!;
  const W = new Float64Array(k * k);
  for (let j = 0; j < k; j++) W[j * k + j] = 1;
  jacobiSvd(G, k, k, W);
  const sigma = new Float64Array(k);
  let sMax = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += G[j * k + i]! ** 2;
    sigma[j] = Math.sqrt(s);
    sMax = Math.max(sMax, sigma[j]!);
  }
  const rcond = options.rcond ?? EPS * Math.max(m, n);
  const cutoff = rcond * sMax;
  let rank = 0;
  for (let j = 0; j < k; j++) if (sigma[j]! > cutoff) rank++;

  const col = new Float64Array(rows);
  const coeff = new Float64Array(k);
  const small = new Float64Array(k);
  for (let c = 0; c < t; c++) {
    if (tall) {
      // A = Q·W·Σ·U′ᵀ·Pᵀ ⇒ x = P·U′·Σ⁺·Wᵀ·(Qᵀb)[0..n), with U′_j = G_j / σ_j.
      for (let i = 0; i < m; i++) col[i] = B[i * t + c]!;
      applyQt(M, rows, k, tau, col);
      for (let j = 0; j < k; j++) {
        let s = 0;
        if (sigma[j]! > cutoff) for (let i = 0; i < k; i++) s += W[j * k + i]! * col[i]!;
        coeff[j] = sigma[j]! > cutoff ? s / (sigma[j]! * sigma[j]!) : 0;
      }
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += G[j * k + i]! * coeff[j]!;
        x[perm[i]! * t + c] = s;
      }
    } else {
      // A = P·U′·Σ·Wᵀ·Qᵀ ⇒ x = Q·[W·Σ⁺·U′ᵀ·Pᵀb; 0].
      for (let i = 0; i < k; i++) small[i] = B[perm[i]! * t + c]!;
      for (let j = 0; j < k; j++) {
        let s = 0;
        if (sigma[j]! > cutoff) for (let i = 0; i < k; i++) s += G[j * k + i]! * small[i]!;
        coeff[j] = sigma[j]! > cutoff ? s / (sigma[j]! * sigma[j]!) : 0;
      }
      col.fill(0);
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += W[j * k + i]! * coeff[j]!;
        col[i] = s;
      }
      applyQ(M, rows, k, tau, col);
      for (let i = 0; i < n; i++) x[i * t + c] = col[i]!;
    }
  }
  const singular = Float64Array.from(sigma).sort().reverse();
  return { x, rank, singular };
}

/**
 * In-place Householder QR with column pivoting of M (rows × cols, column-major, rows ≥ cols), as
 * LAPACK dgeqp3/dlaqp2: at each step the remaining column of largest norm is moved forward (norms
 * downdated, recomputed when cancellation makes the downdate unreliable). R is left on and above the
 * diagonal, the reflectors' tails below it (v₀ = 1 implied). perm[i] is the original column of
 * column i.
 */
function householderQrPivoted(M: Float64Array, rows: number, cols: number): { tau: Float64Array; perm: Int32Array } {
  const tau = new Float64Array(cols);
  const perm = new Int32Array(cols);
  const vn1 = new Float64Array(cols);
  const vn2 = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    perm[j] = j;
    vn1[j] = vn2[j] = columnNorm(M, rows, j, 0);
  }
  const tol3z = Math.sqrt(EPS);
  for (let k = 0; k < cols; k++) {
    let pvt = k;
    for (let j = k + 1; j < cols; j++) if (vn1[j]! > vn1[pvt]!) pvt = j;
    if (pvt !== k) {
      const a = pvt * rows;
      const b = k * rows;
      for (let i = 0; i < rows; i++) {
        const tmp = M[a + i]!;
        M[a + i] = M[b + i]!;
        M[b + i] = tmp;
      }
      const p = perm[pvt]!;
      perm[pvt] = perm[k]!;
      perm[k] = p;
      vn1[pvt] = vn1[k]!;
      vn2[pvt] = vn2[k]!;
    }
    tau[k] = householderColumn(M, rows, cols, k);
    for (let j = k + 1; j < cols; j++) {
      if (vn1[j] === 0) continue;
      let temp = 1 - (Math.abs(M[j * rows + k]!) / vn1[j]!) ** 2;
      temp = Math.max(temp, 0);
      const temp2 = temp * (vn1[j]! / vn2[j]!) ** 2;
      if (temp2 <= tol3z) {
        vn1[j] = vn2[j] = columnNorm(M, rows, j, k + 1);
      } else {
        vn1[j]! *= Math.sqrt(temp);
      }
    }
  }
  return { tau, perm };
}

function columnNorm(M: Float64Array, rows: number, j: number, from: number): number {
  let scale = 0;
  const base = j * rows;
  for (let i = from; i < rows; i++) scale = Math.max(scale, Math.abs(M[base + i]!));
  if (scale === 0) return 0;
  let s = 0;
  for (let i = from; i < rows; i++) s += (M[base + i]! / scale) ** 2;
  return scale * Math.sqrt(s);
}

/** Householder reflector for column k (LAPACK dlarfg), applied to the columns on its right; returns τ. */
function householderColumn(M: Float64Array, rows: number, cols: number, k: number): number {
  const base = k * rows;
  const xnorm = columnNorm(M, rows, k, k + 1);
  if (xnorm === 0) return 0;
  const alpha = M[base + k]!;
  const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  const tau = (beta - alpha) / beta;
  const inv = 1 / (alpha - beta);
  for (let i = k + 1; i < rows; i++) M[base + i]! *= inv;
  M[base + k] = beta;
  for (let j = k + 1; j < cols; j++) {
    const cb = j * rows;
    let w = M[cb + k]!;
    for (let i = k + 1; i < rows; i++) w += M[base + i]! * M[cb + i]!;
    w *= tau;
    M[cb + k]! -= w;
    for (let i = k + 1; i < rows; i++) M[cb + i]! -= w * M[base + i]!;
  }
  return tau;
}

/** v ← Qᵀ v = H_{k−1} ⋯ H₀ v. */
function applyQt(M: Float64Array, rows: number, cols: number, tau: Float64Array, v: Float64Array): void {
  for (let k = 0; k < cols; k++) reflect(M, rows, k, tau[k]!, v);
}

/** v ← Q v = H₀ ⋯ H_{k−1} v. */
function applyQ(M: Float64Array, rows: number, cols: number, tau: Float64Array, v: Float64Array): void {
  for (let k = cols - 1; k >= 0; k--) reflect(M, rows, k, tau[k]!, v);
}

function reflect(M: Float64Array, rows: number, k: number, tau: number, v: Float64Array): void {
  if (tau === 0) return;
  const base = k * rows;
  let w = v[k]!;
  for (let i = k + 1; i < rows; i++) w += M[base + i]! * v[i]!;
  w *= tau;
  v[k]! -= w;
  for (let i = k + 1; i < rows; i++) v[i]! -= w * M[base + i]!;
}

/**
 * One-sided Jacobi (Hestenes): rotates pairs of columns of G (rows × cols, column-major) until all are
 * mutually orthogonal, accumulating the rotations in V (cols × cols, column-major). Afterwards
 * G = U·Σ with σ_j = ‖G_j‖.
 */
function jacobiSvd(G: Float64Array, rows: number, cols: number, V: Float64Array): void {
  const tol = Math.sqrt(rows) * EPS;
  const norms = new Float64Array(cols);
  for (let sweep = 0; sweep < 80; sweep++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += G[j * rows + i]! ** 2;
      norms[j] = s;
    }
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      const pb = p * rows;
      for (let q = p + 1; q < cols; q++) {
        const alpha = norms[p]!;
        const beta = norms[q]!;
        if (alpha === 0 || beta === 0) continue;
        const qb = q * rows;
        let gamma = 0;
        for (let i = 0; i < rows; i++) gamma += G[pb + i]! * G[qb + i]!;
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const gp = G[pb + i]!;
          const gq = G[qb + i]!;
          G[pb + i] = c * gp - s * gq;
          G[qb + i] = s * gp + c * gq;
        }
        const vp = p * cols;
        const vq = q * cols;
        for (let i = 0; i < cols; i++) {
          const a = V[vp + i]!;
          const b = V[vq + i]!;
          V[vp + i] = c * a - s * b;
          V[vq + i] = s * a + c * b;
        }
        // Exact updates of the two squared norms (γ is now 0 between them).
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    }
    if (!rotated) return;
  }
}
