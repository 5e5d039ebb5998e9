export {
  loadCoefficients,
  readCoefficients,
  readMetadata,
  openChecked,
  type LoadOptions,
} from './load-coefficients.js';
export {
  saveCoefficients,
  modelDatasets,
  modelContent,
  modelAttributes,
  type SaveOptions,
} from './save-coefficients.js';
export { createCoefficientWriter, CoefficientWriter, type CoefficientWriterOptions } from './coefficient-writer.js';
export { coefLayouts, type CoefLayout, type LayoutOptions } from './layouts.js';
export {
  findViolations,
  assertStrictProfile,
  declaredBytes,
  ALLOWED_FILTERS,
  type Violation,
} from './strict-profile.js';
export { defaultLoadLimits, expansionBound, type LoadLimits } from './limits.js';
export { DATASET, ATTR, FORMAT_NAME, FORMAT_VERSION } from './keys.js';
export { PRODUCER, PRODUCER_VERSION } from './producer.js';
export { writeWithProgress, type WriteProgressOptions } from './write-with-progress.js';
export { ModelCollection, type CollectionEntry, type CollectionOptions } from './collection.js';
export { parseMetadata, type ModelMetadata } from './metadata.js';
export {
  openLinearModel,
  LazyLinearModel,
  type OpenLinearModelOptions,
  type LazyModelStats,
  type LazyPredictOptions,
} from './lazy-model.js';
export { openLinearModelWith } from './open-linear-model-with.js';
export { ColumnCache } from './column-cache.js';
export { convertModelFile, type ConvertOptions } from './convert.js';
export {
  trainingStateDatasets,
  applyTrainingState,
  TRAINING_STATE_GROUP,
  TRAINING_STATE_VERSION,
} from './training-state.js';
