/**
 * Counts terms per document into CSR arrays (sklearn/feature_extraction/text.py `_count_vocab`): each
 * document's features are looked up in a vocabulary, a fixed one (transform: unknown terms are skipped) or a
 * growing one (fit: new terms get the next id, in order of first appearance, as scikit-learn's defaultdict).
 */
import type { TextAnalysis } from './text-analysis.js';
import { TermTable } from './term-table.js';

/** Term counts per document; `indices` are sorted within each row when `sorted`. */
export interface CountedDocuments {
  nRows: number;
  indptr: Int32Array;
  indices: Int32Array;
  counts: Int32Array;
}

/** A vocabulary to count against: lookups return a column (or -1 when the term is unknown and not added). */
export interface TermLookup {
  byString(term: string): number;
  byBytes(bytes: Uint8Array, a: number, b: number): number;
  /** Upper bound of the columns returned so far plus one. */
  readonly size: number;
  /** Work arrays kept between calls, or undefined to allocate them per call. */
  readonly scratch?: CountScratch;
}

/**
 * A vocabulary's work arrays, kept so that counting one document allocates only its output: the
 * per-column counter (all zeros between rows) and the growable row buffers. `busy` while a call uses
 * them: a call made from inside another (a custom preprocessor or tokenizer calling transform) allocates.
 */
export interface CountScratch {
  busy: boolean;
  rowCount: Int32Array;
  indices: Int32Array;
  counts: Int32Array;
  touched: Int32Array;
}

/** A fitted or given vocabulary. The byte table is built on first use of the fast path. */
export class FixedVocabulary implements TermLookup {
  private table: TermTable | undefined;
  /** Kept so that transforming one document does not allocate and zero a counter per call. */
  readonly scratch: CountScratch = {
    busy: false,
    rowCount: new Int32Array(0),
    indices: new Int32Array(1 << 8),
    counts: new Int32Array(1 << 8),
    touched: new Int32Array(1 << 8),
  };
  constructor(readonly vocabulary: ReadonlyMap<string, number>) {}
  get size(): number {
    return this.vocabulary.size;
  }
  byString(term: string): number {
    return this.vocabulary.get(term) ?? -1;
  }
  byBytes(bytes: Uint8Array, a: number, b: number): number {
    if (this.table === undefined) {
      const table = new TermTable();
      for (const [term, column] of this.vocabulary) table.addString(term, column);
      this.table = table;
    }
    return this.table.find(bytes, a, b);
  }
}

/** The vocabulary fit grows: ids by first appearance. */
export class GrowingVocabulary implements TermLookup {
  private readonly map = new Map<string, number>();
  private readonly table = new TermTable();
  get size(): number {
    return this.map.size + this.table.size;
  }
  byString(term: string): number {
    let id = this.map.get(term);
    if (id === undefined) this.map.set(term, (id = this.map.size));
    return id;
  }
  byBytes(bytes: Uint8Array, a: number, b: number): number {
    return this.table.findOrAdd(bytes, a, b);
  }
  /** The terms by id (only one of the two paths is used for a given fit). */
  terms(): string[] {
    if (this.map.size > 0) return [...this.map.keys()];
    return Array.from({ length: this.table.size }, (_, id) => this.table.termString(id));
  }
}

/** The largest row buffers a vocabulary keeps between calls (entries; 4 bytes each, two buffers). */
const KEPT_ENTRIES = 1 << 16;

/** Growable output arrays plus the per-row dense counter. */
class CountBuilder {
  indices: Int32Array;
  counts: Int32Array;
  indptr: Int32Array;
  nnz = 0;
  rows = 0;
  rowCount: Int32Array;
  touched: Int32Array;
  private nTouched = 0;

  /** Sized for the rows expected (a few hundred entries a document), or on the scratch arrays given. */
  constructor(expectedRows: number, scratch?: CountScratch) {
    const capacity = Math.min(1 << 14, Math.max(1 << 8, expectedRows << 8));
    this.indices = scratch?.indices ?? new Int32Array(capacity);
    this.counts = scratch?.counts ?? new Int32Array(capacity);
    this.indptr = new Int32Array(expectedRows + 1);
    this.rowCount = scratch?.rowCount ?? new Int32Array(1 << 12);
    this.touched = scratch?.touched ?? new Int32Array(1 << 8);
  }

  /** Zeroes the counts of an unfinished row (a document that failed), so a reused counter stays clean. */
  abandonRow(): void {
    for (let k = 0; k < this.nTouched; k++) this.rowCount[this.touched[k]!] = 0;
    this.nTouched = 0;
  }

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

  /** Closes the row; columns sorted when asked (transform), in first-seen order otherwise (fit remaps later). */
  endRow(sort: boolean): void {
    const n = this.nTouched;
    if (this.nnz + n > this.indices.length) {
      const size = Math.max(this.nnz + n, this.indices.length * 2);
      const indices = new Int32Array(size);
      indices.set(this.indices.subarray(0, this.nnz));
      this.indices = indices;
      const counts = new Int32Array(size);
      counts.set(this.counts.subarray(0, this.nnz));
      this.counts = counts;
    }
    const cols = this.touched;
    if (sort) sortInts(cols, 0, n - 1);
    const base = this.nnz;
    for (let k = 0; k < n; k++) {
      const c = cols[k]!;
      this.indices[base + k] = c;
      this.counts[base + k] = this.rowCount[c]!;
      this.rowCount[c] = 0;
    }
    this.nnz = base + n;
    this.nTouched = 0;
    this.rows++;
    if (this.rows + 1 > this.indptr.length) {
      const indptr = new Int32Array(this.indptr.length * 2 + 1);
      indptr.set(this.indptr);
      this.indptr = indptr;
    }
    this.indptr[this.rows] = this.nnz;
  }

  finish(): CountedDocuments {
    return {
      nRows: this.rows,
      indptr: this.indptr.length === this.rows + 1 ? this.indptr : this.indptr.slice(0, this.rows + 1),
      indices: this.indices.slice(0, this.nnz),
      counts: this.counts.slice(0, this.nnz),
    };
  }
}

/**
 * Sorts a[lo..hi] ascending in place: quicksort with a median-of-three pivot, insertion sort below 16
 * elements. The columns of a row are distinct, so any correct sort gives the same order; this one skips
 * what `TypedArray.prototype.sort` costs per call (a copy out and back), which showed in every row.
 */
function sortInts(a: Int32Array, lo: number, hi: number): void {
  while (hi - lo >= 16) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // recurse into the smaller part, loop on the larger: the stack stays O(log n)
    if (j - lo < hi - i) {
      sortInts(a, lo, j);
      lo = i;
    } else {
      sortInts(a, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Word n-grams of the scanned document (sklearn `_word_ngrams`: unigrams, then n = 2.. windows). */
function countScanned(analysis: TextAnalysis, lookup: TermLookup, out: CountBuilder): void {
  const { bytes, ranges } = analysis.scanner;
  const { ts, te, count } = ranges;
  let minN = analysis.minN;
  const maxN = analysis.maxN;
  if (minN === 1) {
    for (let k = 0; k < count; k++) out.add(lookup.byBytes(bytes, ts[k]!, te[k]!));
    minN = 2;
  }
  const stop = Math.min(maxN + 1, count + 1);
  for (let n = minN; n < stop; n++) {
    for (let i = 0; i + n <= count; i++) out.add(lookup.byBytes(bytes, ts[i]!, te[i + n - 1]!));
  }
}

/** Counts every document against `lookup`. */
export function countDocuments(
  documents: Iterable<unknown>,
  analysis: TextAnalysis,
  lookup: TermLookup,
  sortRows: boolean,
): CountedDocuments {
  const scratch = lookup.scratch?.busy === false ? lookup.scratch : undefined;
  if (scratch) {
    scratch.busy = true;
    if (scratch.rowCount.length < lookup.size) scratch.rowCount = new Int32Array(lookup.size);
  }
  const out = new CountBuilder(Array.isArray(documents) ? documents.length : 16, scratch);
  let row = 0;
  try {
    for (const raw of documents) {
      const text = analysis.decode(raw, row);
      if (analysis.fast) {
        analysis.scan(text);
        countScanned(analysis, lookup, out);
      } else {
        for (const feature of analysis.features(text)) out.add(lookup.byString(feature));
      }
      out.endRow(sortRows);
      row++;
    }
  } catch (error) {
    out.abandonRow();
    throw error;
  } finally {
    if (scratch) {
      // the arrays may have grown: keep the grown ones (finish() copies, so the output owns its arrays)
      // (row buffers only up to KEPT_ENTRIES, so a big batch does not pin its buffers to the vocabulary)
      scratch.rowCount = out.rowCount;
      scratch.touched = out.touched;
      if (out.indices.length <= KEPT_ENTRIES) {
        scratch.indices = out.indices;
        scratch.counts = out.counts;
      }
      scratch.busy = false;
    }
  }
  return out.finish();
}
