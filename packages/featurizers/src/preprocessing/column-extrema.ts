/**
 * Per-column minima and maxima as scikit-learn 1.2.1 takes them: np.nanmin / np.nanmax (numpy's fmin / fmax,
 * NaN ignored, an all-NaN column gives NaN) for dense X, and `min_max_axis(X, 0, ignore_nan=True)`
 * (`sklearn/utils/sparsefuncs.py`) for CSR, where duplicates are summed first and a column with an implicit
 * zero has 0 among its values.
 */
import type { CsrMatrix, DenseMatrix } from '@icepickle/core';

/** numpy's fmin / fmax: NaN only when both are NaN. */
export const fmin = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));
export const fmax = (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));
/** numpy's minimum / maximum: NaN wins. */
export const nanMinimum = (a: number, b: number): number =>
  Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b);
export const nanMaximum = (a: number, b: number): number =>
  Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);

export function denseColumnMinMax(X: DenseMatrix): { min: Float64Array; max: Float64Array } {
  const [n, m] = X.shape;
  const data = X.data;
  const min = data.slice(0, m);
  const max = data.slice(0, m);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const x = data[i * m + j]!;
      min[j] = fmin(min[j]!, x);
      max[j] = fmax(max[j]!, x);
    }
  }
  return { min, max };
}

/** np.nanmax(np.abs(X), axis=0). */
export function denseColumnMaxAbs(X: DenseMatrix): Float64Array {
  const [n, m] = X.shape;
  const data = X.data;
  const out = new Float64Array(m).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[j] = fmax(out[j]!, Math.abs(data[i * m + j]!));
  }
  return out;
}

/** np.maximum(|min|, |max|) of each column's values (duplicates summed, implicit zeros included). */
export function csrColumnMaxAbs(X: CsrMatrix): Float64Array {
  const [n, m] = X.shape;
  const { indptr, indices, data } = X;
  const min = new Float64Array(m).fill(Number.NaN);
  const max = new Float64Array(m).fill(Number.NaN);
  const stored = new Float64Array(m);
  const rowValue = new Float64Array(m);
  const seenInRow = new Int32Array(m).fill(-1);
  const rowColumns: number[] = [];
  for (let i = 0; i < n; i++) {
    rowColumns.length = 0;
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
      const j = indices[k]!;
      if (seenInRow[j] === i) rowValue[j]! += data[k]!;
      else {
        seenInRow[j] = i;
        rowValue[j] = data[k]!;
        rowColumns.push(j);
      }
    }
    for (const j of rowColumns) {
      min[j] = fmin(min[j]!, rowValue[j]!);
      max[j] = fmax(max[j]!, rowValue[j]!);
      stored[j]! += 1;
    }
  }
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    if (stored[j] === 0) continue;
    const lo = stored[j]! < n ? fmin(min[j]!, 0) : min[j]!;
    const hi = stored[j]! < n ? fmax(max[j]!, 0) : max[j]!;
    out[j] = nanMaximum(Math.abs(lo), Math.abs(hi));
  }
  return out;
}
