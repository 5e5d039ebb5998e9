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
  vocabularyTerms: 'vocabulary_terms',
  vocabularyColumns: 'vocabulary_columns',
  stopWords_: 'stop_words',
  idf_: 'idf',
  mean_: 'mean',
  var_: 'var',
  scale_: 'scale',
  min_: 'min',
  dataMin_: 'data_min',
  dataMax_: 'data_max',
  dataRange_: 'data_range',
  maxAbs_: 'max_abs',
  nSamplesSeen_: 'n_samples_seen',
  nFeaturesIn_: 'n_features_in',
} as const;
