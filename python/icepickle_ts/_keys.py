"""On-disk names, the same table as packages/featurizers/src/pipeline-file/keys.ts (a test keeps them equal)."""

PIPELINE_KEYS = {
    "specAttr": "pipeline",
    "kindAttr": "icepickle_kind",
    "estimatorGroup": "/estimator",
    "stepsGroup": "/steps",
}

PIPELINE_SPEC_VERSION = 2

STATE_KEYS = {
    "vocabularyTerms": "vocabulary_terms",
    "vocabularyColumns": "vocabulary_columns",
    "stopWords_": "stop_words",
    "idf_": "idf",
    "mean_": "mean",
    "var_": "var",
    "scale_": "scale",
    "min_": "min",
    "dataMin_": "data_min",
    "dataMax_": "data_max",
    "dataRange_": "data_range",
    "maxAbs_": "max_abs",
    "nSamplesSeen_": "n_samples_seen",
    "nFeaturesIn_": "n_features_in",
}

# Root attributes of every file we write (as @icepickle/core's format/keys.ts).
FORMAT_NAME = "icepickle"
FORMAT_VERSION = "1.0.0"
