export { savePipeline, type SavePipelineOptions, type PipelineLike } from './save.js';
export { loadPipeline } from './load.js';
export { LoadedPipeline } from './document-guard.js';
export { PIPELINE_KEYS, STATE_KEYS, PIPELINE_SPEC_VERSION } from './keys.js';
