export { savePipeline, type SavePipelineOptions, type PipelineLike } from './save.js';
export { loadPipeline } from './default-steps.js';
export { loadPipelineWith, type LoadPipelineOptions } from './load.js';
export type { StepClass } from './step-list.js';
export { LoadedPipeline } from './document-guard.js';
export { PIPELINE_KEYS, STATE_KEYS, PIPELINE_SPEC_VERSION } from './keys.js';
