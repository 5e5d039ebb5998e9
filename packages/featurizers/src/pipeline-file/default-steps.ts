import { createEstimator, estimatorNames } from '@icepickle/core';
import type { LoadedPipeline } from './document-guard.js';
import { type LoadPipelineOptions, readPipeline } from './load.js';
import { type StepTable, stepTable } from './step-list.js';
import { STEP_CODECS } from './step-table.js';

/** Every class a pipeline file may name: loadPipeline's closed list when no `steps` are given. */
export const DEFAULT_STEPS: StepTable = {
  transformers: STEP_CODECS,
  estimators: Object.fromEntries(
    estimatorNames.map((name) => [name, (params: Record<string, unknown>) => createEstimator(name, params)]),
  ),
};

/**
 * Rebuilds a pipeline saved by savePipeline or by Python's icepickle_ts.save_pipeline. It may build the
 * classes in `options.steps`, by default every class of the closed list (so a bundle holds them all:
 * pages that know their classes call loadPipelineWith). Every size is checked against `limits` before it
 * is read, and an error leaves nothing half-loaded.
 */
export async function loadPipeline(
  source: Parameters<typeof readPipeline>[0],
  options: LoadPipelineOptions,
): Promise<LoadedPipeline> {
  return readPipeline(source, options, options.steps ? stepTable(options.steps) : DEFAULT_STEPS);
}
