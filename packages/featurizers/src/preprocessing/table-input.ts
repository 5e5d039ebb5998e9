/**
 * X for the table transformers, checked as scikit-learn's check_array does for them (1.2.1
 * `sklearn/utils/validation.py`): 2-D, at least one sample and one feature, numbers only, no infinity, NaN
 * only where the class allows it (`force_all_finite='allow-nan'`), and the fitted number of features.
 */
import { CsrMatrix, type CsrParts, DenseMatrix, type Matrix, type MatrixInput, isCsrMatrix } from '@icepickle/core';
import { badInput, tableError } from './errors.js';

export interface TableChecks {
  /** NaN passes (StandardScaler, MinMaxScaler, MaxAbsScaler); otherwise it is refused (Normalizer). */
  allowNan: boolean;
  /** The number of features seen in fit; undefined when there is none to compare with. */
  nFeatures?: number | undefined;
  /**
   * The caller checks a DenseMatrix's values itself, in the loop that reads them (`checkCell`), so a hot
   * transform reads X once. Rows and CSR input are always checked here.
   */
  callerChecksDense?: boolean;
}

/** X as a DenseMatrix or CsrMatrix after the checks above; throws INVALID_INPUT or SHAPE_MISMATCH. */
export function readTable(X: MatrixInput, scope: string, checks: TableChecks): Matrix {
  const matrix = toMatrix(X, scope);
  const [rows, cols] = matrix.shape;
  if (rows < 1) throw badInput(scope, `found X with 0 samples (shape [${rows}, ${cols}]); a minimum of 1 is required`);
  if (cols < 1) throw badInput(scope, `found X with 0 features (shape [${rows}, ${cols}]); a minimum of 1 is required`);
  if (!(checks.callerChecksDense && X instanceof DenseMatrix)) checkValues(matrix, scope, checks.allowNan);
  if (checks.nFeatures !== undefined && cols !== checks.nFeatures) {
    throw tableError(
      'SHAPE_MISMATCH',
      scope,
      `X has ${cols} features, but ${scope} is expecting ${checks.nFeatures} features as input`,
    );
  }
  return matrix;
}

function toMatrix(X: MatrixInput, scope: string): Matrix {
  if (X instanceof DenseMatrix || X instanceof CsrMatrix) return X;
  if (isCsrMatrix(X)) {
    try {
      return new CsrMatrix(X as CsrParts);
    } catch (error) {
      throw tableError('INVALID_INPUT', scope, 'X is not a valid CSR matrix', error);
    }
  }
  if (X === null || typeof X !== 'object' || typeof (X as ArrayLike<unknown>).length !== 'number') {
    throw badInput(scope, 'X must be rows of numbers, a DenseMatrix or a CsrMatrix');
  }
  return fromRows(X as ArrayLike<ArrayLike<unknown>>, scope);
}

/** Rows of numbers into a DenseMatrix; a cell that is not a number is refused (no silent coercion). */
function fromRows(rows: ArrayLike<ArrayLike<unknown>>, scope: string): DenseMatrix {
  const first = rows.length > 0 ? rows[0] : [];
  const cols = isRow(first) ? first.length : -1;
  const data = new Float64Array(rows.length * Math.max(cols, 0));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!isRow(row)) throw badInput(scope, `X must be 2-D: row ${i} is ${describeValue(row)}, not an array`);
    if (row.length !== cols) throw badInput(scope, `X is ragged: row ${i} has ${row.length} values, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw badInput(scope, `X[${i}][${j}] is ${describeValue(v)}, not a number`);
      }
      data[i * cols + j] = v;
    }
  }
  return new DenseMatrix(data, [rows.length, cols]);
}

function isRow(row: unknown): row is ArrayLike<unknown> {
  return row !== null && typeof row === 'object' && typeof (row as ArrayLike<unknown>).length === 'number';
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** For loops that read X anyway: throws unless x is finite, or NaN where NaN is allowed (`k`: flat index). */
export function checkCell(x: number, k: number, X: DenseMatrix, scope: string, allowNan: boolean): void {
  if (x - x === 0 || (allowNan && Number.isNaN(x))) return;
  checkValues(new DenseMatrix(X.data.subarray(k, k + 1), [1, 1]), scope, allowNan, k, X.shape[1]);
}

/** Infinity is always refused; NaN unless allowed; the first offending cell is named. */
function checkValues(matrix: Matrix, scope: string, allowNan: boolean, offset = 0, width = matrix.shape[1]): void {
  const sparse = matrix instanceof CsrMatrix;
  const data = sparse ? matrix.data.subarray(0, matrix.nnz) : matrix.data;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v - v === 0 || (allowNan && Number.isNaN(v))) continue;
    const at = offset + k;
    const where = sparse ? `stored entry ${at}` : `row ${Math.floor(at / width)}, column ${at % width}`;
    const what = Number.isNaN(v) ? 'NaN' : 'infinity';
    throw badInput(
      scope,
      `X contains ${what} at ${where}${Number.isNaN(v) ? `; ${scope} does not accept missing values` : ''}`,
    );
  }
}

/** Per-sample weights as scikit-learn's _check_sample_weight: one finite number per row (negative allowed). */
export function readSampleWeight(sampleWeight: ArrayLike<number> | undefined, nSamples: number, scope: string) {
  if (sampleWeight === undefined) return undefined;
  if (sampleWeight === null || typeof sampleWeight !== 'object' || typeof sampleWeight.length !== 'number') {
    throw badInput(scope, 'sampleWeight must be an array of numbers');
  }
  if (sampleWeight.length !== nSamples) {
    throw tableError(
      'SHAPE_MISMATCH',
      scope,
      `sampleWeight has ${sampleWeight.length} values but X has ${nSamples} rows`,
    );
  }
  const out = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    const w = sampleWeight[i];
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw badInput(scope, `sampleWeight[${i}] is ${String(w)}, expected a finite number`);
    }
    out[i] = w;
  }
  return out;
}

/** The same matrix kind with new values: a DenseMatrix, or a CSR with X's structure (copied) and `data`. */
export function withValues(X: Matrix, data: Float64Array | Float32Array): Matrix {
  if (X instanceof DenseMatrix) return new DenseMatrix(data as Float64Array, X.shape);
  const nnz = X.nnz;
  return new CsrMatrix(
    { indptr: X.indptr.slice(), indices: X.indices.slice(0, nnz), data, shape: X.shape },
    { validate: false },
  );
}

/** A copy of X's stored values (dense: all cells; CSR: the nnz entries, float32 kept float32). */
export function copyValues(X: Matrix): Float64Array | Float32Array {
  return X instanceof DenseMatrix ? X.data.slice() : X.data.slice(0, X.nnz);
}
