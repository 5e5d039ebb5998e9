import { IcepickleError } from '../errors.js';

/** The typed arrays a matrix's values may come in. */
export type FloatArray = Float64Array | Float32Array;

/** A CSR matrix as plain arrays (scipy's `indptr`, `indices`, `data`, `shape`). */
export interface CsrParts {
  /** Row i's entries are `indices/data[indptr[i]:indptr[i + 1]]` (n_rows + 1 offsets). */
  indptr: ArrayLike<number>;
  /** The column of each stored entry. */
  indices: ArrayLike<number>;
  /** The value of each stored entry. */
  data: ArrayLike<number>;
  /** [n_rows, n_cols]. */
  shape: readonly [number, number] | readonly number[];
}

/**
 * Compressed sparse rows, as scipy.sparse.csr_matrix: row i is
 * `indices/data[indptr[i]:indptr[i+1]]`. Explicit zeros are kept, because scikit-learn's sparse SGD
 * visits every stored entry (HashingVectorizer stores a 0.0 when opposite signs cancel).
 */
export class CsrMatrix {
  /** Row i's entries are `indices/data[indptr[i]:indptr[i + 1]]` (n_rows + 1 offsets). */
  readonly indptr: Int32Array;
  /** The column of each stored entry. */
  readonly indices: Int32Array;
  /** The value of each stored entry. */
  readonly data: FloatArray;
  /** [n_rows, n_cols]. */
  readonly shape: readonly [number, number];

  constructor(parts: CsrParts, options: { validate?: boolean } = {}) {
    this.indptr = parts.indptr instanceof Int32Array ? parts.indptr : Int32Array.from(parts.indptr);
    this.indices = parts.indices instanceof Int32Array ? parts.indices : Int32Array.from(parts.indices);
    this.data =
      parts.data instanceof Float64Array || parts.data instanceof Float32Array
        ? parts.data
        : Float64Array.from(parts.data);
    if (parts.shape.length !== 2) throw invalid(`shape must have 2 entries, got [${parts.shape.join(', ')}]`);
    this.shape = [parts.shape[0]!, parts.shape[1]!];
    if (options.validate !== false) this.validate();
  }

  /** @internal A faster route to linearDecision that a subclass may offer (PackedCsrMatrix); undefined: none. */
  linearDecision?(weights: Float64Array, intercept: Float64Array, nOutputs: number): Float64Array | undefined;

  /** The number of rows. */
  get nRows(): number {
    return this.shape[0];
  }
  /** The number of columns. */
  get nCols(): number {
    return this.shape[1];
  }
  /** The number of stored entries (explicit zeros included). */
  get nnz(): number {
    return this.indptr[this.shape[0]]!;
  }

  /** Checks the structure: monotone indptr, indices in range, finite data. */
  validate(): void {
    const [rows, cols] = this.shape;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw invalid(`shape must be two non-negative integers, got [${rows}, ${cols}]`);
    }
    if (this.indptr.length !== rows + 1)
      throw invalid(`indptr has ${this.indptr.length} entries, expected ${rows + 1}`);
    if (this.indptr[0] !== 0) throw invalid('indptr[0] must be 0');
    for (let i = 0; i < rows; i++) {
      if (this.indptr[i + 1]! < this.indptr[i]!) throw invalid(`indptr decreases at row ${i}`);
    }
    const nnz = this.indptr[rows]!;
    if (this.indices.length < nnz || this.data.length < nnz) {
      throw invalid(
        `indptr says ${nnz} stored entries but indices has ${this.indices.length} and data ${this.data.length}`,
      );
    }
    for (let k = 0; k < nnz; k++) {
      const j = this.indices[k]!;
      if (j < 0 || j >= cols) throw invalid(`column index ${j} at entry ${k} is outside [0, ${cols})`);
    }
  }

  /** A CSR matrix of the non-zero values of dense rows. */
  static fromDense(rows: ArrayLike<ArrayLike<number>>, nCols?: number): CsrMatrix {
    const cols = nCols ?? (rows.length > 0 ? rows[0]!.length : 0);
    const indptr = new Int32Array(rows.length + 1);
    const indices: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      for (let j = 0; j < row.length; j++) {
        if (row[j] !== 0) {
          indices.push(j);
          data.push(row[j]!);
        }
      }
      indptr[i + 1] = indices.length;
    }
    return new CsrMatrix({ indptr, indices, data, shape: [rows.length, cols] });
  }

  /** Row-major dense copy, as `X.toarray()`. */
  toDense(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.shape[0]; i++) {
      const row = new Array<number>(this.shape[1]).fill(0);
      for (let k = this.indptr[i]!; k < this.indptr[i + 1]!; k++) row[this.indices[k]!]! += this.data[k]!;
      out.push(row);
    }
    return out;
  }

  /** The rows at the given positions, in that order (for folds and shuffles). */
  selectRows(rows: ArrayLike<number>): CsrMatrix {
    let nnz = 0;
    for (let r = 0; r < rows.length; r++) nnz += this.indptr[rows[r]! + 1]! - this.indptr[rows[r]!]!;
    const indptr = new Int32Array(rows.length + 1);
    const indices = new Int32Array(nnz);
    const data = this.data instanceof Float32Array ? new Float32Array(nnz) : new Float64Array(nnz);
    let at = 0;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      if (i < 0 || i >= this.shape[0]) throw invalid(`row ${i} is outside [0, ${this.shape[0]})`);
      const start = this.indptr[i]!;
      const end = this.indptr[i + 1]!;
      indices.set(this.indices.subarray(start, end), at);
      data.set(this.data.subarray(start, end), at);
      at += end - start;
      indptr[r + 1] = at;
    }
    return new CsrMatrix({ indptr, indices, data, shape: [rows.length, this.shape[1]] }, { validate: false });
  }

  /** Rows [start, end). */
  sliceRows(start: number, end: number): CsrMatrix {
    const rows = new Int32Array(Math.max(0, end - start));
    for (let i = 0; i < rows.length; i++) rows[i] = start + i;
    return this.selectRows(rows);
  }

  /** Side by side, as scipy.sparse.hstack (what a FeatureUnion produces). */
  static hstack(parts: readonly CsrMatrix[]): CsrMatrix {
    if (parts.length === 0) throw invalid('hstack needs at least one matrix');
    const rows = parts[0]!.shape[0];
    for (const p of parts)
      if (p.shape[0] !== rows) throw invalid(`hstack: row counts differ (${rows} vs ${p.shape[0]})`);
    let nnz = 0;
    let cols = 0;
    for (const p of parts) {
      nnz += p.nnz;
      cols += p.shape[1];
    }
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(nnz);
    const data = new Float64Array(nnz);
    let at = 0;
    for (let i = 0; i < rows; i++) {
      let offset = 0;
      for (const p of parts) {
        for (let k = p.indptr[i]!; k < p.indptr[i + 1]!; k++) {
          indices[at] = p.indices[k]! + offset;
          data[at++] = p.data[k]!;
        }
        offset += p.shape[1];
      }
      indptr[i + 1] = at;
    }
    return new CsrMatrix({ indptr, indices, data, shape: [rows, cols] }, { validate: false });
  }

  /** One below the other, as scipy.sparse.vstack. */
  static vstack(parts: readonly CsrMatrix[]): CsrMatrix {
    if (parts.length === 0) throw invalid('vstack needs at least one matrix');
    const cols = parts[0]!.shape[1];
    let rows = 0;
    let nnz = 0;
    for (const p of parts) {
      if (p.shape[1] !== cols) throw invalid(`vstack: column counts differ (${cols} vs ${p.shape[1]})`);
      rows += p.shape[0];
      nnz += p.nnz;
    }
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(nnz);
    const data = new Float64Array(nnz);
    let row = 0;
    let at = 0;
    for (const p of parts) {
      indices.set(p.indices.subarray(0, p.nnz), at);
      data.set(p.data.subarray(0, p.nnz), at);
      for (let i = 0; i < p.shape[0]; i++) indptr[++row] = at + p.indptr[i + 1]!;
      at += p.nnz;
    }
    return new CsrMatrix({ indptr, indices, data, shape: [rows, cols] }, { validate: false });
  }
}

/** Whether `x` is a CsrMatrix (also across copies of the package). */
export function isCsrMatrix(x: unknown): x is CsrMatrix {
  return (
    x instanceof CsrMatrix ||
    (typeof x === 'object' && x !== null && 'indptr' in x && 'indices' in x && 'data' in x && 'shape' in x)
  );
}

function invalid(what: string): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: 'CsrMatrix', detail: what });
}
