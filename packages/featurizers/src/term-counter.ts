/**
 * Counts terms per document into CSR arrays (sklearn/feature_extraction/text.py `_count_vocab`): each
 * document's features are looked up in a vocabulary, a fixed one (transform: unknown terms are skipped) or a
 * growing one (fit: new terms get the next id, in order of first appearance, as scikit-learn's defaultdict).
 */
import { scanAsciiUnigrams } from './ascii-unigrams.js';
import { lookupCharNgrams, lookupCharWbNgrams } from './char-ngrams.js';
import type { TextAnalysis } from './text-analysis.js';
import { RowCounter, sortColumns } from './row-counter.js';
import { TermTable, hasLoneSurrogate } from './term-table.js';

/** Term counts per document (float64 values, as the CSR data they become). */
export interface CountedDocuments {
  nRows: number;
  indptr: Int32Array;
  indices: Int32Array;
  counts: Float64Array;
}

/** A vocabulary to count against: lookups return a column (or -1 when the term is unknown and not added). */
export interface TermLookup {
  byString(term: string): number;
  byBytes(bytes: Uint8Array, a: number, b: number): number;
  /** Upper bound of the columns returned so far plus one. */
  readonly size: number;
}

/** A fitted or given vocabulary. The byte table is built on first use of the fast path. */
export class FixedVocabulary implements TermLookup {
  private table: TermTable | undefined;
  constructor(readonly vocabulary: ReadonlyMap<string, number>) {}
  get size(): number {
    return this.vocabulary.size;
  }
  byString(term: string): number {
    return this.vocabulary.get(term) ?? -1;
  }
  byBytes(bytes: Uint8Array, a: number, b: number): number {
    return (this.table ?? this.buildTable()).find(bytes, a, b);
  }
  private buildTable(): TermTable {
    const table = new TermTable();
    for (const [term, column] of this.vocabulary) table.addString(term, column);
    this.table = table;
    return table;
  }
}

/**
 * The vocabulary fit grows: ids by first appearance, one id space whichever path (bytes or strings) meets a
 * term first. Terms with a lone surrogate (no UTF-8 form; only the string path makes them) live in a Map.
 */
export class GrowingVocabulary implements TermLookup {
  private readonly table = new TermTable();
  private readonly lone = new Map<string, number>();
  private scratch = new Uint8Array(256);
  size = 0;

  byString(term: string): number {
    if (hasLoneSurrogate(term)) {
      let id = this.lone.get(term);
      if (id === undefined) this.lone.set(term, (id = this.size++));
      return id;
    }
    if (this.scratch.length < term.length * 3) this.scratch = new Uint8Array(term.length * 3 + 64);
    encoder ??= new TextEncoder();
    const n = encoder.encodeInto(term, this.scratch).written;
    return this.byBytes(this.scratch, 0, n);
  }
  byBytes(bytes: Uint8Array, a: number, b: number): number {
    const id = this.table.findOrAdd(bytes, a, b, this.size);
    if (id === this.size) this.size++;
    return id;
  }
  /** The terms by id. */
  terms(): string[] {
    const out = new Array<string>(this.size);
    for (let k = 0; k < this.table.size; k++) out[this.table.columnOf(k)] = this.table.termString(k);
    for (const [term, id] of this.lone) out[id] = term;
    return out;
  }
}

let encoder: TextEncoder | undefined;

/** The ASCII path's columns of one document (filled and consumed before any user code can run). */
let columns = new Int32Array(1024);

/** Growable CSR output arrays, one row per closed row of the counter. */
class CountBuilder extends RowCounter {
  indices: Int32Array;
  counts: Float64Array;
  indptr: Int32Array;
  nnz = 0;
  rows = 0;

  constructor(expectedRows: number) {
    super();
    this.indptr = new Int32Array(expectedRows + 1);
    // about 192 distinct terms per document to start with; grown to the projected total as rows come
    const size = Math.min(1 << 16, Math.max(256, expectedRows * 192));
    this.indices = new Int32Array(size);
    this.counts = new Float64Array(size);
  }

  /** Closes the row; columns sorted when asked (transform), in first-seen order otherwise (fit remaps later). */
  endRow(sort: boolean): void {
    const n = this.nTouched;
    if (this.nnz + n > this.indices.length) this.grow(this.nnz + n);
    const cols = this.touched;
    if (sort) sortColumns(cols, n, this.rowCount.length);
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

  /** Grows to the projected total when the number of rows is known (CsrBuilder's rule), else doubles. */
  private grow(need: number): void {
    const expected = this.indptr.length - 1;
    const projected = this.rows > 0 && expected > this.rows ? Math.ceil((need / this.rows) * expected * 1.05) : 0;
    const size = Math.max(need, projected, this.indices.length * 2);
    const indices = new Int32Array(size);
    indices.set(this.indices.subarray(0, this.nnz));
    this.indices = indices;
    const counts = new Float64Array(size);
    counts.set(this.counts.subarray(0, this.nnz));
    this.counts = counts;
  }

  /** The arrays, handed over without a copy when nearly full, trimmed when not (memory stays proportional). */
  finish(): CountedDocuments {
    const nnz = this.nnz;
    const tight = this.indices.length - nnz <= nnz / 8;
    return {
      nRows: this.rows,
      indptr: this.indptr.length === this.rows + 1 ? this.indptr : this.indptr.slice(0, this.rows + 1),
      indices: tight ? this.indices.subarray(0, nnz) : this.indices.slice(0, nnz),
      counts: tight ? this.counts.subarray(0, nnz) : this.counts.slice(0, nnz),
    };
  }
}

/** Word n-grams of the scanned document (sklearn `_word_ngrams`: unigrams, then n = 2.. windows). */
function countScanned(analysis: TextAnalysis, lookup: TermLookup, out: RowCounter): void {
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
  const out = new CountBuilder(Array.isArray(documents) ? documents.length : 16);
  countRows(documents, analysis, lookup, sortRows, out);
  return out.finish();
}

/** Counts every document against `lookup` into `out`, one row per document; releases out's scratch after. */
export function countRows(
  documents: Iterable<unknown>,
  analysis: TextAnalysis,
  lookup: TermLookup,
  sortRows: boolean,
  out: RowCounter,
): void {
  try {
    let row = 0;
    for (const raw of documents) {
      countDocument(analysis.decode(raw, row), analysis, lookup, out);
      out.endRow(sortRows);
      row++;
    }
  } finally {
    out.release();
  }
}

/** One document's features, counted into out's open row. */
function countDocument(text: string, analysis: TextAnalysis, lookup: TermLookup, out: RowCounter): void {
  if (analysis.asciiUnigrams) {
    if (columns.length < text.length / 2 + 2) columns = new Int32Array(text.length + 64);
    const n = scanAsciiUnigrams(text, analysis.lowercase, lookup, columns);
    for (let k = 0; k < n; k++) out.add(columns[k]!);
    if (n >= 0) return;
  }
  if (analysis.fast) {
    analysis.scan(text);
    countScanned(analysis, lookup, out);
  } else if (analysis.charBytes !== null && analysis.loadChars(text)) {
    if (analysis.charBytes === 'char') lookupCharNgrams(analysis.doc, analysis.minN, analysis.maxN, lookup, out.sink);
    else lookupCharWbNgrams(analysis.doc, analysis.minN, analysis.maxN, lookup, out.sink);
  } else {
    for (const feature of analysis.features(text)) out.add(lookup.byString(feature));
  }
}
