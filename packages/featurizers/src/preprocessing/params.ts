/**
 * Options of the table transformers as plain data: camelCase here, scikit-learn's get_params() names through
 * one table per class (never derived), so a saved pipeline carries them and Python rebuilds the same step.
 */
import { badParameter } from './errors.js';

/** One class's options: defaults, the camelCase → snake_case table, and a check of the values. */
export interface ParamSpec<P extends object> {
  readonly scope: string;
  readonly defaults: Readonly<P>;
  readonly sklearnNames: { readonly [K in keyof P]: string };
  /** Throws INVALID_PARAMETER for a bad value. */
  readonly check: (params: P) => void;
}

/** The defaults overridden by `given`; unknown names and bad values throw INVALID_PARAMETER. */
export function resolveParams<P extends object>(spec: ParamSpec<P>, given: Partial<P> | undefined): P {
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw badParameter(spec.scope, 'options must be an object');
  }
  const valid = Object.keys(spec.defaults);
  for (const key of Object.keys(given ?? {})) {
    if (!valid.includes(key)) {
      throw badParameter(spec.scope, `unknown option ${JSON.stringify(key)}; valid options are ${valid.join(', ')}`);
    }
  }
  const params = { ...spec.defaults } as P;
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) (params as Record<string, unknown>)[key] = value;
  }
  spec.check(params);
  return params;
}

/** scikit-learn's get_params() names and JSON-able values (tuples as arrays). */
export function toSklearn<P extends object>(spec: ParamSpec<P>, params: P): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(spec.defaults) as (keyof P & string)[]) {
    const value = params[key];
    out[spec.sklearnNames[key]] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

/** The camelCase options from scikit-learn's get_params() names; unknown names throw INVALID_PARAMETER. */
export function fromSklearn<P extends object>(spec: ParamSpec<P>, sklearn: Record<string, unknown>): Partial<P> {
  if (sklearn === null || typeof sklearn !== 'object' || Array.isArray(sklearn)) {
    throw badParameter(spec.scope, 'scikit-learn parameters must be an object');
  }
  const byName = new Map(Object.entries(spec.sklearnNames).map(([camel, snake]) => [snake as string, camel]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sklearn)) {
    const camel = byName.get(name);
    if (camel === undefined) {
      throw badParameter(
        spec.scope,
        `unknown scikit-learn parameter ${JSON.stringify(name)}; valid parameters are ${[...byName.keys()].join(', ')}`,
      );
    }
    out[camel] = value;
  }
  return out as Partial<P>;
}

export function checkBoolean(scope: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw badParameter(scope, `${name} must be true or false, got ${String(value)}`);
}
