import { IcepickleError } from '../errors.js';
import { stepClassName } from './step-names.js';
import type { NamedStep } from './types.js';

/** Names must be unique non-empty strings without '__' (scikit-learn's _validate_names). */
export function checkNamedSteps(owner: string, steps: readonly NamedStep[], what: string): void {
  if (!Array.isArray(steps) || steps.length === 0)
    throw invalid(owner, `${what} must be a non-empty array of [name, step] pairs`);
  const seen = new Set<string>();
  for (const [i, pair] of steps.entries()) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      pair[1] === null ||
      typeof pair[1] !== 'object'
    ) {
      throw invalid(owner, `${what}[${i}] must be a [name, step] pair`);
    }
    const name = pair[0];
    if (name.length === 0) throw invalid(owner, `${what}[${i}] has an empty name`);
    if (name.includes('__')) throw invalid(owner, `Estimator names must not contain __: got ['${name}']`);
    if (seen.has(name)) throw invalid(owner, `Names provided are not unique: '${name}' appears twice`);
    seen.add(name);
  }
}

export function requireMethod(owner: string, [name, step]: NamedStep, method: string, role: string): void {
  if (typeof (step as unknown as Record<string, unknown>)[method] !== 'function') {
    throw new IcepickleError('NOT_SUPPORTED', {
      scope: owner,
      detail: `step '${name}' (${stepClassName(step)}) does not implement ${method}, which ${role}`,
    });
  }
}

export function hasMethod(step: unknown, method: string): boolean {
  return typeof (step as Record<string, unknown>)[method] === 'function';
}

function invalid(owner: string, what: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope: owner, detail: what });
}
