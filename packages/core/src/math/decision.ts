import { CsrMatrix } from './csr-matrix.js';
import type { Matrix } from './input.js';

/**
 * X · Wᵀ + b into a row-major (nSamples × nOutputs) Float64Array. Each dot product is summed left to
 * right over the stored entries, which matches scikit-learn's BLAS result to ~1e-14 relative (BLAS
 * blocks its sums differently; see packages/test-utils/fixtures/sklearn/README.md).
 */
export function linearDecision(
  X: Matrix,
  weights: Float64Array,
  intercept: Float64Array,
  nOutputs: number,
): Float64Array {
  const n = X.shape[0];
  const nFeatures = X.shape[1];
  // a matrix with its own route (PackedCsrMatrix: in WebAssembly memory) gives the same values faster
  const packed = X instanceof CsrMatrix && X.linearDecision?.(weights, intercept, nOutputs);
  if (packed) return packed;
  const out = new Float64Array(n * nOutputs);
  if (X instanceof CsrMatrix) {
    const { indptr, indices, data } = X;
    if (nOutputs === 1) {
      csrTimesVector(indptr, indices, data, weights, intercept[0]!, out);
      return out;
    }
    for (let i = 0; i < n; i++) {
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      for (let k = 0; k < nOutputs; k++) {
        const offset = k * nFeatures;
        out[i * nOutputs + k] = sparseRowDot(indices, data, weights, offset, start, end) + intercept[k]!;
      }
    }
  } else if (nOutputs === 1) {
    denseTimesVector(X.data, nFeatures, weights, intercept[0]!, out);
  } else {
    const data = X.data;
    for (let i = 0; i < n; i++) {
      const row = i * nFeatures;
      for (let k = 0; k < nOutputs; k++) {
        const offset = k * nFeatures;
        let s = 0;
        for (let j = 0; j < nFeatures; j++) s += data[row + j]! * weights[offset + j]!;
        out[i * nOutputs + k] = s + intercept[k]!;
      }
    }
  }
  return out;
}

/** One dense dot product per row, summed left to right, plus b (binary classifiers, single targets). */
function denseTimesVector(data: Float64Array, m: number, w: Float64Array, b: number, out: Float64Array): void {
  for (let i = 0, row = 0; i < out.length; i++, row += m) {
    let s = 0;
    for (let j = 0; j < m; j++) s += data[row + j]! * w[j]!;
    out[i] = s + b;
  }
}

/**
 * One dot product per row, summed left to right over the stored entries (the hot path of binary
 * classifiers and single-target regressors: kept monomorphic and free of the per-output loop).
 */
function csrTimesVector(
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array | Float32Array,
  w: Float64Array,
  b: number,
  out: Float64Array,
): void {
  const n = out.length;
  let start = indptr[0]!;
  for (let i = 0; i < n; i++) {
    const end = indptr[i + 1]!;
    let s = 0;
    let p = start;
    // unrolled by eight, the additions still one after the other (same sum, bit for bit): V8 re-checks
    // each typed array once per loop iteration, so fewer iterations cost less
    for (const end8 = end - 7; p < end8; p += 8) {
      s += data[p]! * w[indices[p]!]!;
      s += data[p + 1]! * w[indices[p + 1]!]!;
      s += data[p + 2]! * w[indices[p + 2]!]!;
      s += data[p + 3]! * w[indices[p + 3]!]!;
      s += data[p + 4]! * w[indices[p + 4]!]!;
      s += data[p + 5]! * w[indices[p + 5]!]!;
      s += data[p + 6]! * w[indices[p + 6]!]!;
      s += data[p + 7]! * w[indices[p + 7]!]!;
    }
    for (; p < end; p++) s += data[p]! * w[indices[p]!]!;
    out[i] = s + b;
    start = end;
  }
}

/** sum of data[p] * w[offset + indices[p]] over [start, end), left to right (unrolled as csrTimesVector). */
function sparseRowDot(
  indices: Int32Array,
  data: Float64Array | Float32Array,
  w: Float64Array,
  offset: number,
  start: number,
  end: number,
): number {
  let s = 0;
  let p = start;
  for (const end8 = end - 7; p < end8; p += 8) {
    s += data[p]! * w[offset + indices[p]!]!;
    s += data[p + 1]! * w[offset + indices[p + 1]!]!;
    s += data[p + 2]! * w[offset + indices[p + 2]!]!;
    s += data[p + 3]! * w[offset + indices[p + 3]!]!;
    s += data[p + 4]! * w[offset + indices[p + 4]!]!;
    s += data[p + 5]! * w[offset + indices[p + 5]!]!;
    s += data[p + 6]! * w[offset + indices[p + 6]!]!;
    s += data[p + 7]! * w[offset + indices[p + 7]!]!;
  }
  for (; p < end; p++) s += data[p]! * w[offset + indices[p]!]!;
  return s;
}

/** scipy.special.expit: 1 / (1 + exp(-x)). */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The values as plain numbers (a loop: Array.from walks a typed array through its iterator, which costs more). */
export function toNumbers(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/** Splits a row-major buffer into rows of plain numbers. */
export function toRows(values: Float64Array, nCols: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += nCols) rows.push(Array.from(values.subarray(i, i + nCols)));
  return rows;
}
