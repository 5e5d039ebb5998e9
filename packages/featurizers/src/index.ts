/**
 * `@icepickle/featurizers`: scikit-learn's text vectorizers and scalers, identical to scikit-learn's output, and
 * pipeline files.
 *
 * @module @icepickle/featurizers
 */
export {
  HashingVectorizer,
  DEFAULT_TOKEN_PATTERN,
  type Analyzer,
  type Document,
  type HashingVectorizerParams,
  type SklearnHashingParams,
} from './hashing-vectorizer.js';
export { murmurhash3_32 } from './murmurhash3.js';
export { ENGLISH_STOP_WORDS } from './stop-words.js';
export type { StripAccents } from './analyzers.js';
export {
  PYTHON_UNICODE_VERSION,
  PYTHON_VERSION,
  pythonLower,
  pythonNfkd,
  stripAccentsAscii,
  stripAccentsUnicode,
} from './python-unicode.js';
export { translatePythonPattern, type TranslatedPattern } from './python-regex.js';
export {
  savePipeline,
  loadPipeline,
  loadPipelineWith,
  LoadedPipeline,
  type LoadPipelineOptions,
  type StepClass,
  PIPELINE_KEYS,
  STATE_KEYS,
  PIPELINE_SPEC_VERSION,
  type SavePipelineOptions,
  type PipelineLike,
} from './pipeline-file/index.js';
export {
  CountVectorizer,
  type CountVectorizerParams,
  type CountVectorizerState,
} from './count-vectorizer.js';
export {
  TfidfTransformer,
  type TfidfParams,
  type TfidfTransformerState,
} from './tfidf-transformer.js';
export {
  TfidfVectorizer,
  type TfidfVectorizerParams,
  type TfidfVectorizerState,
} from './tfidf-vectorizer.js';
export type { VocabularyInput } from './vocabulary.js';
export type { VectorizerOptions } from './unused-params.js';
export {
  StandardScaler,
  MinMaxScaler,
  MaxAbsScaler,
  Normalizer,
  type StandardScalerParams,
  type StandardScalerState,
  type StandardScalerFitOptions,
  type MinMaxScalerParams,
  type MinMaxScalerState,
  type MaxAbsScalerParams,
  type MaxAbsScalerState,
  type Norm,
  type NormalizerParams,
  type NormalizerState,
} from './preprocessing/index.js';
