/**
 * Checks of a fitted state handed to `setFittedState` (a loaded file, another process): every attribute is
 * named when it is wrong, and nothing is kept unless all of it is right (issue 16, item 6: NaN, negative or
 * zero scales are refused, lengths must match nFeaturesIn_).
 */
import { badInput } from './errors.js';

/** What a number in a state array must be. */
export type ValueRule = 'finite' | 'nonNegative' | 'positive';

const RULE_WORDS: Record<ValueRule, string> = {
  finite: 'a finite number',
  nonNegative: 'a finite number ≥ 0',
  positive: 'a finite number > 0',
};

export function stateRecord(scope: string, state: unknown): Record<string, unknown> {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw badInput(scope, 'the fitted state must be an object');
  }
  return state as Record<string, unknown>;
}

/** nFeaturesIn_: a positive integer. */
export function checkFeatureCount(scope: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw badInput(scope, `nFeaturesIn_ must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** A copy of one array attribute: `length` numbers, each obeying `rule`. */
export function checkVector(scope: string, name: string, value: unknown, length: number, rule: ValueRule) {
  if (!isNumberArray(value)) {
    throw badInput(scope, `${name} must be a Float64Array (or an array of numbers), got ${describe(value)}`);
  }
  if (value.length !== length) {
    throw badInput(scope, `${name} has ${value.length} values but nFeaturesIn_ is ${length}`);
  }
  const out = new Float64Array(length);
  for (let j = 0; j < length; j++) {
    const v = value[j];
    if (typeof v !== 'number' || !obeys(v, rule)) {
      throw badInput(scope, `${name}[${j}] is ${String(v)}; it must be ${RULE_WORDS[rule]}`);
    }
    out[j] = v;
  }
  return out;
}

/** A vector attribute that is null exactly when `present` is false (e.g. scale_ without withStd). */
export function checkOptionalVector(
  scope: string,
  name: string,
  value: unknown,
  length: number,
  rule: ValueRule,
  present: { expected: boolean; because: string },
): Float64Array | null {
  if (!present.expected) {
    if (value !== null) throw badInput(scope, `${name} must be null ${present.because}`);
    return null;
  }
  if (value === null || value === undefined) throw badInput(scope, `${name} is missing ${present.because}`);
  return checkVector(scope, name, value, length, rule);
}

/** A sample count (nSamplesSeen_): a finite number ≥ 0. */
export function checkCount(scope: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !obeys(value, 'nonNegative')) {
    throw badInput(scope, `${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

function obeys(v: number, rule: ValueRule): boolean {
  if (!Number.isFinite(v)) return false;
  return rule === 'finite' || (rule === 'nonNegative' ? v >= 0 : v > 0);
}

export function isNumberArray(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    value instanceof Float64Array ||
    value instanceof Float32Array ||
    value instanceof Int32Array ||
    value instanceof Uint32Array
  );
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
