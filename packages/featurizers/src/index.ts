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
  LoadedPipeline,
  PIPELINE_KEYS,
  STATE_KEYS,
  PIPELINE_SPEC_VERSION,
  type SavePipelineOptions,
  type PipelineLike,
} from './pipeline-file/index.js';
