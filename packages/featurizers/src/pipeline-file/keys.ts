/**
 * On-disk names of pipeline files, in one table: Python's (snake_case) names, never derived from
 * TypeScript names. python/icepickle_ts/_keys.py holds the same table; a test keeps them equal.
 */
export const PIPELINE_KEYS = {
  /** Root attribute: the pipeline's structure and parameters, JSON. */
  specAttr: 'pipeline',
  /** Root attribute: what the file holds (`pipeline`). */
  kindAttr: 'icepickle_kind',
  /** Group of the final estimator: coef, intercept, classes as Python icepickle writes them. */
  estimatorGroup: '/estimator',
  /** Groups of the steps before it: /steps/<i>, and /steps/<i>/<j> for the parts of a union. */
  stepsGroup: '/steps',
} as const;

/** The version of the `pipeline` attribute's JSON written by savePipeline (format 1 had kind PartialPipeline). */
export const PIPELINE_SPEC_VERSION = 2;

/** Fitted state: the class's attribute (TypeScript name) → dataset or attribute name in the step's group. */
export const STATE_KEYS = {
  /** Vectorizers: the vocabulary's terms (UTF-8 strings), in column order. */
  vocabularyTerms: 'vocabulary_terms',
  /** Vectorizers: each term's column. */
  vocabularyColumns: 'vocabulary_columns',
  /** Vectorizers: the terms cut by minDf / maxDf / maxFeatures. */
  stopWords_: 'stop_words',
  /** TfidfTransformer / TfidfVectorizer: the inverse document frequencies. */
  idf_: 'idf',
  /** StandardScaler: the means. */
  mean_: 'mean',
  /** StandardScaler: the variances. */
  var_: 'var',
  /** Scalers: the per-feature scaling. */
  scale_: 'scale',
  /** MinMaxScaler: the per-feature adjustment for the minimum. */
  min_: 'min',
  /** MinMaxScaler: the per-feature minimum seen. */
  dataMin_: 'data_min',
  /** MinMaxScaler: the per-feature maximum seen. */
  dataMax_: 'data_max',
  /** MinMaxScaler: the per-feature range seen. */
  dataRange_: 'data_range',
  /** MaxAbsScaler: the per-feature maximum absolute value. */
  maxAbs_: 'max_abs',
  /** Scalers: the number of samples seen. */
  nSamplesSeen_: 'n_samples_seen',
  /** Every step: the number of features seen by fit. */
  nFeaturesIn_: 'n_features_in',
} as const;
