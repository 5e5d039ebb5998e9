/**
 * scikit-learn's CountVectorizer (1.2.1, sklearn/feature_extraction/text.py): documents → a CSR matrix of
 * term counts over a vocabulary learnt by fit (or given), with the same analysis as HashingVectorizer, the
 * same vocabulary order (terms sorted by code point), the same min_df / max_df / max_features pruning and the
 * same `stop_words_`. Counts are returned as float64 (or float32) values; scikit-learn's default dtype is
 * int64, whose values are the same numbers.
 */
import { CsrMatrix, type DecisionWeights, IcepickleError, type Logger, NotFittedError } from '@icepickle/core';
import type { Document } from './hashing-vectorizer.js';
import { limitFeatures, type FeatureLimits } from './limit-features.js';
import { checkOptionNames, dtypeName, fromSklearnNames, toSklearnNames, vocabularyFromJson } from './sklearn-params.js';
import {
  FixedVocabulary,
  GrowingVocabulary,
  countDocuments,
  countRows,
  type CountedDocuments,
} from './term-counter.js';
import { DecisionRows, type RowScaling } from './tfidf-decision.js';
import { TextAnalysis } from './text-analysis.js';
import {
  COUNT_DEFAULTS,
  COUNT_SKLEARN_NAMES,
  analysisParams,
  checkCountParams,
  type CountVectorizerParams,
} from './vectorizer-params.js';
import { type VectorizerOptions, warnUnusedParams } from './unused-params.js';
import { checkVocabulary, termsByColumn } from './vocabulary.js';

export type { CountVectorizerParams } from './vectorizer-params.js';

/** What {@link CountVectorizer.fit} learns, as saved in pipeline files. */
export interface CountVectorizerState {
  /** Each term's column. */
  vocabulary_: Map<string, number>;
  /** Terms cut by min_df / max_df / max_features (scikit-learn's `stop_words_`); empty for a given vocabulary. */
  stopWords_: Set<string>;
}

const SCOPE = 'CountVectorizer';
/** Counts as they are: no tf-idf scaling and no norm. */
const NO_TFIDF = { norm: null, useIdf: false, smoothIdf: false, sublinearTf: false } as const;
const DTYPES = ['int64', 'float64', 'float32'] as const;

/** Validated, ready-to-run options. */
interface Compiled {
  analysis: TextAnalysis;
  limits: FeatureLimits;
  vocabulary: Map<string, number> | null;
}

/**
 * Text documents to a matrix of token counts, as scikit-learn 1.2.1's CountVectorizer: the same vocabulary, columns and
 * counts (terms in Python's code-point order).
 */
export class CountVectorizer {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'CountVectorizer' as const;
  private params: CountVectorizerParams;
  private compiled: Compiled;
  private fitted: { vocabulary: Map<string, number>; stopWords: Set<string>; lookup: FixedVocabulary } | undefined;

  private readonly logger: Logger | undefined;

  /** Options are checked here (unknown names and bad values: INVALID_PARAMETER). */
  constructor(options: Partial<CountVectorizerParams> & VectorizerOptions = {}) {
    const { logger, ...params } = options ?? {};
    checkOptionNames(SCOPE, params, COUNT_DEFAULTS);
    this.params = { ...COUNT_DEFAULTS, ...params };
    this.compiled = compile(this.params, SCOPE);
    this.logger = logger;
  }

  /** Every option, as given. */
  getParams(): CountVectorizerParams {
    return { ...this.params };
  }

  /** Changes options (checked as the constructor does); a fitted vocabulary is kept until the next fit. */
  setParams(params: Partial<CountVectorizerParams>): this {
    checkOptionNames(SCOPE, params, COUNT_DEFAULTS);
    const next = { ...this.params, ...params };
    this.compiled = compile(next, SCOPE);
    this.params = next;
    return this;
  }

  /** scikit-learn's `get_params()` as JSON: snake_case, tuples as arrays, a given vocabulary as its terms by column. */
  toSklearnParams(): Record<string, unknown> {
    const out = toSklearnNames(SCOPE, this.params, COUNT_SKLEARN_NAMES);
    if (this.compiled.vocabulary !== null) out.vocabulary = termsByColumn(this.compiled.vocabulary);
    if (this.params.stopWords !== null && typeof this.params.stopWords !== 'string')
      out.stop_words = [...this.params.stopWords];
    return out;
  }

  /** A CountVectorizer from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): CountVectorizer {
    const options = fromSklearnNames(SCOPE, params, COUNT_SKLEARN_NAMES);
    if ('dtype' in options) options.dtype = dtypeName(options.dtype);
    if ('vocabulary' in options) options.vocabulary = vocabularyFromJson(options.vocabulary);
    return new CountVectorizer(options as Partial<CountVectorizerParams>);
  }

  /** Learns the vocabulary (and `stopWords_`) from the documents. */
  fit(documents: Iterable<Document>): this {
    this.fitTransform(documents);
    return this;
  }

  /** fit, then the counts of the same documents (computed once, as scikit-learn's fit_transform). */
  fitTransform(documents: Iterable<Document>): CsrMatrix {
    return this.toMatrix(this.fitCounts(documents));
  }

  /** Term counts of each document over the fitted (or given) vocabulary; unknown terms are ignored. */
  transform(documents: Iterable<Document>): CsrMatrix {
    return this.toMatrix(this.transformCounts(documents));
  }

  /** The terms in column order (scikit-learn's `get_feature_names_out()`). */
  getFeatureNamesOut(): string[] {
    return termsByColumn(this.state().vocabulary);
  }

  /** Term → column. Read-only: change it through setFittedState. */
  get vocabulary_(): Map<string, number> {
    return this.state().vocabulary;
  }

  /** Terms cut by minDf / maxDf / maxFeatures (scikit-learn's `stop_words_`). */
  get stopWords_(): Set<string> {
    return this.state().stopWords;
  }

  /** What fit learned, for saving. */
  getFittedState(): CountVectorizerState {
    const s = this.state();
    return { vocabulary_: new Map(s.vocabulary), stopWords_: new Set(s.stopWords) };
  }

  /** Restores a fitted state (checked whole before anything is set: INVALID_INPUT naming the attribute). */
  setFittedState(state: CountVectorizerState): this {
    if (typeof state !== 'object' || state === null) {
      throw new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: 'the fitted state must be an object' });
    }
    const vocabulary = checkVocabulary(
      state.vocabulary_ instanceof Map ? state.vocabulary_ : null,
      SCOPE,
      'vocabulary_',
      'INVALID_INPUT',
    );
    const stopWords = state.stopWords_;
    if (!(stopWords instanceof Set) || [...stopWords].some((w) => typeof w !== 'string')) {
      throw new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: 'stopWords_ must be a Set of strings' });
    }
    this.fitted = { vocabulary, stopWords: new Set(stopWords), lookup: new FixedVocabulary(vocabulary) };
    return this;
  }

  /** @internal fit's counts (TfidfVectorizer builds on them). */
  fitCounts(documents: Iterable<Document>): CountedDocuments {
    checkDocuments(documents);
    warnUnusedParams(this.params, this.logger);
    const { analysis, limits, vocabulary } = this.compiled;
    if (vocabulary !== null) {
      const lookup = new FixedVocabulary(vocabulary);
      const counts = countDocuments(documents, analysis, lookup, true);
      if (this.params.binary) counts.counts.fill(1);
      this.fitted = { vocabulary, stopWords: new Set(), lookup };
      return counts;
    }
    const growing = new GrowingVocabulary();
    const counted = countDocuments(documents, analysis, growing, false);
    if (this.params.binary) counted.counts.fill(1);
    const fitted = limitFeatures(counted, growing.terms(), limits, SCOPE);
    this.fitted = {
      vocabulary: fitted.vocabulary,
      stopWords: fitted.stopWords,
      lookup: new FixedVocabulary(fitted.vocabulary),
    };
    return fitted.counts;
  }

  /** @internal transform's counts. */
  transformCounts(documents: Iterable<Document>): CountedDocuments {
    checkDocuments(documents);
    const counts = countDocuments(documents, this.compiled.analysis, this.state().lookup, true);
    if (this.params.binary) counts.counts.fill(1);
    return counts;
  }

  /**
   * @internal core's `Transformer.decisionThrough`: a linear model's decisions on the counts of the documents,
   * without the count matrix (tfidf-decision.ts); null when it does not apply (the pipeline then transforms).
   */
  decisionThrough(documents: unknown, w: DecisionWeights): Float64Array | null {
    return this.decisionRows(documents, w, { idf: null, tfidf: NO_TFIDF });
  }

  /** @internal decisionThrough after the counts are scaled as given (TfidfVectorizer's). */
  decisionRows(documents: unknown, w: DecisionWeights, scaling: Omit<RowScaling, 'binary'>): Float64Array | null {
    // float32 counts and an unfitted vectorizer take the usual path (which says what is missing)
    if (!Array.isArray(documents) || this.params.dtype === 'float32') return null;
    if (this.fitted === undefined && this.compiled.vocabulary === null) return null;
    const { vocabulary, lookup } = this.state();
    if (vocabulary.size !== w.nFeatures) return null;
    const out = new DecisionRows(documents.length, { ...scaling, binary: this.params.binary }, w);
    countRows(documents, this.compiled.analysis, lookup, true, out);
    return out.finish();
  }

  /** @internal the counts as scikit-learn's CSR, in this vectorizer's dtype (float64 data taken over, not copied). */
  toMatrix(c: CountedDocuments): CsrMatrix {
    const data = this.params.dtype === 'float32' ? Float32Array.from(c.counts) : c.counts;
    return new CsrMatrix(
      { indptr: c.indptr, indices: c.indices, data, shape: [c.nRows, this.state().vocabulary.size] },
      { validate: false },
    );
  }

  /** The fitted vocabulary; a given vocabulary counts as fitted (scikit-learn's `_check_vocabulary`). */
  private state(): NonNullable<CountVectorizer['fitted']> {
    if (this.fitted === undefined && this.compiled.vocabulary !== null) {
      const vocabulary = this.compiled.vocabulary;
      this.fitted = { vocabulary, stopWords: new Set(), lookup: new FixedVocabulary(vocabulary) };
    }
    if (this.fitted === undefined) throw new NotFittedError(SCOPE);
    return this.fitted;
  }
}

function compile(p: CountVectorizerParams, scope: string, dtypes: readonly string[] = DTYPES): Compiled {
  const { limits, vocabulary } = checkCountParams(p, scope, dtypes);
  return { analysis: new TextAnalysis(analysisParams(p), scope), limits, vocabulary };
}

/** scikit-learn refuses a bare string ("Iterable over raw text documents expected"). */
export function checkDocuments(documents: unknown, scope = SCOPE): void {
  if (typeof documents === 'string') {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: 'Iterable over raw text documents expected, string object received.',
    });
  }
  if (
    documents === null ||
    typeof documents !== 'object' ||
    typeof (documents as Iterable<unknown>)[Symbol.iterator] !== 'function'
  ) {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: `documents must be an iterable of strings or Uint8Arrays, got ${documents === null ? 'null' : typeof documents}`,
    });
  }
}
