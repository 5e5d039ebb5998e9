import {
  type AttrValue,
  type DatasetToWrite,
  FORMAT_NAME,
  FORMAT_VERSION,
  type LayoutOptions,
  type LinearModel,
  type NamedStep,
  type StorageBackend,
  type Transformer,
  type WriteProgressOptions,
  isEstimatorName,
  modelAttributes,
  modelContent,
  trainingStateDatasets,
  writeWithProgress,
} from '@icepickle/core';
import type { StepCodec } from './codec.js';
import { saveError } from './errors.js';
import { PIPELINE_KEYS, PIPELINE_SPEC_VERSION } from './keys.js';
import type { PipelineSpec, StepNode } from './spec.js';
import { stepGroup } from './spec.js';
import { STEP_CODECS, codecOf } from './step-table.js';

/**
 * Options of {@link savePipeline}: where to write, what to record, the coefficients' layout, and progress.
 * With `onProgress`, a path and a backend that streams (createWriter), the estimator's coef is written in
 * blocks of `blockBytes` and progress counts its bytes (unit 'bytes', phase 'coef'); otherwise it counts
 * the one file (unit 'files'). The file read back is the same.
 */
export interface SavePipelineOptions extends LayoutOptions, WriteProgressOptions {
  /** The storage backend that writes the file (hdf5Wasm(), hdf5Node(), ...). */
  backend: StorageBackend;
  /**
   * Free-form JSON-able metadata recorded in the file (data, date, metrics, ...).
   * @defaultValue undefined (none recorded)
   */
  metadata?: Record<string, unknown>;
}

/** Anything with scikit-learn's `steps`: core's Pipeline or PartialPipeline, or a loaded pipeline. */
export interface PipelineLike {
  /** The (name, step) pairs, scikit-learn's `steps`. */
  readonly steps: readonly NamedStep[];
}

interface Written {
  datasets: DatasetToWrite[];
  groups: { path: string; attrs: Record<string, AttrValue> }[];
}

/**
 * Saves a fitted pipeline: transformers from the closed list (in unions or not), then one of core's
 * linear estimators. The structure and parameters go to the root attribute `pipeline` (JSON), each
 * step's fitted state to datasets of its group (/steps/<i>), the estimator to /estimator as Python
 * icepickle's save_coefficients writes it. With a path the write is atomic; without one the bytes come back.
 */
export async function savePipeline(
  pipeline: PipelineLike,
  target: string | undefined,
  options: SavePipelineOptions,
): Promise<Uint8Array | undefined> {
  return writePipeline(pipeline, target, options, STEP_CODECS);
}

/** @internal savePipeline with another table of classes (tests). */
export async function writePipeline(
  pipeline: PipelineLike,
  target: string | undefined,
  options: SavePipelineOptions,
  table: Readonly<Record<string, StepCodec>>,
): Promise<Uint8Array | undefined> {
  const steps = pipeline?.steps;
  if (!Array.isArray(steps) || steps.length === 0)
    throw saveError('NOT_SUPPORTED', 'a pipeline needs at least its estimator');
  const [lastName, last] = steps[steps.length - 1]!;
  const estimator = last as unknown as LinearModel<object>;
  if (!isEstimatorName((estimator as { className?: string }).className)) {
    throw saveError('NOT_SUPPORTED', `the last step '${lastName}' must be one of core's linear estimators`);
  }
  const written: Written = { datasets: [], groups: [] };
  const described = steps
    .slice(0, -1)
    .map(([name, step], i) => [name, describe(name, step as Transformer, stepGroup(undefined, i), written, table, 0)]);
  const spec: PipelineSpec = {
    kind: 'Pipeline',
    version: PIPELINE_SPEC_VERSION,
    steps: [
      ...(described as [string, StepNode][]),
      [lastName, { class: estimator.className, group: PIPELINE_KEYS.estimatorGroup }],
    ],
  };
  const content = modelContent(estimator, PIPELINE_KEYS.estimatorGroup, {
    canShuffle: options.backend.capabilities?.shuffle !== false,
    ...options,
  });
  const attrs: Record<string, AttrValue> = {
    icepickle_format: FORMAT_NAME,
    icepickle_format_version: FORMAT_VERSION,
    [PIPELINE_KEYS.kindAttr]: 'pipeline',
    [PIPELINE_KEYS.specAttr]: JSON.stringify(spec),
  };
  if (options.metadata) attrs.metadata = JSON.stringify(options.metadata);
  const file = {
    attrs,
    groups: [
      ...written.groups,
      { path: PIPELINE_KEYS.estimatorGroup, attrs: { ...modelAttributes(estimator), ...content.attrs } },
    ],
    datasets: [
      ...written.datasets,
      ...content.datasets,
      ...trainingStateDatasets(estimator, PIPELINE_KEYS.estimatorGroup),
    ],
  };
  return writeWithProgress(options.backend, target, file, options);
}

function describe(
  name: string,
  step: Transformer,
  group: string,
  written: Written,
  table: Readonly<Record<string, StepCodec>>,
  depth: number,
): StepNode {
  const parts = (step as { transformerList?: readonly NamedStep<Transformer>[] }).transformerList;
  if (Array.isArray(parts)) {
    const weights = (step as { transformerWeights?: Record<string, number> }).transformerWeights;
    return {
      class: 'FeatureUnion',
      transformer_list: parts.map(([n, part], j) => [
        n,
        describe(`${name}/${n}`, part, stepGroup(group, j), written, table, depth + 1),
      ]),
      transformer_weights: weights === undefined ? null : { ...weights },
      group,
    };
  }
  const codec = codecOf(step, table);
  if (codec === undefined) {
    const cls = (step as { className?: string }).className ?? step?.constructor?.name ?? typeof step;
    throw saveError(
      'NOT_SUPPORTED',
      `step '${name}' (${cls}) cannot be saved as data: the steps before the estimator must be from the list ${[...Object.keys(table), 'FeatureUnion'].join(', ')}`,
    );
  }
  const content = codec.content(step, group);
  written.datasets.push(...content.datasets);
  if (Object.keys(content.attrs).length > 0) written.groups.push({ path: group, attrs: content.attrs });
  return { class: codec.className, params: codec.params(step), group };
}
