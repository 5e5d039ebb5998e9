import { IcepickleError } from '../errors.js';
import { CsrMatrix, type CsrParts, isCsrMatrix } from './csr-matrix.js';
import { DenseMatrix } from './dense-matrix.js';

/** What estimators accept as X: rows of numbers, a DenseMatrix, a CsrMatrix or CSR parts. */
export type MatrixInput = ArrayLike<ArrayLike<number>> | DenseMatrix | CsrMatrix | CsrParts;
/** A feature matrix: dense or CSR. */
export type Matrix = DenseMatrix | CsrMatrix;

/** Normalises X and rejects NaN/Inf, saying where the first one is. */
export function asMatrix(X: MatrixInput, name = 'X'): Matrix {
  const matrix = asMatrixUnchecked(X, name);
  assertFinite(matrix, name);
  return matrix;
}

/** Normalises X without scanning its values (for callers that detect NaN/Inf from their results). */
export function asMatrixUnchecked(X: MatrixInput, name = 'X'): Matrix {
  let matrix: Matrix;
  if (X instanceof DenseMatrix || X instanceof CsrMatrix) matrix = X;
  else if (isCsrMatrix(X)) matrix = new CsrMatrix(X as CsrParts);
  else if (X !== null && typeof X === 'object' && typeof (X as ArrayLike<unknown>).length === 'number') {
    assertNumericCells(X as ArrayLike<unknown>, name);
    matrix = DenseMatrix.fromRows(X as ArrayLike<ArrayLike<number>>);
  } else {
    throw new IcepickleError('INVALID_INPUT', {
      detail: `${name} must be rows of numbers, a DenseMatrix or a CsrMatrix`,
    });
  }
  return matrix;
}

/**
 * Rows of numbers, as scikit-learn 1.2.1's check_array(dtype="numeric") takes them: a string cell (even
 * '1') is refused ("dtype='numeric' is not compatible with arrays of bytes/strings", sklearn/utils/
 * validation.py), and so are null / undefined / objects (an object array float() cannot convert);
 * booleans are numbers to numpy (True → 1) and are kept. Typed-array rows hold numbers by construction.
 */
function assertNumericCells(rows: ArrayLike<unknown>, name: string): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ArrayLike<unknown> | null | undefined;
    if (ArrayBuffer.isView(row)) continue;
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw new IcepickleError('INVALID_INPUT', {
        detail: `${name}[${i}] is ${describeCell(row)}; each row must be an array of numbers`,
      });
    }
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (typeof v === 'number' || typeof v === 'boolean') continue;
      throw new IcepickleError('INVALID_INPUT', {
        detail: `${name}[${i}][${j}] is ${describeCell(v)}; X must hold numbers (strings are not converted)`,
      });
    }
  }
}

function describeCell(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (v === null || v === undefined) return String(v);
  return `a ${typeof v}`;
}

/**
 * scikit-learn's PassiveAggressive fit takes no sample_weight (a TypeError there): a weight passed
 * anyway is refused, never silently ignored.
 */
export function refuseSampleWeight(estimator: string, options: { sampleWeight?: unknown } | undefined): void {
  if (options?.sampleWeight === undefined) return;
  throw new IcepickleError('INVALID_PARAMETER', {
    scope: estimator,
    detail: `${estimator}.fit takes no sampleWeight (scikit-learn's has no sample_weight parameter)`,
  });
}

/** Throws INVALID_INPUT naming the first NaN/Inf of X. */
export function assertFinite(matrix: Matrix, name = 'X'): void {
  const data = matrix instanceof CsrMatrix ? matrix.data.subarray(0, matrix.nnz) : matrix.data;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const where =
        matrix instanceof CsrMatrix
          ? `stored entry ${k}`
          : `row ${Math.floor(k / matrix.shape[1])}, column ${k % matrix.shape[1]}`;
      throw new IcepickleError('INVALID_INPUT', { detail: `${name} contains ${data[k]} at ${where}` });
    }
  }
}

/** A numeric target vector, finite, of the expected length. */
export function asTargets(y: ArrayLike<number>, nSamples: number, name = 'y'): Float64Array {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
    throw new IcepickleError('INVALID_INPUT', { detail: `${name} must be an array of numbers` });
  }
  if (y.length !== nSamples) {
    throw new IcepickleError('SHAPE_MISMATCH', { detail: `${name} has ${y.length} values but X has ${nSamples} rows` });
  }
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new IcepickleError('INVALID_INPUT', { detail: `${name}[${i}] is ${String(v)}, expected a finite number` });
    }
    out[i] = v;
  }
  return out;
}

/** Optional per-sample weights: ones when absent, else finite, non-negative and the right length. */
export function asSampleWeight(sampleWeight: ArrayLike<number> | undefined, nSamples: number): Float64Array {
  if (sampleWeight === undefined) return new Float64Array(nSamples).fill(1);
  const w = asTargets(sampleWeight, nSamples, 'sampleWeight');
  for (let i = 0; i < w.length; i++) {
    if (w[i]! < 0) throw new IcepickleError('INVALID_INPUT', { detail: `sampleWeight[${i}] is negative (${w[i]})` });
  }
  return w;
}

export function nRows(X: Matrix): number {
  return X.shape[0];
}
