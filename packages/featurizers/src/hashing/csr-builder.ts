/** The output CSR arrays, grown as rows close, with scikit-learn's binary and norm steps. */

/** Growable CSR arrays; the final matrix copies out exactly nnz entries. */
export class CsrBuilder {
  indices: Int32Array;
  data: Float64Array;
  indptr: number[] = [0];
  nnz = 0;

  /** Starts with room for about 64 entries per expected row (grown by doubling). */
  constructor(private readonly expectedRows = 16) {
    const size = Math.min(1 << 24, Math.max(1024, expectedRows * 64));
    this.indices = new Int32Array(size);
    this.data = new Float64Array(size);
  }

  reserve(extra: number): void {
    const need = this.nnz + extra;
    if (need <= this.indices.length) return;
    // Grow to the projected total when the number of rows is known, else double.
    const rowsDone = this.indptr.length - 1;
    const projected =
      rowsDone > 0 && this.expectedRows > rowsDone ? Math.ceil((need / rowsDone) * this.expectedRows * 1.05) : 0;
    const size = Math.max(need, projected, this.indices.length * 2);
    const indices = new Int32Array(size);
    indices.set(this.indices.subarray(0, this.nnz));
    const data = new Float64Array(size);
    data.set(this.data.subarray(0, this.nnz));
    this.indices = indices;
    this.data = data;
  }

  /** Closes the current row: binary, then l1 / l2 normalisation exactly as scikit-learn's Cython loops. */
  endRow(binary: boolean, norm: 'l1' | 'l2' | null, float32: boolean): void {
    const start = this.indptr[this.indptr.length - 1]!;
    const end = this.nnz;
    const data = this.data;
    if (binary) for (let k = start; k < end; k++) data[k] = 1;
    if (norm !== null) {
      // sum_ is a C double; for float32 data the product X*X is rounded to float first.
      let s = 0;
      if (norm === 'l2') {
        if (float32) for (let k = start; k < end; k++) s += Math.fround(data[k]! * data[k]!);
        else for (let k = start; k < end; k++) s += data[k]! * data[k]!;
        s = Math.sqrt(s);
      } else for (let k = start; k < end; k++) s += Math.abs(data[k]!);
      if (s !== 0) {
        if (float32) for (let k = start; k < end; k++) data[k] = Math.fround(data[k]! / s);
        else for (let k = start; k < end; k++) data[k] = data[k]! / s;
      }
    }
    this.indptr.push(end);
  }
}
