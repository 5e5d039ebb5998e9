import { IcepickleError } from '../errors.js';

/** A row-major dense matrix over one Float64Array: `data[i * cols + j]` is sample i, feature j. */
export class DenseMatrix {
  /** The values, row-major. */
  readonly data: Float64Array;
  /** [n_rows, n_cols]. */
  readonly shape: readonly [number, number];

  constructor(data: Float64Array, shape: readonly [number, number]) {
    if (data.length !== shape[0] * shape[1]) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: 'DenseMatrix',
        detail: `data has ${data.length} values, shape [${shape[0]}, ${shape[1]}] needs ${shape[0] * shape[1]}`,
      });
    }
    this.data = data;
    this.shape = [shape[0], shape[1]];
  }

  /** The number of rows. */
  get nRows(): number {
    return this.shape[0];
  }
  /** The number of columns. */
  get nCols(): number {
    return this.shape[1];
  }

  /** A matrix copied from rows of numbers (all of the same length, or `nCols`). */
  static fromRows(rows: ArrayLike<ArrayLike<number>>, nCols?: number): DenseMatrix {
    const cols = nCols ?? (rows.length > 0 ? rows[0]!.length : 0);
    const data = new Float64Array(rows.length * cols);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length !== cols) {
        throw new IcepickleError('INVALID_INPUT', {
          detail: `X is ragged: row ${i} has ${row.length} values, row 0 has ${cols}`,
        });
      }
      for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
    }
    return new DenseMatrix(data, [rows.length, cols]);
  }

  /** Row i, as a view (not a copy). */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.shape[1], (i + 1) * this.shape[1]);
  }

  /** The given rows, in that order, as a new matrix. */
  selectRows(rows: ArrayLike<number>): DenseMatrix {
    const cols = this.shape[1];
    const data = new Float64Array(rows.length * cols);
    for (let r = 0; r < rows.length; r++) data.set(this.row(rows[r]!), r * cols);
    return new DenseMatrix(data, [rows.length, cols]);
  }

  /** Rows [start, end), as a new matrix. */
  sliceRows(start: number, end: number): DenseMatrix {
    return new DenseMatrix(this.data.slice(start * this.shape[1], end * this.shape[1]), [end - start, this.shape[1]]);
  }

  /** The rows, as plain arrays. */
  toRows(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.shape[0]; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}
