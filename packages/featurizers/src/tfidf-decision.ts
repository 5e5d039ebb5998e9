/**
 * A vectorizer's transform followed by a linear model's decision X·Wᵀ + b, one document at a time without
 * building the matrix (core's `Transformer.decisionThrough`). Each row is computed as the two steps compute
 * it, in the same order, so the values are the same to the bit: the counts (1 when binary), then
 * TfidfTransformer's sublinear tf, idf and row norm (tfidf-transformer.ts `applyTfidf`, whose sums follow
 * scikit-learn's), then the dot product over the row's columns in ascending order (core's math/decision.ts,
 * as the CSR rows transform returns).
 */
import type { DecisionWeights } from '@icepickle/core';
import { RowCounter, sortColumns } from './row-counter.js';
import type { TfidfParams } from './tfidf-transformer.js';

/** What happens to a row's counts before the dot product (CountVectorizer: none of it). */
export interface RowScaling {
  binary: boolean;
  /** null: no idf (CountVectorizer, or useIdf false). */
  idf: Float64Array | null;
  tfidf: TfidfParams;
}

/** One row's values, in column order (filled and consumed inside endRow: no user code runs meanwhile). */
let rowValues = new Float64Array(1024);

export class DecisionRows extends RowCounter {
  /** The decisions, row-major (rows × nOutputs). */
  readonly values: Float64Array;
  private row = 0;

  constructor(
    nRows: number,
    private readonly scaling: RowScaling,
    private readonly w: DecisionWeights,
  ) {
    super();
    this.values = new Float64Array(nRows * w.nOutputs);
  }

  /** Closes the row: its decisions. Columns are always sorted (the order transform's rows have). */
  endRow(): void {
    const n = this.nTouched;
    const cols = this.touched;
    sortColumns(cols, n, this.rowCount.length);
    if (rowValues.length < n) rowValues = new Float64Array(n * 2);
    const v = rowValues;
    // v / norm, then times the weight: the two operations transform then decide do, in their order
    const norm = this.scaleRow(cols, n, v);
    const { weights, bias, nOutputs, nFeatures } = this.w;
    for (let o = 0; o < nOutputs; o++) {
      const offset = o * nFeatures;
      let s = 0;
      if (norm === 1) for (let k = 0; k < n; k++) s += v[k]! * weights[offset + cols[k]!]!;
      else for (let k = 0; k < n; k++) s += (v[k]! / norm) * weights[offset + cols[k]!]!;
      this.values[this.row * nOutputs + o] = s + bias[o]!;
    }
    this.nTouched = 0;
    this.row++;
  }

  /**
   * v[k] = the value of column cols[k] before the row norm (the row counter zeroed again); returns what the
   * row is divided by: its norm, or 1 when there is none (norm null, or a zero row left alone).
   */
  private scaleRow(cols: Int32Array, n: number, v: Float64Array): number {
    const { binary, idf, tfidf } = this.scaling;
    if (idf !== null && tfidf.norm === 'l2' && !binary && !tfidf.sublinearTf)
      return scaleTfidfL2(cols, n, v, this.rowCount, idf);
    const counts = this.rowCount;
    for (let k = 0; k < n; k++) {
      const c = cols[k]!;
      let x = binary ? 1 : counts[c]!;
      counts[c] = 0;
      if (tfidf.sublinearTf) x = Math.log(x) + 1;
      if (idf !== null) x = x * idf[c]!;
      v[k] = x;
    }
    if (tfidf.norm === null) return 1;
    // sklearn.utils.sparsefuncs_fast's row norms, summed in reverse column order after an idf product
    // (scipy's csr_matmat lists the row that way), as normalizeRows in tfidf-transformer.ts
    let s = 0;
    if (tfidf.norm === 'l2') {
      if (idf !== null) for (let k = n - 1; k >= 0; k--) s += v[k]! * v[k]!;
      else for (let k = 0; k < n; k++) s += v[k]! * v[k]!;
      return s === 0 ? 1 : Math.sqrt(s);
    }
    if (idf !== null) for (let k = n - 1; k >= 0; k--) s += Math.abs(v[k]!);
    else for (let k = 0; k < n; k++) s += Math.abs(v[k]!);
    return s === 0 ? 1 : s;
  }

  /** The decisions, or null when one is not finite (the steps then run as usual and say why). */
  finish(): Float64Array | null {
    for (let i = 0; i < this.values.length; i++) if (!Number.isFinite(this.values[i]!)) return null;
    return this.values;
  }
}

/**
 * DecisionRows.scaleRow for TfidfVectorizer's defaults (counts × idf, l2 norm) in one pass, the counts zeroed
 * again: the values are made in reverse column order, the order the norm's sum takes (see scaleRow), so the
 * sum adds them as they come.
 */
function scaleTfidfL2(cols: Int32Array, n: number, v: Float64Array, counts: Int32Array, idf: Float64Array): number {
  let s = 0;
  for (let k = n - 1; k >= 0; k--) {
    const c = cols[k]!;
    const x = counts[c]! * idf[c]!;
    counts[c] = 0;
    v[k] = x;
    s += x * x;
  }
  return s === 0 ? 1 : Math.sqrt(s);
}
