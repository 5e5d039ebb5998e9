import { CsrMatrix } from './csr-matrix.js';

/**
 * The columns of a CSR matrix that hold at least one stored entry, and the matrix re-indexed onto
 * them. Hashed text uses a few percent of its 2^20 columns; a column with no entries does not enter
 * any loss, so solvers can work in the small space and scatter the answer back.
 */
export interface CompactColumns {
  matrix: CsrMatrix;
  /** columns[c] is the original index of compact column c, increasing. */
  columns: Int32Array;
}

export function compactColumns(X: CsrMatrix): CompactColumns {
  const nnz = X.nnz;
  const nCols = X.shape[1];
  const columns = storedColumns(X.indices, nnz, nCols);
  const indices = renumber(X.indices, nnz, columns, nCols, new Int32Array(nnz));
  const data = X.data instanceof Float64Array ? X.data.subarray(0, nnz) : Float64Array.from(X.data.subarray(0, nnz));
  const matrix = new CsrMatrix(
    { indptr: X.indptr, indices, data, shape: [X.shape[0], columns.length] },
    { validate: false },
  );
  return { matrix, columns };
}

/**
 * The distinct column indices among the first `nnz` entries, increasing (so later passes over w run
 * forward). One pass into a bit set: 2^20 columns take 128 KiB, which stays in cache, where a byte per
 * column would not.
 */
export function storedColumns(indices: Int32Array, nnz: number, nCols: number): Int32Array {
  const bits = new Int32Array((nCols + 31) >>> 5);
  for (let k = 0; k < nnz; k++) {
    const j = indices[k]!;
    bits[j >>> 5] = bits[j >>> 5]! | (1 << (j & 31));
  }
  return columnsOf(bits);
}

/** out[k] = the position of indices[k] in `columns` (increasing, holding every one of them), for k < nnz. */
export function renumber(
  indices: Int32Array,
  nnz: number,
  columns: Int32Array,
  nCols: number,
  out: Int32Array,
): Int32Array {
  const position = new Int32Array(nCols);
  for (let c = 0; c < columns.length; c++) position[columns[c]!] = c;
  for (let k = 0; k < nnz; k++) out[k] = position[indices[k]!]!;
  return out;
}

/** The positions of the set bits, increasing. */
export function columnsOf(bits: Int32Array): Int32Array {
  let count = 0;
  for (let wd = 0; wd < bits.length; wd++) count += popcount(bits[wd]!);
  const out = new Int32Array(count);
  let at = 0;
  for (let wd = 0; wd < bits.length; wd++) {
    let word = bits[wd]!;
    while (word !== 0) {
      const low = word & -word;
      out[at++] = (wd << 5) | (31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
