import type { LoadLimits } from '@icepickle/core';
import { type StepRef, fileError, stepError } from './errors.js';
import { PIPELINE_KEYS, PIPELINE_SPEC_VERSION } from './keys.js';

/**
 * The `pipeline` attribute (JSON), format 2:
 * `{ kind: 'Pipeline', version: 2, steps: [[name, node], ...] }`, where a node is
 * `{ class, params, group }` for a transformer, `{ class: 'FeatureUnion', transformer_list: [[name, node], ...],
 * transformer_weights: {name: weight} | null, group }` for a union, and `{ class, group: '/estimator' }` for the
 * final estimator (its parameters are the `params` attribute of that group, as in single-model files).
 */
export interface StepNode {
  class: string;
  group: string;
  params?: Record<string, unknown>;
  transformer_list?: [string, StepNode][];
  transformer_weights?: Record<string, number> | null;
}

export interface PipelineSpec {
  kind: 'Pipeline';
  version: number;
  steps: [string, StepNode][];
}

/** A step of a checked spec: where it lives, what it is, with what parameters; unions hold their parts. */
export interface ParsedStep {
  ref: StepRef;
  name: string;
  className: string;
  params: Record<string, unknown>;
  parts?: ParsedStep[];
  weights?: Record<string, number>;
}

export interface ParsedSpec {
  transformers: ParsedStep[];
  estimator: ParsedStep;
}

/** The group a step's state lives in: /steps/<i>, /steps/<i>/<j>, ... */
export function stepGroup(parent: string | undefined, index: number): string {
  return `${parent ?? PIPELINE_KEYS.stepsGroup}/${index}`;
}

/** Parses and checks the structure (sizes, names, nesting, groups) before anything is built. */
export function parseSpec(raw: unknown, label: string, limits: LoadLimits): ParsedSpec {
  if (typeof raw !== 'string') {
    throw fileError(
      'INVALID_INPUT',
      label,
      'this file holds no pipeline (no "pipeline" attribute); load single models with loadCoefficients',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw fileError('INVALID_INPUT', label, 'the "pipeline" attribute is not valid JSON', cause);
  }
  const spec = isRecord(json) && json.kind === 'PartialPipeline' ? fromVersion1(json, label) : json;
  if (!isRecord(spec) || spec.kind !== 'Pipeline' || !Array.isArray(spec.steps) || spec.steps.length === 0) {
    throw fileError('INVALID_INPUT', label, 'the "pipeline" attribute does not describe a Pipeline with steps');
  }
  if (spec.version !== PIPELINE_SPEC_VERSION && spec.version !== 1) {
    throw fileError(
      'UNSUPPORTED_VERSION',
      label,
      `pipeline spec version ${JSON.stringify(spec.version)}; this reader knows 1 and ${PIPELINE_SPEC_VERSION}`,
    );
  }
  const counter = { steps: 0 };
  const steps = parseList(spec.steps as unknown[], undefined, undefined, 0, { label, limits, counter });
  const estimator = steps.pop()!;
  if (estimator.ref.group !== PIPELINE_KEYS.estimatorGroup) {
    throw stepError(
      'INVALID_INPUT',
      label,
      estimator.ref,
      `the final step's group must be ${PIPELINE_KEYS.estimatorGroup}`,
    );
  }
  return { transformers: steps, estimator };
}

interface ParseContext {
  label: string;
  limits: LoadLimits;
  counter: { steps: number };
}

function parseList(
  list: unknown[],
  parentGroup: string | undefined,
  parentPath: string | undefined,
  depth: number,
  ctx: ParseContext,
): ParsedStep[] {
  if (depth > ctx.limits.maxNestingDepth) {
    throw fileError(
      'LIMIT_EXCEEDED',
      ctx.label,
      `unions nest deeper than maxNestingDepth (${ctx.limits.maxNestingDepth}) under '${parentPath}'`,
    );
  }
  const seen = new Set<string>();
  return list.map((pair, index) => {
    ctx.counter.steps += 1;
    if (ctx.counter.steps > ctx.limits.maxSteps) {
      throw fileError('LIMIT_EXCEEDED', ctx.label, `more than maxSteps (${ctx.limits.maxSteps}) steps`);
    }
    const where = parentPath === undefined ? `steps[${index}]` : `${parentPath}.transformer_list[${index}]`;
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || !isRecord(pair[1])) {
      throw fileError('INVALID_INPUT', ctx.label, `${where} is not a [name, step] pair`);
    }
    const [name, node] = pair as [string, Record<string, unknown>];
    const path = parentPath === undefined ? name : `${parentPath}/${name}`;
    const isEstimator = parentGroup === undefined && index === list.length - 1;
    const ref: StepRef = {
      path,
      className: typeof node.class === 'string' ? node.class : String(node.class),
      group: isEstimator ? PIPELINE_KEYS.estimatorGroup : stepGroup(parentGroup, index),
    };
    if (name.length === 0 || name.includes('__') || name.includes('/') || seen.has(name)) {
      throw stepError(
        'INVALID_INPUT',
        ctx.label,
        ref,
        `${where}: step names must be unique, non-empty, without '__' or '/'`,
      );
    }
    seen.add(name);
    if (typeof node.class !== 'string') throw stepError('INVALID_INPUT', ctx.label, ref, `${where} has no class`);
    if (node.group !== ref.group) {
      throw stepError(
        'INVALID_INPUT',
        ctx.label,
        ref,
        `its group is ${JSON.stringify(node.group)}, expected "${ref.group}"`,
      );
    }
    const params = node.params ?? {};
    if (!isRecord(params)) throw stepError('INVALID_PARAMETER', ctx.label, ref, 'its params are not an object');
    const step: ParsedStep = { ref, name, className: node.class, params };
    if (node.class === 'FeatureUnion') {
      if (isEstimator) throw stepError('INVALID_INPUT', ctx.label, ref, 'the final step must be an estimator');
      Object.assign(step, parseUnion(node, ref, depth, ctx));
    }
    return step;
  });
}

function parseUnion(
  node: Record<string, unknown>,
  ref: StepRef,
  depth: number,
  ctx: ParseContext,
): Pick<ParsedStep, 'parts' | 'weights'> {
  const list = node.transformer_list;
  if (!Array.isArray(list) || list.length === 0) {
    throw stepError('INVALID_INPUT', ctx.label, ref, 'a FeatureUnion needs a non-empty transformer_list');
  }
  const unknownKeys = Object.keys(node).filter(
    (k) => !['class', 'group', 'transformer_list', 'transformer_weights', 'params'].includes(k),
  );
  if (unknownKeys.length > 0) {
    throw stepError('INVALID_PARAMETER', ctx.label, ref, `unknown FeatureUnion keys ${unknownKeys.join(', ')}`);
  }
  const parts = parseList(list, ref.group, ref.path, depth + 1, ctx);
  const weights = node.transformer_weights;
  if (weights === undefined || weights === null) return { parts };
  if (!isRecord(weights)) throw stepError('INVALID_PARAMETER', ctx.label, ref, 'transformer_weights is not an object');
  const names = new Set(parts.map((p) => p.name));
  for (const [k, w] of Object.entries(weights)) {
    if (!names.has(k) || typeof w !== 'number' || !Number.isFinite(w)) {
      throw stepError(
        'INVALID_PARAMETER',
        ctx.label,
        ref,
        `transformer_weights[${JSON.stringify(k)}] is not a finite weight of a part`,
      );
    }
  }
  return { parts, weights: weights as Record<string, number> };
}

/**
 * Format 1 (savePipeline before format 2): `{ kind: 'PartialPipeline', steps }` with HashingVectorizer /
 * FeatureUnion(parts) / estimator nodes and no state. Rewritten into format 2's shape, then checked the same way.
 */
function fromVersion1(json: Record<string, unknown>, label: string): PipelineSpec {
  if (!Array.isArray(json.steps) || json.steps.length === 0) {
    throw fileError('INVALID_INPUT', label, 'the "pipeline" attribute does not describe a PartialPipeline');
  }
  const convert = (list: unknown[], parent: string | undefined, top: boolean): [string, StepNode][] =>
    list.map((pair, index) => {
      if (!Array.isArray(pair) || pair.length !== 2 || !isRecord(pair[1])) {
        throw fileError('INVALID_INPUT', label, `a version 1 step is not a [name, step] pair`);
      }
      const node = pair[1];
      const group = top && index === list.length - 1 ? String(node.group) : stepGroup(parent, index);
      switch (node.kind) {
        case 'HashingVectorizer':
          return [pair[0], { class: 'HashingVectorizer', params: node.params as Record<string, unknown>, group }];
        case 'FeatureUnion':
          if (!Array.isArray(node.parts)) throw fileError('INVALID_INPUT', label, 'a FeatureUnion needs parts');
          return [pair[0], { class: 'FeatureUnion', transformer_list: convert(node.parts, group, false), group }];
        case 'estimator':
          return [pair[0], { class: String(node.class), group }];
        default:
          throw fileError(
            'INVALID_INPUT',
            label,
            `unknown pipeline step kind ${JSON.stringify(node.kind)}; only HashingVectorizer and FeatureUnion precede the estimator`,
          );
      }
    });
  return { kind: 'Pipeline', version: 1, steps: convert(json.steps, undefined, true) };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
