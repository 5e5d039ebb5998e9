/**
 * What fit does after counting (sklearn/feature_extraction/text.py `CountVectorizer.fit_transform`,
 * `_sort_features`, `_limit_features`): columns become the terms in Python's sorted order, then terms whose
 * document frequency is above max_df or below min_df are cut, then, if more than max_features remain, the
 * most frequent are kept — by numpy's (unstable) argsort of the negated total counts over the sorted columns,
 * so ties fall exactly where scikit-learn's fall.
 */
import { IcepickleError } from '@icepickle/core';
import { numpyArgsort } from './numpy-argsort.js';
import { pythonSortOrder } from './python-order.js';
import type { CountedDocuments } from './term-counter.js';

export interface FeatureLimits {
  /** max_df: a proportion of documents when `maxDfIsCount` is false. */
  maxDf: number;
  maxDfIsCount: boolean;
  minDf: number;
  minDfIsCount: boolean;
  maxFeatures: number | null;
}

export interface FittedVocabulary {
  vocabulary: Map<string, number>;
  stopWords: Set<string>;
  /** The counts renumbered to the kept columns, indices sorted within rows. */
  counts: CountedDocuments;
}

/**
 * `terms[id]` is the term counted under id in `counted` (first-appearance ids). `counted.counts` are already
 * 1 where binary applies (scikit-learn fills X.data with 1 before limiting, so max_features ranks by df then).
 */
export function limitFeatures(
  counted: CountedDocuments,
  terms: readonly string[],
  limits: FeatureLimits,
  scope: string,
): FittedVocabulary {
  if (terms.length === 0) {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: 'empty vocabulary; perhaps the documents only contain stop words',
    });
  }
  const nDoc = counted.nRows;
  const maxDocCount = limits.maxDfIsCount ? limits.maxDf : limits.maxDf * nDoc;
  const minDocCount = limits.minDfIsCount ? limits.minDf : limits.minDf * nDoc;
  if (maxDocCount < minDocCount) {
    throw new IcepickleError('INVALID_PARAMETER', { scope, detail: 'max_df corresponds to < documents than min_df' });
  }
  const nTerms = terms.length;
  const order = pythonSortOrder(terms); // order[rank] = id
  const rankOf = new Int32Array(nTerms);
  for (let r = 0; r < nTerms; r++) rankOf[order[r]!] = r;
  const keep = new Uint8Array(nTerms);
  // The defaults (max_df 1.0, min_df 1, no max_features) keep every term: no frequencies needed.
  const keepAll =
    !limits.maxDfIsCount && limits.maxDf >= 1 && limits.minDfIsCount && limits.minDf <= 1 && !limits.maxFeatures;
  if (keepAll) keep.fill(1);
  const kept = keepAll ? nTerms : selectTerms(counted, rankOf, limits, maxDocCount, minDocCount, keep);
  if (kept === 0) {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: 'After pruning, no terms remain. Try a lower min_df or a higher max_df.',
    });
  }
  // new column of each id (-1 when cut), and the vocabulary in column order
  const columnOfId = new Int32Array(nTerms);
  const vocabulary = new Map<string, number>();
  const stopWords = new Set<string>();
  let column = 0;
  for (let r = 0; r < nTerms; r++) {
    const id = order[r]!;
    if (keep[r] === 1) {
      columnOfId[id] = column;
      vocabulary.set(terms[id]!, column++);
    } else {
      columnOfId[id] = -1;
      stopWords.add(terms[id]!);
    }
  }
  return { vocabulary, stopWords, counts: renumberRows(counted, columnOfId, kept) };
}

/** Marks in `keep` the sorted columns that pass the df limits and max_features; returns how many. */
function selectTerms(
  counted: CountedDocuments,
  rankOf: Int32Array,
  limits: FeatureLimits,
  maxDocCount: number,
  minDocCount: number,
  keep: Uint8Array,
): number {
  const nTerms = keep.length;
  // document and total frequencies, by sorted column
  const df = new Float64Array(nTerms);
  const tf = new Float64Array(nTerms);
  const { indices, counts } = counted;
  for (let k = 0; k < indices.length; k++) {
    const r = rankOf[indices[k]!]!;
    df[r]! += 1;
    tf[r]! += counts[k]!;
  }
  let kept = 0;
  for (let r = 0; r < nTerms; r++) {
    if (df[r]! <= maxDocCount && df[r]! >= minDocCount) {
      keep[r] = 1;
      kept++;
    }
  }
  if (limits.maxFeatures !== null && kept > limits.maxFeatures) {
    const masked = new Int32Array(kept);
    let m = 0;
    for (let r = 0; r < nTerms; r++) if (keep[r] === 1) masked[m++] = r;
    const negTf = Float64Array.from(masked, (r) => -tf[r]!);
    const best = numpyArgsort(negTf).subarray(0, limits.maxFeatures);
    keep.fill(0);
    for (const i of best) keep[masked[i]!] = 1;
    kept = limits.maxFeatures;
  }
  return kept;
}

/** Maps every row's ids to columns, drops the cut ones and sorts each row by column. */
function renumberRows(counted: CountedDocuments, columnOfId: Int32Array, nColumns: number): CountedDocuments {
  const { nRows, indptr, indices, counts } = counted;
  const outIndptr = new Int32Array(nRows + 1);
  const outIndices = new Int32Array(indices.length);
  const outCounts = new Float64Array(indices.length);
  const scratch = new Float64Array(nColumns);
  let nnz = 0;
  for (let i = 0; i < nRows; i++) {
    const start = nnz;
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
      const c = columnOfId[indices[k]!]!;
      if (c < 0) continue;
      outIndices[nnz++] = c;
      scratch[c] = counts[k]!;
    }
    const row = outIndices.subarray(start, nnz);
    row.sort();
    for (let k = start; k < nnz; k++) outCounts[k] = scratch[outIndices[k]!]!;
    outIndptr[i + 1] = nnz;
  }
  return {
    nRows,
    indptr: outIndptr,
    indices: nnz === indices.length ? outIndices : outIndices.slice(0, nnz),
    counts: nnz === indices.length ? outCounts : outCounts.slice(0, nnz),
  };
}
