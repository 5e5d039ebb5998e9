import {
  FeatureUnion,
  type LinearModel,
  type LoadLimits,
  type LoadOptions,
  type NamedStep,
  type StoredFile,
  type Transformer,
  applyTrainingState,
  defaultLoadLimits,
  fromSklearnParams,
  isIcepickleError,
  openChecked,
  parseMetadata,
  readCoefficients,
} from '@icepickle/core';
import { LoadedPipeline, ngramWorkFactor } from './document-guard.js';
import { type StepRef, stepError } from './errors.js';
import { PIPELINE_KEYS } from './keys.js';
import { type ParsedStep, isRecord, parseSpec } from './spec.js';
import type { StepClass, StepTable } from './step-list.js';
import { stepTable } from './step-list.js';

/** A step built and checked, its state not installed yet. */
interface Pending {
  step: Transformer;
  install: () => void;
  /** What it consumes and produces: 'text' for documents, a count for numeric columns, null: unknown. */
  nIn: 'text' | number | null;
  nOut: number | null;
}

interface BuildContext {
  file: StoredFile;
  limits: LoadLimits;
  table: StepTable['transformers'];
  installs: (() => void)[];
  /** The n-gram work factors of the text steps, summed. */
  work: number;
}

/**
 * Options of {@link loadPipeline}: the storage backend, limits and checks of core's LoadOptions, and the classes the
 * file may name.
 */
export interface LoadPipelineOptions extends LoadOptions {
  /**
   * The classes this load may build, e.g. `[TfidfVectorizer, LogisticRegression]`: a file naming any
   * other is refused. loadPipeline's default: every transformer of the closed list and every linear
   * estimator.
   * @defaultValue every transformer of the closed list and every linear estimator (loadPipeline); required by
   * loadPipelineWith
   */
  steps?: readonly StepClass[];
}

/**
 * loadPipeline with the classes it may build given, and required: a bundle then holds only those
 * classes (loadPipeline's default list holds them all). A file naming any other class is refused.
 */
export async function loadPipelineWith(
  source: Parameters<typeof openChecked>[0],
  options: LoadPipelineOptions & { steps: readonly StepClass[] },
): Promise<LoadedPipeline> {
  return readPipeline(source, options, stepTable(options.steps));
}

/**
 * Rebuilds a pipeline saved by savePipeline (format 2) or by the first savePipeline (format 1), or by
 * Python's icepickle_ts.save_pipeline. Every class comes from `table`, a closed list; every size is
 * checked against `limits` before it is read; the steps' states, feature counts and the estimator are
 * all checked before any state is installed, so an error leaves nothing half-loaded.
 * @internal
 */
export async function readPipeline(
  source: Parameters<typeof openChecked>[0],
  options: LoadOptions,
  table: StepTable,
): Promise<LoadedPipeline> {
  const limits = { ...defaultLoadLimits, ...options.limits };
  const file = await openChecked(source, options);
  try {
    const root = file.attrs('/');
    parseMetadata(root, file.label);
    const spec = parseSpec(root[PIPELINE_KEYS.specAttr], file.label, limits);
    const ctx: BuildContext = { file, limits, table: table.transformers, installs: [], work: 0 };
    const steps: NamedStep[] = [];
    // 'raw': documents or rows, as the first step takes them; then a feature count (null: any)
    let flowing: Flow = 'raw';
    for (const parsed of spec.transformers) {
      const built = await build(parsed, ctx);
      flowing = chain(flowing, built, parsed.ref, file.label);
      steps.push([parsed.name, built.step]);
    }
    const estimator = await buildEstimator(spec.estimator, file, options, table.estimators);
    const nIn = estimator.nFeaturesIn_;
    if (flowing !== 'raw' && flowing !== null && flowing !== nIn) {
      const what = `${flowing} features`;
      throw stepError(
        'SHAPE_MISMATCH',
        file.label,
        spec.estimator.ref,
        `it takes ${nIn} features but the steps before it give ${what}`,
      );
    }
    for (const install of ctx.installs) install();
    steps.push([spec.estimator.name, estimator as never]);
    return new LoadedPipeline(steps, ctx.work, limits.maxNgramWork);
  } finally {
    await file.close();
  }
}

type Flow = 'raw' | number | null;

/** What flows out of a step, given what flows in; refuses counts that do not chain. */
function chain(flowing: Flow, built: Pending, ref: StepRef, label: string): Flow {
  if (built.nIn === 'text') {
    if (flowing !== 'raw') {
      throw stepError('SHAPE_MISMATCH', label, ref, 'it takes raw documents, but the step before it gives features');
    }
    return built.nOut;
  }
  if (built.nIn !== null && typeof flowing === 'number' && built.nIn !== flowing) {
    throw stepError(
      'SHAPE_MISMATCH',
      label,
      ref,
      `it takes ${built.nIn} features but the step before it gives ${flowing}`,
    );
  }
  return built.nOut ?? built.nIn ?? (flowing === 'raw' ? null : flowing);
}

async function build(parsed: ParsedStep, ctx: BuildContext): Promise<Pending> {
  const label = ctx.file.label;
  if (parsed.parts !== undefined) return buildUnion(parsed, ctx);
  const codec = Object.hasOwn(ctx.table, parsed.className) ? ctx.table[parsed.className]! : undefined;
  if (codec === undefined) {
    throw stepError(
      'INVALID_INPUT',
      label,
      parsed.ref,
      `unknown step class; a pipeline file may name only ${[...Object.keys(ctx.table), 'FeatureUnion'].join(', ')} before one of the linear estimators`,
    );
  }
  if (codec.input === 'text') ctx.work += checkNgrams(parsed, ctx); // every vectorizer (of a union too) analyses each document
  let step: Transformer;
  try {
    step = codec.create(parsed.params);
  } catch (cause) {
    if (!isIcepickleError(cause)) throw cause;
    throw stepError(cause.code, label, parsed.ref, cause.detail, undefined, cause);
  }
  const state = await codec.read(ctx, parsed.ref);
  const counts = codec.features(state, step, parsed.ref, label);
  ctx.installs.push(() => codec.install(step, state, parsed.ref, label));
  return {
    step,
    install: () => {},
    nIn: codec.input === 'text' ? 'text' : (counts.nIn ?? null),
    nOut: counts.nOut ?? null,
  };
}

async function buildUnion(parsed: ParsedStep, ctx: BuildContext): Promise<Pending> {
  const parts: NamedStep<Transformer>[] = [];
  const built: Pending[] = [];
  for (const part of parsed.parts!) {
    const b = await build(part, ctx);
    built.push(b);
    parts.push([part.name, b.step]);
  }
  const inputs = new Set(built.map((b) => (b.nIn === 'text' ? 'text' : 'numeric')));
  if (inputs.size > 1)
    throw stepError('SHAPE_MISMATCH', ctx.file.label, parsed.ref, 'its parts mix text and numeric inputs');
  const numericIns = new Set(built.map((b) => b.nIn).filter((n): n is number => typeof n === 'number'));
  if (numericIns.size > 1) {
    throw stepError(
      'SHAPE_MISMATCH',
      ctx.file.label,
      parsed.ref,
      `its parts take different feature counts (${[...numericIns].join(', ')})`,
    );
  }
  const outs = built.map((b) => b.nOut);
  const nOut = outs.every((n): n is number => n !== null) ? outs.reduce((a, b) => a + b, 0) : null;
  const union = new FeatureUnion(parts, parsed.weights);
  return { step: union, install: () => {}, nIn: inputs.has('text') ? 'text' : ([...numericIns][0] ?? null), nOut };
}

/** Refuses an n-gram range over maxNgramSize at load; returns its work factor for the document guard. */
function checkNgrams(parsed: ParsedStep, ctx: BuildContext): number {
  const range = parsed.params.ngram_range ?? [1, 1];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((n) => Number.isSafeInteger(n) && n >= 1) ||
    range[0] > range[1]
  ) {
    throw stepError(
      'INVALID_PARAMETER',
      ctx.file.label,
      parsed.ref,
      `ngram_range must be [min_n, max_n] with 1 <= min_n <= max_n, got ${JSON.stringify(range)}`,
    );
  }
  const [lo, hi] = range as [number, number];
  if (hi > ctx.limits.maxNgramSize) {
    throw stepError(
      'LIMIT_EXCEEDED',
      ctx.file.label,
      parsed.ref,
      `ngram_range [${lo}, ${hi}] goes over maxNgramSize (${ctx.limits.maxNgramSize})`,
    );
  }
  return ngramWorkFactor(lo, hi);
}

async function buildEstimator(
  parsed: ParsedStep,
  file: StoredFile,
  options: LoadOptions,
  estimators: StepTable['estimators'],
): Promise<LinearModel<object>> {
  const group = PIPELINE_KEYS.estimatorGroup;
  const create = Object.hasOwn(estimators, parsed.className) ? estimators[parsed.className]! : undefined;
  if (create === undefined) {
    throw stepError(
      'INVALID_INPUT',
      file.label,
      parsed.ref,
      `unknown estimator class; the last step must be one of ${Object.keys(estimators).join(', ')}`,
    );
  }
  const meta = parseMetadata(file.attrs(group), file.label, group);
  if (meta.estimator !== undefined && meta.estimator !== parsed.className) {
    throw stepError('INVALID_INPUT', file.label, parsed.ref, `its group says estimator "${meta.estimator}"`);
  }
  let model: LinearModel<object>;
  try {
    model = create(meta.paramsCamel ?? camelParams(meta.params ?? {}));
    model.setCoefficients(await readCoefficients(file, model.estimatorType === 'classifier', { ...options, group }));
    await applyTrainingState(file, model, group);
  } catch (cause) {
    if (!isIcepickleError(cause)) throw cause;
    throw stepError(cause.code, file.label, parsed.ref, cause.detail, cause.object, cause);
  }
  return model;
}

/** scikit-learn names → ours; `copy_X` is the one name the mechanical rule cannot undo. */
function camelParams(params: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(params)) return {};
  const { copy_X: copyX, ...rest } = params;
  const out = fromSklearnParams(rest);
  if (copyX !== undefined) out.copyX = copyX;
  return out;
}
