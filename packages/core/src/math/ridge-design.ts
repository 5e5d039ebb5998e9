import { compactColumns } from './active-columns.js';
import { CsrMatrix } from './csr-matrix.js';
import type { Matrix } from './input.js';

/**
 * The ridge design A = √W·(X − 1·x̄ᵀ): X centred by its sample-weighted column means (when fitting an
 * intercept) and each row scaled by the square root of its weight, as scikit-learn's `_preprocess_data`
 * and `_rescale_data` prepare it (sklearn/linear_model/_base.py). Solvers only need the products below,
 * so CSR input is centred implicitly, as scikit-learn's sparse solvers do, and never densified unless
 * `dense()` is asked for. CSR columns without stored entries are left out (their coefficient is 0 at the
 * optimum, since the penalty is all they see); `columns` maps the design's columns back.
 */
export interface RidgeDesign {
  readonly nSamples: number;
  /** Columns of the design (CSR: the columns with stored entries). */
  readonly nColumns: number;
  /** Original index of each design column, or undefined when they are all of X's columns in order. */
  readonly columns: Int32Array | undefined;
  /** Weighted column means x̄ over the design's columns (zeros without an intercept). */
  readonly xMean: Float64Array;
  /** √wᵢ, one per sample. */
  readonly rootWeight: Float64Array;
  /** AᵀA, nColumns × nColumns row-major. */
  gramPrimal(): Float64Array;
  /** A·Aᵀ, nSamples × nSamples row-major. */
  gramDual(): Float64Array;
  /** Aᵀ·B for B nSamples × t row-major; nColumns × t row-major. */
  transposeTimes(B: Float64Array, t: number): Float64Array;
  /** A itself, nSamples × nColumns row-major. */
  dense(): Float64Array;
}

/** The design of X for the given weights (null: all ones). */
export function ridgeDesign(X: Matrix, sampleWeight: Float64Array | undefined, fitIntercept: boolean): RidgeDesign {
  if (X instanceof CsrMatrix) {
    const { matrix, columns } = compactColumns(X);
    return new SparseDesign(matrix, columns, sampleWeight, fitIntercept);
  }
  return new DenseDesign(X.data, X.shape[0], X.shape[1], sampleWeight, fitIntercept);
}

function rootWeights(n: number, sampleWeight: Float64Array | undefined): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = sampleWeight ? Math.sqrt(sampleWeight[i]!) : 1;
  return r;
}

/** Dense X: centred and scaled explicitly, as scikit-learn does (X -= X_offset; X *= √w). */
class DenseDesign implements RidgeDesign {
  readonly columns = undefined;
  readonly xMean: Float64Array;
  readonly rootWeight: Float64Array;
  private readonly A: Float64Array;

  constructor(
    data: Float64Array,
    readonly nSamples: number,
    readonly nColumns: number,
    sampleWeight: Float64Array | undefined,
    fitIntercept: boolean,
  ) {
    const n = nSamples;
    const q = nColumns;
    this.rootWeight = rootWeights(n, sampleWeight);
    this.xMean = new Float64Array(q);
    if (fitIntercept) weightedColumnMeans(data, n, q, sampleWeight, this.xMean);
    this.A = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      const r = this.rootWeight[i]!;
      for (let j = 0; j < q; j++) this.A[i * q + j] = (data[i * q + j]! - this.xMean[j]!) * r;
    }
  }

  gramPrimal(): Float64Array {
    const { A, nSamples: n, nColumns: q } = this;
    const G = new Float64Array(q * q);
    for (let i = 0; i < n; i++) {
      const row = i * q;
      for (let j = 0; j < q; j++) {
        const a = A[row + j]!;
        if (a === 0) continue;
        const gj = j * q;
        for (let k = j; k < q; k++) G[gj + k]! += a * A[row + k]!;
      }
    }
    return mirrorUpper(G, q);
  }

  gramDual(): Float64Array {
    const { A, nSamples: n, nColumns: q } = this;
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let k = 0; k < q; k++) s += A[i * q + k]! * A[j * q + k]!;
        K[i * n + j] = s;
      }
    }
    return mirrorUpper(K, n);
  }

  transposeTimes(B: Float64Array, t: number): Float64Array {
    const { A, nSamples: n, nColumns: q } = this;
    const out = new Float64Array(q * t);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < q; j++) {
        const a = A[i * q + j]!;
        if (a === 0) continue;
        for (let c = 0; c < t; c++) out[j * t + c]! += a * B[i * t + c]!;
      }
    }
    return out;
  }

  dense(): Float64Array {
    return this.A.slice();
  }
}

/**
 * CSR X, centred implicitly: with r = √w and xᵢ the stored row,
 * (AAᵀ)ᵢⱼ = rᵢrⱼ(xᵢ·xⱼ − xᵢ·x̄ − xⱼ·x̄ + x̄·x̄) and AᵀA = Σᵢ wᵢxᵢxᵢᵀ − (Σw)·x̄x̄ᵀ (because Σᵢ wᵢxᵢ = (Σw)·x̄).
 * Only stored entries are visited; the subtraction loses digits only for a column whose variance is
 * tiny next to its squared mean, which sparse data (mostly zeros) does not have.
 */
class SparseDesign implements RidgeDesign {
  readonly nSamples: number;
  readonly nColumns: number;
  readonly xMean: Float64Array;
  readonly rootWeight: Float64Array;
  private readonly weightSum: number;

  constructor(
    private readonly X: CsrMatrix,
    readonly columns: Int32Array,
    private readonly sampleWeight: Float64Array | undefined,
    fitIntercept: boolean,
  ) {
    this.nSamples = X.shape[0];
    this.nColumns = X.shape[1];
    this.rootWeight = rootWeights(this.nSamples, sampleWeight);
    this.xMean = new Float64Array(this.nColumns);
    let wsum = 0;
    for (let i = 0; i < this.nSamples; i++) wsum += sampleWeight ? sampleWeight[i]! : 1;
    this.weightSum = wsum;
    if (fitIntercept) {
      const { indptr, indices, data } = X;
      for (let i = 0; i < this.nSamples; i++) {
        const w = sampleWeight ? sampleWeight[i]! : 1;
        for (let p = indptr[i]!; p < indptr[i + 1]!; p++) this.xMean[indices[p]!]! += w * data[p]!;
      }
      for (let j = 0; j < this.nColumns; j++) this.xMean[j]! /= wsum;
    }
  }

  gramPrimal(): Float64Array {
    const { X, nSamples: n, nColumns: q, xMean } = this;
    const { indptr, indices, data } = X;
    const G = new Float64Array(q * q);
    for (let i = 0; i < n; i++) {
      const w = this.sampleWeight ? this.sampleWeight[i]! : 1;
      for (let a = indptr[i]!; a < indptr[i + 1]!; a++) {
        const ja = indices[a]!;
        const va = w * data[a]!;
        for (let b = indptr[i]!; b < indptr[i + 1]!; b++) {
          const jb = indices[b]!;
          if (jb >= ja) G[ja * q + jb]! += va * data[b]!;
        }
      }
    }
    const s = this.weightSum;
    for (let j = 0; j < q; j++) {
      const mj = xMean[j]!;
      if (mj === 0) continue;
      for (let k = j; k < q; k++) G[j * q + k]! -= s * mj * xMean[k]!;
    }
    return mirrorUpper(G, q);
  }

  gramDual(): Float64Array {
    const { X, nSamples: n, nColumns: q, xMean, rootWeight } = this;
    const { indptr, indices, data } = X;
    // xᵢ·x̄ and x̄·x̄
    const dotMean = new Float64Array(n);
    let meanSq = 0;
    for (let j = 0; j < q; j++) meanSq += xMean[j]! * xMean[j]!;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) s += data[p]! * xMean[indices[p]!]!;
      dotMean[i] = s;
    }
    const K = new Float64Array(n * n);
    const scatter = new Float64Array(q);
    for (let i = 0; i < n; i++) {
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) scatter[indices[p]!]! += data[p]!;
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let p = indptr[j]!; p < indptr[j + 1]!; p++) s += data[p]! * scatter[indices[p]!]!;
        K[i * n + j] = rootWeight[i]! * rootWeight[j]! * (s - dotMean[i]! - dotMean[j]! + meanSq);
      }
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) scatter[indices[p]!] = 0;
    }
    return mirrorUpper(K, n);
  }

  transposeTimes(B: Float64Array, t: number): Float64Array {
    // Aᵀ·B = Σᵢ rᵢ·xᵢ·Bᵢ − x̄·Σᵢ rᵢ·Bᵢ
    const { X, nSamples: n, nColumns: q, xMean, rootWeight } = this;
    const { indptr, indices, data } = X;
    const out = new Float64Array(q * t);
    const colSum = new Float64Array(t);
    for (let i = 0; i < n; i++) {
      const r = rootWeight[i]!;
      for (let c = 0; c < t; c++) colSum[c]! += r * B[i * t + c]!;
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
        const v = r * data[p]!;
        const j = indices[p]!;
        for (let c = 0; c < t; c++) out[j * t + c]! += v * B[i * t + c]!;
      }
    }
    for (let j = 0; j < q; j++) for (let c = 0; c < t; c++) out[j * t + c]! -= xMean[j]! * colSum[c]!;
    return out;
  }

  dense(): Float64Array {
    const { X, nSamples: n, nColumns: q, xMean, rootWeight } = this;
    const { indptr, indices, data } = X;
    const A = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) A[i * q + indices[p]!]! += data[p]!;
      for (let j = 0; j < q; j++) A[i * q + j] = (A[i * q + j]! - xMean[j]!) * rootWeight[i]!;
    }
    return A;
  }
}

/** numpy.average(X, axis=0, weights=w): Σ wᵢxᵢ / Σ wᵢ. */
function weightedColumnMeans(
  data: Float64Array,
  n: number,
  q: number,
  sampleWeight: Float64Array | undefined,
  out: Float64Array,
): void {
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight ? sampleWeight[i]! : 1;
    wsum += w;
    for (let j = 0; j < q; j++) out[j]! += w * data[i * q + j]!;
  }
  for (let j = 0; j < q; j++) out[j]! /= wsum;
}

/** Copies the upper triangle of a row-major n × n matrix onto its lower triangle. */
function mirrorUpper(M: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) M[i * n + j] = M[j * n + i]!;
  return M;
}
