/**
 * The buffer a lazy model reads its missing columns into, kept from call to call: a lazy prediction reads
 * a (k × m) block of a few hundred columns per document, and a fresh typed array of a megabyte or more per
 * call was garbage the collector freed late, which the allocator then kept resident (issue 17: a Worker
 * has 128 MB). Backends that honour `Selection.into` fill it; others return their own array.
 */

/** Values the kept buffer holds (4 MiB of float64): the lazy model reads missing columns in slices of this. */
export const KEPT_READ_VALUES = 2 ** 19;
/** Values of the buffer reads of a few columns of a small model use. */
const SMALL_VALUES = 2 ** 12;

export interface ReadLease {
  /** Exactly the values asked for (a view of the kept buffer, or a fresh array). */
  values: Float64Array | Float32Array;
  /** Gives the kept buffer back (call once its values are used). */
  release(): void;
}

/** One kept buffer, leased to one read at a time (a second read in flight gets a fresh array). */
export class ReadBuffer {
  private kept: Float64Array | Float32Array | undefined;
  private busy = false;

  constructor(private readonly dtype: 'float64' | 'float32') {}

  lease(count: number): ReadLease {
    const make = (n: number) => (this.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
    if (this.busy || count > KEPT_READ_VALUES) return { values: make(count), release: () => undefined };
    // a small buffer for small reads, else the largest at once: never a series of growing buffers, each
    // freed one a hole the allocator keeps resident (pages of the large one count only once they are used)
    if (!this.kept || this.kept.length < count)
      this.kept = make(count <= SMALL_VALUES ? SMALL_VALUES : KEPT_READ_VALUES);
    this.busy = true;
    return {
      values: this.kept.subarray(0, count),
      release: () => {
        this.busy = false;
      },
    };
  }
}
