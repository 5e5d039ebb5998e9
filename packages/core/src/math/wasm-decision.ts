import { CsrMatrix } from './csr-matrix.js';
import { type SparseKernel, sparseKernel } from './sparse-kernel.js';

/** Stored entries per block of X copied into WebAssembly memory (96 KiB: read back from the L1/L2 cache). */
const BLOCK_ENTRIES = 8192;
/** Rows per block (bounds the scratch for rows with few or no entries). */
const BLOCK_ROWS = 4096;

/**
 * X · w + b for CSR batches in WebAssembly, for one coefficient vector (a binary classifier or a
 * single-target regressor), with exactly the values of the JavaScript loop (each row summed left to
 * right). JavaScript re-checks every typed array on every access of the gather loop; WebAssembly does
 * not.
 *
 * The vector is copied once into the instance's memory, which keeps it (8 MiB for 2^20 features) for
 * as long as this object lives. X goes through a small scratch area in blocks of rows, so each block
 * is read from memory once and summed from the cache. Rows longer than a block, and float32 values,
 * go to the JavaScript loop of the caller (`decide` returns false).
 */
export class WasmVectorDecision {
  private constructor(
    private readonly kernel: SparseKernel,
    /** The vector this copy was made from (the caller checks it is still its own). */
    readonly source: Float64Array,
    private readonly dataView: Float64Array,
    private readonly indexView: Int32Array,
    private readonly rowView: Int32Array,
    private readonly outView: Float64Array,
  ) {}

  /** A copy of `w` in WebAssembly memory, or null where WebAssembly cannot run. */
  static create(w: Float64Array): WasmVectorDecision | null {
    const wBytes = align8(w.length * 8);
    const dataAt = wBytes;
    const indexAt = dataAt + BLOCK_ENTRIES * 8;
    const rowAt = indexAt + BLOCK_ENTRIES * 4;
    const outAt = align8(rowAt + (BLOCK_ROWS + 1) * 4);
    const kernel = sparseKernel(outAt + BLOCK_ROWS * 8);
    if (kernel === null) return null;
    const buffer = kernel.memory.buffer;
    new Float64Array(buffer, 0, w.length).set(w);
    return new WasmVectorDecision(
      kernel,
      w,
      new Float64Array(buffer, dataAt, BLOCK_ENTRIES),
      new Int32Array(buffer, indexAt, BLOCK_ENTRIES),
      new Int32Array(buffer, rowAt, BLOCK_ROWS + 1),
      new Float64Array(buffer, outAt, BLOCK_ROWS),
    );
  }

  /**
   * Writes row i's X · w + b into out[i] for every row of X; false (out unchanged) when X is not
   * float64 or holds a row longer than a block.
   */
  decide(X: CsrMatrix, b: number, out: Float64Array): boolean {
    const { indptr, indices, data } = X;
    if (!(data instanceof Float64Array)) return false;
    const n = X.shape[0];
    for (let i = 0; i < n; i++) if (indptr[i + 1]! - indptr[i]! > BLOCK_ENTRIES) return false;
    const { dataView, indexView, rowView, outView } = this;
    const rows = this.kernel.rows;
    const dataAt = dataView.byteOffset;
    const indexAt = indexView.byteOffset;
    const rowAt = rowView.byteOffset;
    const outAt = outView.byteOffset;
    let first = 0;
    while (first < n) {
      // the longest run of rows from `first` that fits a block
      const base = indptr[first]!;
      let end = first;
      while (end < n && end - first < BLOCK_ROWS && indptr[end + 1]! - base <= BLOCK_ENTRIES) end++;
      const count = end - first;
      const entries = indptr[end]! - base;
      dataView.set(data.subarray(base, base + entries));
      indexView.set(indices.subarray(base, base + entries));
      for (let r = 0; r <= count; r++) rowView[r] = indptr[first + r]! - base;
      rows(rowAt, indexAt, dataAt, 0, count, outAt, b);
      out.set(outView.subarray(0, count), first);
      first = end;
    }
    return true;
  }
}

function align8(bytes: number): number {
  return (bytes + 7) & ~7;
}
