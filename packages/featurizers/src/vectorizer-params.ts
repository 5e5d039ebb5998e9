/**
 * CountVectorizer's options (sklearn/feature_extraction/text.py, 1.2.1 `_parameter_constraints`), which
 * TfidfVectorizer shares: HashingVectorizer's analysis options plus document-frequency limits, max_features,
 * a given vocabulary, binary and dtype.
 *
 * JavaScript has one number type, so max_df / min_df follow scikit-learn's int-or-float rule by value:
 * minDf ≥ 1 is a document count (an integer), below 1 a proportion; maxDf ≤ 1 is a proportion (so the
 * default 1 means 1.0, every document), above 1 a count. `min_df=1.0` and `max_df=1` (int) are the two
 * scikit-learn settings this cannot express; toSklearnParams writes the numbers as they are.
 */
import { ANALYSIS_DEFAULTS, type AnalysisParams } from './text-analysis.js';
import type { FeatureLimits } from './limit-features.js';
import { badParameter } from './sklearn-params.js';
import { checkVocabulary, type VocabularyInput } from './vocabulary.js';

/**
 * Options of {@link CountVectorizer}: scikit-learn 1.2.1's parameters, camelCased, with its defaults and meanings (the
 * text analysis ones are {@link HashingVectorizerParams}').
 */
export interface CountVectorizerParams extends AnalysisParams {
  /**
   * Ignore terms whose document frequency is strictly higher (corpus-specific stop words): at most 1 a proportion of
   * the documents, above 1 a count. Ignored when `vocabulary` is given.
   * @defaultValue 1 (every document)
   */
  maxDf: number;
  /**
   * Ignore terms whose document frequency is strictly lower (the cut-off): 1 or more a count, below 1 a proportion.
   * Ignored when `vocabulary` is given.
   * @defaultValue 1
   */
  minDf: number;
  /**
   * When not `null`, keep only the `maxFeatures` terms most frequent across the corpus. Ignored when `vocabulary` is
   * given.
   * @defaultValue null
   */
  maxFeatures: number | null;
  /**
   * A fixed vocabulary (term → column, or terms in column order) instead of one learned from the documents; columns
   * must be 0..n-1 without repeats or gaps.
   * @defaultValue null
   */
  vocabulary: VocabularyInput | null;
  /**
   * If true, every non-zero count is set to 1 (for probabilistic models of binary events rather than counts).
   * @defaultValue false
   */
  binary: boolean;
  /**
   * 'int64' (scikit-learn's default for CountVectorizer: integer counts; ours are returned as float64
   * values, equal to them), 'float64' or 'float32' (data as a Float32Array).
   * @defaultValue 'int64'
   */
  dtype: 'int64' | 'float64' | 'float32';
}

/** The defaults of {@link CountVectorizerParams}, scikit-learn 1.2.1's. */
export const COUNT_DEFAULTS: CountVectorizerParams = {
  ...ANALYSIS_DEFAULTS,
  maxDf: 1,
  minDf: 1,
  maxFeatures: null,
  vocabulary: null,
  binary: false,
  dtype: 'int64',
};

/** camelCase option → scikit-learn parameter name. */
export const COUNT_SKLEARN_NAMES: Readonly<Record<keyof CountVectorizerParams, string>> = {
  input: 'input',
  encoding: 'encoding',
  decodeError: 'decode_error',
  stripAccents: 'strip_accents',
  lowercase: 'lowercase',
  preprocessor: 'preprocessor',
  tokenizer: 'tokenizer',
  stopWords: 'stop_words',
  tokenPattern: 'token_pattern',
  ngramRange: 'ngram_range',
  analyzer: 'analyzer',
  maxDf: 'max_df',
  minDf: 'min_df',
  maxFeatures: 'max_features',
  vocabulary: 'vocabulary',
  binary: 'binary',
  dtype: 'dtype',
};

/** The names of the text analysis options. */
export const ANALYSIS_KEYS = Object.keys(ANALYSIS_DEFAULTS) as (keyof AnalysisParams)[];

/** The text analysis options of `p`. */
export function analysisParams(p: AnalysisParams): AnalysisParams {
  const out = {} as Record<string, unknown>;
  for (const key of ANALYSIS_KEYS) out[key] = p[key];
  return out as unknown as AnalysisParams;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The df limits and max_features as fit uses them; INVALID_PARAMETER for values scikit-learn rejects. */
export function checkLimits(p: CountVectorizerParams, scope: string): FeatureLimits {
  const { maxDf, minDf, maxFeatures } = p;
  if (!isNumber(maxDf) || maxDf < 0 || (maxDf > 1 && !Number.isInteger(maxDf))) {
    throw badParameter(
      scope,
      `maxDf must be a proportion in [0, 1] or an integer document count >= 1, got ${JSON.stringify(maxDf)}`,
    );
  }
  if (!isNumber(minDf) || minDf < 0 || (minDf > 1 && !Number.isInteger(minDf))) {
    throw badParameter(
      scope,
      `minDf must be a proportion in [0, 1) or an integer document count >= 1, got ${JSON.stringify(minDf)}`,
    );
  }
  if (maxFeatures !== null && !(Number.isInteger(maxFeatures) && maxFeatures >= 1)) {
    throw badParameter(scope, `maxFeatures must be an integer >= 1 or null, got ${JSON.stringify(maxFeatures)}`);
  }
  return { maxDf, maxDfIsCount: maxDf > 1, minDf, minDfIsCount: minDf >= 1, maxFeatures };
}

/** Checks the options specific to CountVectorizer; returns the given vocabulary as a Map, or null. */
export function checkCountParams(
  p: CountVectorizerParams,
  scope: string,
  dtypes: readonly string[],
): { limits: FeatureLimits; vocabulary: Map<string, number> | null } {
  const limits = checkLimits(p, scope);
  if (typeof p.binary !== 'boolean')
    throw badParameter(scope, `binary must be a boolean, got ${JSON.stringify(p.binary)}`);
  if (!dtypes.includes(p.dtype)) {
    throw badParameter(scope, `dtype must be one of ${dtypes.join(', ')}, got ${JSON.stringify(p.dtype)}`);
  }
  const vocabulary = p.vocabulary === null ? null : checkVocabulary(p.vocabulary, scope);
  return { limits, vocabulary };
}
