/**
 * The step contract's parameter plumbing, shared by the vectorizers: camelCase options ↔ scikit-learn's
 * `get_params()` names through one explicit table per class (never derived), unknown names rejected with the
 * list of valid ones.
 */
import { IcepickleError } from '@icepickle/core';

export function badParameter(scope: string, detail: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope, detail });
}

/** Throws INVALID_PARAMETER for any key of `given` that is not a key of `valid`. */
export function checkOptionNames(scope: string, given: object, valid: object): void {
  if (typeof given !== 'object' || given === null) throw badParameter(scope, 'options must be an object');
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(valid, key)) {
      throw badParameter(
        scope,
        `unknown option ${JSON.stringify(key)}; valid options are ${Object.keys(valid).join(', ')}`,
      );
    }
  }
}

/** Options → scikit-learn names; functions are refused (they have no data form), arrays copied. */
export function toSklearnNames(
  scope: string,
  params: object,
  names: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [ts, py] of Object.entries(names)) {
    const v = (params as Record<string, unknown>)[ts];
    if (typeof v === 'function') {
      throw new IcepickleError('NOT_SUPPORTED', {
        scope,
        detail: `option ${ts} is a function, which has no scikit-learn (Python) equivalent to save`,
      });
    }
    out[py] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}

/** scikit-learn names → options; unknown names are INVALID_PARAMETER listing the valid ones. */
export function fromSklearnNames(
  scope: string,
  params: Record<string, unknown>,
  names: Readonly<Record<string, string>>,
): Record<string, unknown> {
  if (typeof params !== 'object' || params === null) throw badParameter(scope, 'fromSklearnParams expects an object');
  const byPython = new Map(Object.entries(names).map(([ts, py]) => [py, ts]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const ts = byPython.get(key);
    if (ts === undefined) {
      throw badParameter(
        scope,
        `unknown scikit-learn parameter ${JSON.stringify(key)}; valid parameters are ${[...byPython.keys()].join(', ')}`,
      );
    }
    if ((key === 'preprocessor' || key === 'tokenizer') && value !== null) {
      throw new IcepickleError('NOT_SUPPORTED', {
        scope,
        detail: `${key} must be null to rebuild from data (got ${JSON.stringify(value)})`,
      });
    }
    out[ts] = value;
  }
  return out;
}

/**
 * A `vocabulary` read from JSON: a Python dict arrives as a plain object, which becomes a Map (term → column);
 * arrays and null pass through.
 */
export function vocabularyFromJson(value: unknown): unknown {
  if (value === null || Array.isArray(value) || typeof value !== 'object' || value instanceof Map) return value;
  if (value instanceof Set) return value;
  return new Map(Object.entries(value as Record<string, unknown>));
}

/** A numpy dtype as written by Python (`float32`, `<class 'numpy.float64'>`, `numpy.int64`) → its name. */
export function dtypeName(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /(float32|float64|int64)/.exec(value);
  return m ? m[1] : value;
}
