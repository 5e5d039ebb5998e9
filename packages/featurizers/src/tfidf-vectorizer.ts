/**
 * scikit-learn's TfidfVectorizer (1.2.1, sklearn/feature_extraction/text.py): CountVectorizer followed by
 * TfidfTransformer, with the options of both. dtype is float64 (default) or float32, as scikit-learn allows.
 */
import {
  type CsrMatrix,
  type DecisionWeights,
  IcepickleError,
  NotFittedError,
  isIcepickleError,
} from '@icepickle/core';
import { CountVectorizer, type CountVectorizerState } from './count-vectorizer.js';
import type { Document } from './hashing-vectorizer.js';
import { checkOptionNames, dtypeName, fromSklearnNames, vocabularyFromJson } from './sklearn-params.js';
import {
  TFIDF_DEFAULTS,
  TFIDF_SKLEARN_NAMES,
  type TfidfParams,
  applyTfidf,
  checkIdf,
  checkTfidfParams,
  computeIdf,
  documentFrequency,
} from './tfidf-transformer.js';
import type { VectorizerOptions } from './unused-params.js';
import { COUNT_DEFAULTS, COUNT_SKLEARN_NAMES, type CountVectorizerParams } from './vectorizer-params.js';

/**
 * Options of {@link TfidfVectorizer}: CountVectorizer's and TfidfTransformer's, as scikit-learn 1.2.1's TfidfVectorizer
 * (defaults and meanings on each).
 */
export interface TfidfVectorizerParams extends Omit<CountVectorizerParams, 'dtype'>, TfidfParams {
  /**
   * The type of the output's values: 'float64' (Float64Array) or 'float32' (Float32Array).
   * @defaultValue 'float64'
   */
  dtype: 'float64' | 'float32';
}

/** What {@link TfidfVectorizer.fit} learns, as saved in pipeline files: the vocabulary and the idf vector. */
/**
 * What {@link TfidfVectorizer.fit} learns, as saved in pipeline files: CountVectorizer's vocabulary, and the idf.
 * @property idf_ - The inverse document frequency of each column (null when useIdf is false).
 */
export type TfidfVectorizerState = CountVectorizerState & { idf_: Float64Array | null };

const SCOPE = 'TfidfVectorizer';
const DEFAULTS: TfidfVectorizerParams = { ...COUNT_DEFAULTS, ...TFIDF_DEFAULTS, dtype: 'float64' };
const SKLEARN_NAMES: Readonly<Record<keyof TfidfVectorizerParams, string>> = {
  ...COUNT_SKLEARN_NAMES,
  ...TFIDF_SKLEARN_NAMES,
};

/** Errors of the inner CountVectorizer, told as this class's. */
function asOurs(error: unknown): unknown {
  if (isIcepickleError(error) && error.scope === 'CountVectorizer') {
    if (error.code === 'NOT_FITTED') return new NotFittedError(SCOPE);
    return new IcepickleError(error.code, { scope: SCOPE, detail: error.detail, cause: error });
  }
  return error;
}
function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asOurs(e);
  }
}

function split(p: TfidfVectorizerParams): { count: CountVectorizerParams; tfidf: TfidfParams } {
  const count = {} as Record<string, unknown>;
  for (const key of Object.keys(COUNT_DEFAULTS)) count[key] = p[key as keyof TfidfVectorizerParams];
  const { norm, useIdf, smoothIdf, sublinearTf } = p;
  return { count: count as unknown as CountVectorizerParams, tfidf: { norm, useIdf, smoothIdf, sublinearTf } };
}

/**
 * Text documents to a matrix of tf-idf features, as scikit-learn 1.2.1's TfidfVectorizer (CountVectorizer, then
 * TfidfTransformer), up to the last bits.
 */
export class TfidfVectorizer {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'TfidfVectorizer' as const;
  private params: TfidfVectorizerParams;
  private counter: CountVectorizer;
  private idf: Float64Array | null | undefined;

  constructor(options: Partial<TfidfVectorizerParams> & VectorizerOptions = {}) {
    const { logger, ...params } = options ?? {};
    checkOptionNames(SCOPE, params, DEFAULTS);
    const p = { ...DEFAULTS, ...params };
    if (p.dtype !== 'float64' && p.dtype !== 'float32') {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: SCOPE,
        detail: `dtype must be 'float64' or 'float32', got ${JSON.stringify(p.dtype)}`,
      });
    }
    const { count, tfidf } = split(p);
    checkTfidfParams(tfidf, SCOPE);
    this.counter = run(() => new CountVectorizer({ ...count, logger }));
    this.params = p;
  }

  /** Every option, as given. */
  getParams(): TfidfVectorizerParams {
    return { ...this.params };
  }

  /** Changes options (checked as the constructor does); the fitted state is kept until the next fit. */
  setParams(params: Partial<TfidfVectorizerParams>): this {
    checkOptionNames(SCOPE, params, DEFAULTS);
    const next = { ...this.params, ...params };
    new TfidfVectorizer(next); // validates everything, sets nothing here if it throws
    run(() => this.counter.setParams(split(next).count));
    this.params = next;
    return this;
  }

  /** The options as scikit-learn's `get_params()` names them (snake_case); functions cannot be written. */
  toSklearnParams(): Record<string, unknown> {
    const out = run(() => this.counter.toSklearnParams());
    for (const [ts, py] of Object.entries(TFIDF_SKLEARN_NAMES)) out[py] = this.params[ts as keyof TfidfParams];
    return out;
  }

  /** A TfidfVectorizer from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): TfidfVectorizer {
    const options = fromSklearnNames(SCOPE, params, SKLEARN_NAMES);
    if ('dtype' in options) options.dtype = dtypeName(options.dtype);
    if ('vocabulary' in options) options.vocabulary = vocabularyFromJson(options.vocabulary);
    return new TfidfVectorizer(options as Partial<TfidfVectorizerParams>);
  }

  /** Learns the vocabulary and idf of the documents. */
  fit(documents: Iterable<Document>): this {
    this.fitTransform(documents);
    return this;
  }

  /** Learns vocabulary and idf, and returns the tf-idf of the same documents (counted once). */
  fitTransform(documents: Iterable<Document>): CsrMatrix {
    const counts = run(() => this.counter.toMatrix(this.counter.fitCounts(documents)));
    const p = this.params;
    this.idf = p.useIdf
      ? computeIdf(documentFrequency(counts), counts.nRows, p.smoothIdf, p.dtype === 'float32')
      : null;
    return applyTfidf(counts, this.idf, split(p).tfidf, true);
  }

  /** The documents' tf-idf rows, with the fitted vocabulary and idf. */
  transform(documents: Iterable<Document>): CsrMatrix {
    if (this.idf === undefined) throw new NotFittedError(SCOPE);
    const counts = run(() => this.counter.toMatrix(this.counter.transformCounts(documents)));
    return applyTfidf(counts, this.idf, split(this.params).tfidf, true);
  }

  /**
   * @internal core's `Transformer.decisionThrough`: a linear model's decisions on the tf-idf of the documents,
   * the same values as transform then decide, without the tf-idf matrix (tfidf-decision.ts).
   */
  decisionThrough(documents: unknown, w: DecisionWeights): Float64Array | null {
    if (this.idf === undefined || this.params.dtype !== 'float64') return null;
    const idf = this.idf;
    return run(() => this.counter.decisionRows(documents, w, { idf, tfidf: split(this.params).tfidf }));
  }

  /** The terms, in column order. */
  getFeatureNamesOut(): string[] {
    return run(() => this.counter.getFeatureNamesOut());
  }

  /** Each term's column (scikit-learn's `vocabulary_`); throws NOT_FITTED before fit. */
  get vocabulary_(): Map<string, number> {
    return run(() => this.counter.vocabulary_);
  }

  /** Terms cut by minDf / maxDf / maxFeatures (scikit-learn's `stop_words_`). */
  get stopWords_(): Set<string> {
    return run(() => this.counter.stopWords_);
  }

  /** NotFittedError before fit or when useIdf is false (scikit-learn's `idf_` property). */
  get idf_(): Float64Array {
    if (this.idf === undefined || this.idf === null) throw new NotFittedError(SCOPE);
    return this.idf;
  }

  /** What fit learned, for saving. */
  getFittedState(): TfidfVectorizerState {
    if (this.idf === undefined) throw new NotFittedError(SCOPE);
    return { ...run(() => this.counter.getFittedState()), idf_: this.idf === null ? null : this.idf.slice() };
  }

  /** Restores vocabulary_, stopWords_ and idf_, all checked before any is set (INVALID_INPUT naming it). */
  setFittedState(state: TfidfVectorizerState): this {
    if (typeof state !== 'object' || state === null) {
      throw new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: 'the fitted state must be an object' });
    }
    let idf: Float64Array | null = null;
    if (this.params.useIdf) idf = checkIdf(state.idf_, SCOPE).slice();
    else if (state.idf_ !== null) {
      throw new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: 'idf_ must be null when useIdf is false' });
    }
    const probe = new CountVectorizer();
    run(() => probe.setFittedState(state));
    if (idf !== null && idf.length !== probe.vocabulary_.size) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: SCOPE,
        detail: `idf_ has ${idf.length} entries but vocabulary_ has ${probe.vocabulary_.size} terms`,
      });
    }
    run(() => this.counter.setFittedState(state));
    this.idf = idf;
    return this;
  }
}
