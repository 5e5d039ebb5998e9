/**
 * The per-document term counter behind the vectorizers (sklearn/feature_extraction/text.py `_count_vocab`
 * counts a document's features in a dict, then appends its items): a dense count per column plus the list
 * of columns touched, all zero again when the row is closed. Subclasses decide what a closed row becomes:
 * CSR entries (term-counter.ts's CountBuilder) or a linear model's decision (tfidf-decision.ts).
 */

/**
 * The dense per-column row counter is as large as the vocabulary; one is kept between calls so that
 * transforming one document at a time does not allocate it each time (a nested call gets its own).
 */
let idleScratch: { rowCount: Int32Array; touched: Int32Array } | null = null;

export abstract class RowCounter {
  /** Per-column counts of the open row, all zero between rows (kept across calls: see `idleScratch`). */
  protected rowCount: Int32Array;
  protected touched: Int32Array;
  protected nTouched = 0;

  constructor() {
    const scratch = idleScratch ?? { rowCount: new Int32Array(1 << 12), touched: new Int32Array(1 << 10) };
    idleScratch = null;
    this.rowCount = scratch.rowCount;
    this.touched = scratch.touched;
  }

  /** Returns the (all-zero) row scratch for the next call; after an error mid-row it is dropped instead. */
  release(): void {
    if (this.nTouched === 0) idleScratch = { rowCount: this.rowCount, touched: this.touched };
  }

  /** `add` as a function value. */
  readonly sink = (column: number): void => this.add(column);

  /** Counts one occurrence of `column` in the open row (negative: an unknown term, ignored). */
  add(column: number): void {
    if (column < 0) return;
    if (column >= this.rowCount.length) {
      const next = new Int32Array(Math.max(column + 1, this.rowCount.length * 2));
      next.set(this.rowCount);
      this.rowCount = next;
    }
    if ((this.rowCount[column] = this.rowCount[column]! + 1) === 1) {
      if (this.nTouched === this.touched.length) {
        const next = new Int32Array(this.touched.length * 2);
        next.set(this.touched);
        this.touched = next;
      }
      this.touched[this.nTouched++] = column;
    }
  }

  /**
   * Closes the row: its columns are touched[0, nTouched) (sorted ascending when `sort`, in first-seen order
   * otherwise) with their counts in rowCount, which the subclass must zero again.
   */
  abstract endRow(sort: boolean): void;
}

let radixScratch = new Int32Array(1024);
const digitStarts = new Int32Array(257);

/**
 * Sorts the distinct columns a[0, n), all below `bound`, ascending: insertion sort for a few, else a radix
 * sort on bytes (two passes below 65,536 columns). Any correct sort gives the same order; this one skips the
 * comparisons a quicksort needs, which showed in every row of a one-document-at-a-time predict.
 */
export function sortColumns(a: Int32Array, n: number, bound: number): void {
  if (n <= 16) {
    insertionSort(a, n);
    return;
  }
  if (radixScratch.length < n) radixScratch = new Int32Array(n * 2);
  let src: Int32Array = a;
  let dst: Int32Array = radixScratch;
  for (let shift = 0; (bound - 1) >>> shift !== 0; shift += 8) {
    digitStarts.fill(0);
    for (let k = 0; k < n; k++) digitStarts[((src[k]! >>> shift) & 255) + 1]!++;
    for (let d = 1; d < 257; d++) digitStarts[d]! += digitStarts[d - 1]!;
    for (let k = 0; k < n; k++) {
      const v = src[k]!;
      dst[digitStarts[(v >>> shift) & 255]!++] = v;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) a.set(src.subarray(0, n));
}

function insertionSort(a: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}
