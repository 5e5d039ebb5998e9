import { IcepickleError } from '../errors.js';
import { renumber, storedColumns } from './active-columns.js';
import { CsrMatrix, type CsrParts, isCsrMatrix } from './csr-matrix.js';
import { type WasmKernel, wasmKernel } from '../wasm-kernel/wasm-kernel.js';

/**
 * A CsrMatrix that also keeps a copy of itself in WebAssembly memory, its columns renumbered to the
 * ones it stores, for fast repeated decisions (decisionFunction, predict, predictProba, score).
 *
 * Why: a plain CsrMatrix lives in JavaScript memory, which WebAssembly cannot read, so decisions on it
 * run in JavaScript, where every gather from the 2^20-wide weight vector pays a bounds check and a
 * cache miss. Here each decision copies just the weights of the stored columns (a few percent of 2^20
 * for hashed reviews) next to X, into memory small enough to stay in cache, and sums in WebAssembly.
 * Packing is paid once per matrix. Figures: bench/RESULTS.md ("Figures moved from core comments").
 *
 * The values are bit-identical to the plain path's: the same products, summed in the same order.
 * The public arrays are the source's (not copied); decisions read only the packed copy, so changes to
 * those arrays after packing do not reach them (and cannot make WebAssembly read outside the copy):
 * treat a packed matrix as immutable. Where WebAssembly cannot run (a CSP that
 * forbids compiling it, some edge runtimes) or the copy does not fit in its memory, decisions run on
 * the plain path.
 */
/** Where X's values (f64) start in the kernel's memory. */
const VALUES_AT = 0;

export class PackedCsrMatrix extends CsrMatrix {
  /** The stored columns, increasing: column `columns[r]` is `r` in the packed copy. */
  readonly columns: Int32Array;
  readonly #kernel: WasmKernel | null;
  /** indptr as it was when packed: decisions read only the packed copy, whatever happens to the source's arrays. */
  readonly #rows: Int32Array;
  /** Byte offsets in the kernel's memory of the gathered weights (f64) and X's renumbered columns (i32), after X's values. */
  readonly #at: { weights: number; indices: number };

  private constructor(X: CsrParts) {
    // validated again (a matrix may have been built unvalidated): WebAssembly reads where indptr and
    // indices point, so they must stay inside the copy
    super(X);
    const [nRows, nCols] = this.shape;
    const nnz = this.nnz;
    const source = this.indices;
    this.columns = nnz * 32 < nCols ? distinctSorted(source.subarray(0, nnz)) : storedColumns(source, nnz, nCols);
    this.#rows = this.indptr.slice(0, nRows + 1);
    const weights = nnz * 8;
    const indices = weights + this.columns.length * 8;
    this.#at = { weights, indices };
    this.#kernel = nRows > 0 ? wasmKernel(indices + nnz * 4) : null;
    if (this.#kernel === null) return;
    const { buffer } = this.#kernel.memory;
    new Float64Array(buffer, VALUES_AT, nnz).set(this.data.subarray(0, nnz));
    const renumbered = new Int32Array(buffer, indices, nnz);
    if (nnz * 8 >= nCols) renumber(source, nnz, this.columns, nCols, renumbered);
    // a few rows (one request's documents): a binary search per entry beats filling a table of nCols
    else for (let k = 0; k < nnz; k++) renumbered[k] = positionOf(this.columns, source[k]!);
  }

  /**
   * X packed (X itself is left as it is; the packed matrix shares its typed arrays). X is a CsrMatrix,
   * or its parts (`indptr`, `indices`, `data`, `shape`: a CsrMatrix of another copy of this package).
   */
  static from(X: CsrMatrix | CsrParts): PackedCsrMatrix {
    if (!isCsrMatrix(X)) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: 'PackedCsrMatrix',
        detail: `expected a CsrMatrix, got ${X === null ? 'null' : typeof X}`,
      });
    }
    return X instanceof PackedCsrMatrix ? X : new PackedCsrMatrix(X);
  }

  /** Whether decisions on this matrix run in WebAssembly (false: on the plain JavaScript path). */
  get inWebAssembly(): boolean {
    return this.#kernel !== null;
  }

  /**
   * @internal X · Wᵀ + b, row-major, as linearDecision computes it (undefined: use the plain path).
   * Per output, the stored columns' weights are gathered next to X, then each row is one `dot`.
   */
  override linearDecision(weights: Float64Array, intercept: Float64Array, nOutputs: number): Float64Array | undefined {
    const kernel = this.#kernel;
    if (kernel === null) return undefined;
    const columns = this.columns;
    const indptr = this.#rows;
    const [nRows, nCols] = this.shape;
    const gathered = new Float64Array(kernel.memory.buffer, this.#at.weights, columns.length);
    const out = new Float64Array(nRows * nOutputs);
    const { weights: w, indices } = this.#at;
    const dot = kernel.dot;
    for (let k = 0; k < nOutputs; k++) {
      const offset = k * nCols;
      for (let r = 0; r < columns.length; r++) gathered[r] = weights[offset + columns[r]!]!;
      const b = intercept[k]!;
      for (let i = 0; i < nRows; i++)
        out[i * nOutputs + k] = dot(indices, VALUES_AT, w, indptr[i]!, indptr[i + 1]!) + b;
    }
    return out;
  }
}

/** The distinct values, increasing (for a few entries over very many columns: no bit set of every column). */
function distinctSorted(indices: Int32Array): Int32Array {
  const sorted = indices.slice().sort();
  let count = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[count - 1]) sorted[count++] = sorted[k]!;
  return sorted.slice(0, count);
}

/** Where `column` is in `columns` (increasing, and known to hold it). */
function positionOf(columns: Int32Array, column: number): number {
  let low = 0;
  let high = columns.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (columns[mid]! < column) low = mid + 1;
    else high = mid;
  }
  return low;
}
