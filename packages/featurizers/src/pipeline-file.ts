import {
  type AttrValue,
  IcepickleError,
  type LinearModel,
  type NamedStep,
  PartialFeatureUnion,
  PartialPipeline,
  type Source,
  type StorageBackend,
  type Step,
  applyTrainingState,
  createEstimator,
  isEstimatorName,
  modelAttributes,
  modelContent,
  openChecked,
  parseMetadata,
  readCoefficients,
  trainingStateDatasets,
  type LoadOptions,
  type LayoutOptions,
} from '@icepickle/core';
import { HashingVectorizer } from './hashing-vectorizer.js';

/**
 * A pipeline as data: the structure and the vectorizers' parameters in one JSON attribute
 * (`pipeline`, scikit-learn parameter names), the estimator's coefficients as ordinary datasets in
 * the group `/estimator` with the estimator's attributes. Only these step kinds exist, from a closed
 * list: HashingVectorizer, FeatureUnion (of those), and one of core's six estimators as the last step.
 * python/icepickle_reader.py's `load_pipeline` rebuilds the same scikit-learn Pipeline.
 */
type StepSpec =
  | { kind: 'HashingVectorizer'; params: Record<string, unknown> }
  | { kind: 'FeatureUnion'; parts: [string, StepSpec][] }
  | { kind: 'estimator'; class: string; group: string };

interface PipelineSpec {
  kind: 'PartialPipeline';
  steps: [string, StepSpec][];
}

const PIPELINE_ATTR = 'pipeline';
const ESTIMATOR_GROUP = '/estimator';
const MAX_DEPTH = 8;

export interface SavePipelineOptions extends LayoutOptions {
  backend: StorageBackend;
  metadata?: Record<string, unknown>;
}

/** Saves a fitted pipeline of HashingVectorizers (optionally in unions) and one linear estimator. */
export async function savePipeline(
  pipeline: PartialPipeline,
  target: string | undefined,
  options: SavePipelineOptions,
): Promise<Uint8Array | undefined> {
  const steps = pipeline.steps;
  if (steps.length === 0) throw unsupported('a pipeline needs at least its estimator');
  const [lastName, last] = steps[steps.length - 1]!;
  const estimator = last as unknown as LinearModel<object>;
  if (!isEstimatorName((estimator as { className?: string }).className)) {
    throw unsupported(`the last step "${lastName}" must be one of core's linear estimators`);
  }
  const spec: PipelineSpec = {
    kind: 'PartialPipeline',
    steps: [
      ...steps.slice(0, -1).map(([name, step]) => [name, describeStep(name, step, 0)] as [string, StepSpec]),
      [lastName, { kind: 'estimator', class: estimator.className, group: ESTIMATOR_GROUP }],
    ],
  };
  const content = modelContent(estimator, ESTIMATOR_GROUP, {
    shuffle: options.backend.capabilities?.shuffle !== false,
    ...options,
  });
  const attrs: Record<string, AttrValue> = {
    icepickle_format: 'icepickle',
    icepickle_format_version: '1.0.0',
    icepickle_kind: 'pipeline',
    [PIPELINE_ATTR]: JSON.stringify(spec),
  };
  if (options.metadata) attrs.metadata = JSON.stringify(options.metadata);
  return options.backend.write(target, {
    attrs,
    groups: [{ path: ESTIMATOR_GROUP, attrs: { ...modelAttributes(estimator), ...content.attrs } }],
    datasets: [...content.datasets, ...trainingStateDatasets(estimator, ESTIMATOR_GROUP)],
  });
}

function describeStep(name: string, step: Step, depth: number): StepSpec {
  if (depth > MAX_DEPTH) throw unsupported('pipelines nest too deeply');
  if (step instanceof HashingVectorizer) return { kind: 'HashingVectorizer', params: step.toSklearnParams() };
  if (step instanceof PartialFeatureUnion) {
    return {
      kind: 'FeatureUnion',
      parts: step.transformerList.map(([n, part]) => [n, describeStep(n, part as Step, depth + 1)]),
    };
  }
  throw unsupported(
    `step "${name}" (${(step as { className?: string }).className ?? step.constructor?.name ?? typeof step}) cannot be saved as data: only HashingVectorizer and PartialFeatureUnion steps before the estimator`,
  );
}

/** Rebuilds a pipeline saved by savePipeline; every class comes from a closed list. */
export async function loadPipeline(source: Source, options: LoadOptions): Promise<PartialPipeline> {
  const file = await openChecked(source, options);
  try {
    const root = file.attrs('/');
    parseMetadata(root, file.label);
    const raw = root[PIPELINE_ATTR];
    if (typeof raw !== 'string')
      throw invalid(
        file.label,
        'this file holds no pipeline (no "pipeline" attribute); load single models with loadCoefficients',
      );
    let spec: PipelineSpec;
    try {
      spec = JSON.parse(raw) as PipelineSpec;
    } catch (cause) {
      throw invalid(file.label, 'the "pipeline" attribute is not valid JSON', cause);
    }
    if (spec?.kind !== 'PartialPipeline' || !Array.isArray(spec.steps) || spec.steps.length === 0)
      throw invalid(file.label, 'the "pipeline" attribute does not describe a PartialPipeline');
    const steps: NamedStep[] = [];
    for (let i = 0; i < spec.steps.length; i++) {
      const [name, step] = spec.steps[i]!;
      const isLast = i === spec.steps.length - 1;
      if (isLast) {
        if (step?.kind !== 'estimator' || !isEstimatorName(step.class) || step.group !== ESTIMATOR_GROUP)
          throw invalid(file.label, 'the last step must be one of the six linear estimators');
        const meta = parseMetadata(file.attrs(ESTIMATOR_GROUP), file.label, ESTIMATOR_GROUP);
        const model = createEstimator(step.class, meta.paramsCamel ?? {});
        model.setCoefficients(
          await readCoefficients(file, model.estimatorType === 'classifier', { ...options, group: ESTIMATOR_GROUP }),
        );
        await applyTrainingState(file, model, ESTIMATOR_GROUP);
        steps.push([String(name), model as unknown as Step]);
      } else steps.push([String(name), buildStep(step, file.label, 0)]);
    }
    return new PartialPipeline(steps);
  } finally {
    await file.close();
  }
}

function buildStep(step: StepSpec, label: string, depth: number): Step {
  if (depth > MAX_DEPTH) throw invalid(label, 'pipelines nest too deeply');
  switch (step?.kind) {
    case 'HashingVectorizer':
      return HashingVectorizer.fromSklearnParams(step.params);
    case 'FeatureUnion':
      if (!Array.isArray(step.parts)) throw invalid(label, 'a FeatureUnion needs parts');
      return new PartialFeatureUnion(
        step.parts.map(([n, part]) => [String(n), buildStep(part, label, depth + 1) as HashingVectorizer]),
      );
    default:
      throw invalid(
        label,
        `unknown pipeline step kind ${JSON.stringify((step as { kind?: unknown })?.kind)}; only HashingVectorizer and FeatureUnion precede the estimator`,
      );
  }
}

function unsupported(what: string): IcepickleError {
  return new IcepickleError('NOT_SUPPORTED', { scope: 'savePipeline', detail: what });
}

function invalid(file: string, what: string, cause?: unknown): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: 'loadPipeline', file, detail: what, cause });
}
