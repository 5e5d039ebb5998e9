/**
 * On-disk names, in one place. Python icepickle's save_coefficients writes exactly the three datasets;
 * everything else here is ours and Python ignores it (attributes, and extra datasets under
 * `/icepickle/`).
 */
export const DATASET = {
  /** The coefficient matrix, coef_. */
  coef: 'coef',
  /** The intercept(s), intercept_. */
  intercept: 'intercept',
  /** The class labels, classes_. */
  classes: 'classes',
} as const;

/** Root attributes we write (snake_case, as Python would name them). */
export const ATTR = {
  /** 'icepickle': the file was written by this library. */
  format: 'icepickle_format',
  /** The version of our attribute layout (semver). */
  formatVersion: 'icepickle_format_version',
  /** What wrote the file (package name). */
  producer: 'producer',
  /** Its version. */
  producerVersion: 'producer_version',
  /** The estimator's class name, as scikit-learn's. */
  estimator: 'estimator',
  /** scikit-learn's get_params(), JSON. */
  params: 'params',
  /** Our camelCase params, JSON. */
  paramsCamel: 'params_camel',
  /** The number of features, n_features_in_. */
  nFeaturesIn: 'n_features_in',
  /** How the class labels are stored. */
  classDType: 'classes_dtype',
  /** When the file was written (ISO 8601). */
  createdAt: 'created_at',
  /** User-supplied metadata, JSON. */
  metadata: 'metadata',
} as const;

/** The value of the `icepickle_format` attribute. */
export const FORMAT_NAME = 'icepickle';
/** The version of our attribute layout (semver). Files without it are plain Python icepickle files. */
export const FORMAT_VERSION = '1.0.0';
