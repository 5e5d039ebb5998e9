export { PartialPipeline, makePartialPipeline } from './partial-pipeline.js';
export { PartialFeatureUnion, makePartialUnion } from './partial-feature-union.js';
export { Pipeline, makePipeline } from './pipeline.js';
export { FeatureUnion, makeUnion } from './feature-union.js';
export { nameSteps, stepClassName } from './step-names.js';
export type { Transformer, Predictor, Step, NamedStep, PipelinePartialFitOptions } from './types.js';
export { affineDecision, type ColumnAffine } from './affine-decision.js';
