import { IcepickleError } from '../errors.js';
import type { SearchEstimator } from './scoring.js';

/**
 * clone / getParams / setParams for anything a search takes: an estimator with those methods, or a
 * pipeline (an object with `steps: [name, step][]`) without them, whose parameters are scikit-learn's
 * nested names `<step>__<param>` (e.g. `sgdclassifier__alpha`, `hashingvectorizer__nFeatures`).
 */
type NamedSteps = (readonly [string, unknown])[];

function stepsOf(e: unknown): NamedSteps | undefined {
  const steps = (e as { steps?: unknown } | null)?.steps;
  return Array.isArray(steps) && steps.every((s) => Array.isArray(s) && typeof s[0] === 'string')
    ? (steps as NamedSteps)
    : undefined;
}

export function cloneEstimator<E>(e: E): E {
  const own = (e as { clone?: () => E }).clone;
  if (typeof own === 'function') return own.call(e);
  const steps = stepsOf(e);
  if (steps) {
    const Ctor = (e as object).constructor as new (steps: NamedSteps) => E;
    return new Ctor(steps.map(([name, step]) => [name, cloneEstimator(step)] as const));
  }
  // scikit-learn's clone: a new object from the same parameters, so setting a candidate's parameters
  // never reaches the user's object.
  const getParams = (e as { getParams?: () => object } | null)?.getParams;
  if (typeof getParams === 'function')
    return new ((e as object).constructor as new (p: object) => E)(getParams.call(e));
  // Anything else (a plain object with transform, say) is shared: it has no parameters to set.
  return e;
}

export function getEstimatorParams(e: unknown): Record<string, unknown> {
  const steps = stepsOf(e);
  const out: Record<string, unknown> = {};
  if (steps && typeof (e as { getParams?: unknown }).getParams !== 'function') {
    for (const [name, step] of steps)
      for (const [k, v] of Object.entries(getEstimatorParams(step))) out[`${name}__${k}`] = v;
    return out;
  }
  const own = (e as { getParams?: () => object }).getParams;
  return typeof own === 'function' ? { ...(own.call(e) as Record<string, unknown>) } : out;
}

export function setEstimatorParams(e: unknown, params: Record<string, unknown>, scope = 'search'): void {
  const steps = stepsOf(e);
  if (steps && typeof (e as { setParams?: unknown }).setParams !== 'function') {
    const perStep = new Map<string, Record<string, unknown>>();
    for (const [key, value] of Object.entries(params)) {
      const cut = key.indexOf('__');
      const stepName = cut < 0 ? key : key.slice(0, cut);
      if (cut < 0 || !steps.some(([n]) => n === stepName)) {
        throw new IcepickleError('INVALID_PARAMETER', {
          scope,
          detail: `invalid parameter '${key}' for the pipeline; use '<step>__<param>' with a step among ${steps.map(([n]) => n).join(', ')}`,
        });
      }
      const p = perStep.get(stepName) ?? {};
      p[key.slice(cut + 2)] = value;
      perStep.set(stepName, p);
    }
    for (const [name, step] of steps) {
      const p = perStep.get(name);
      if (p) setEstimatorParams(step, p, scope);
    }
    return;
  }
  const own = (e as { setParams?: (p: object) => unknown }).setParams;
  if (typeof own !== 'function') {
    if (Object.keys(params).length === 0) return;
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `${(e as object)?.constructor?.name ?? 'the step'} has no setParams, so '${Object.keys(params).join("', '")}' cannot be set`,
    });
  }
  own.call(e, params);
}

/** The estimator family for "best so far" models: the (last step's) class name. */
export function estimatorClassName(e: SearchEstimator | unknown): string {
  const steps = stepsOf(e);
  if (steps && steps.length > 0) return estimatorClassName(steps[steps.length - 1]![1]);
  return (e as { className?: string })?.className ?? (e as object)?.constructor?.name ?? 'estimator';
}

/** A pipeline is a classifier when its last step is. */
export function estimatorType(e: unknown): string | undefined {
  const steps = stepsOf(e);
  if (steps && steps.length > 0 && (e as { estimatorType?: string }).estimatorType === undefined)
    return estimatorType(steps[steps.length - 1]![1]);
  return (e as { estimatorType?: string })?.estimatorType;
}
