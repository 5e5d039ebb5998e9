export { ParameterGrid, type ParamGridInput, type ParamSet } from './parameter-grid.js';
export {
  ParameterSampler,
  sampleWithoutReplacement,
  type ParamDistributions,
  type ParameterSamplerOptions,
} from './parameter-sampler.js';
export { uniform, loguniform, randint, isDistribution, type Distribution } from './distributions.js';
export { SearchRandom } from './search-random.js';
export { KFold, type KFoldOptions } from './k-fold.js';
export { StratifiedKFold, type StratifiedKFoldOptions } from './stratified-k-fold.js';
export type { CrossValidator, Split } from './splitters.js';
export {
  getScorer,
  scoringNames,
  f1Score,
  rocAucScore,
  meanSquaredError,
  meanAbsoluteError,
  logLoss,
  type Scoring,
  type ScoringName,
  type ScoringFunction,
  type SearchEstimator,
} from './scoring.js';
export { crossValScore, type CrossValScoreOptions } from './cross-val-score.js';
export { BaseSearchCV, type SearchOptions } from './base-search.js';
export { GridSearchCV } from './grid-search-cv.js';
export { RandomizedSearchCV, type RandomizedSearchOptions } from './randomized-search-cv.js';
export { type CvResults, rankMin } from './cv-results.js';
export type { SearchProgress } from './progress.js';
export type { TaskResult } from './fit-and-score.js';
export type { SearchDocument, CheckpointMismatch } from './checkpoint.js';
export { Fingerprint } from './fingerprint.js';
export type { SearchInput, Targets } from './rows.js';
export { precisionRecallFscore, balancedAccuracyScore, type Average } from './classification-metrics.js';
