/**
 * A vocabulary given up front (sklearn/feature_extraction/text.py `_validate_vocabulary`): a list of terms
 * (column = position; duplicates are an error), a Set (sorted first, as Python's `sorted(set)`), or a Map
 * from term to column, whose columns must be exactly 0..n-1.
 */
import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';
import { pythonSortOrder } from './python-order.js';

/**
 * A vocabulary given up front: terms in column order, a Set (sorted as Python's `sorted(set)`), or a Map from term to
 * column (columns exactly 0..n-1).
 */
export type VocabularyInput = readonly string[] | ReadonlySet<string> | ReadonlyMap<string, number>;

function fail(code: IcepickleErrorCode, scope: string, detail: string): IcepickleError {
  return new IcepickleError(code, { scope, detail });
}

/** Python's `%r` of a str, near enough for messages. */
function repr(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The term → column map of a given vocabulary, checked as scikit-learn checks it. `what` names it in errors
 * (the `vocabulary` option: INVALID_PARAMETER; a fitted `vocabulary_`: INVALID_INPUT).
 */
export function checkVocabulary(
  input: unknown,
  scope: string,
  what = 'vocabulary',
  code: IcepickleErrorCode = 'INVALID_PARAMETER',
): Map<string, number> {
  let vocabulary: Map<string, number>;
  if (input instanceof Map) {
    vocabulary = new Map();
    const seen = new Set<number>();
    for (const [term, column] of input as Map<unknown, unknown>) {
      if (typeof term !== 'string') throw fail(code, scope, `${what} has a non-string term (${typeof term})`);
      if (typeof column !== 'number' || !Number.isInteger(column) || column < 0) {
        throw fail(code, scope, `${what}[${repr(term)}] is ${String(column)}; columns are integers from 0`);
      }
      if (seen.has(column)) throw fail(code, scope, `${what}: Vocabulary contains repeated indices.`);
      seen.add(column);
      vocabulary.set(term, column);
    }
    for (let i = 0; i < vocabulary.size; i++) {
      if (!seen.has(i)) {
        throw fail(code, scope, `${what}: Vocabulary of size ${vocabulary.size} doesn't contain index ${i}.`);
      }
    }
  } else if (input instanceof Set || Array.isArray(input)) {
    let terms = [...(input as Iterable<unknown>)];
    for (const t of terms) if (typeof t !== 'string') throw fail(code, scope, `${what} has a non-string term`);
    if (input instanceof Set) {
      const order = pythonSortOrder(terms as string[]);
      terms = Array.from(order, (i) => terms[i]);
    }
    vocabulary = new Map();
    for (const [i, t] of (terms as string[]).entries()) {
      if (vocabulary.has(t)) throw fail(code, scope, `${what}: Duplicate term in vocabulary: ${repr(t)}`);
      vocabulary.set(t, i);
    }
  } else {
    throw fail(code, scope, `${what} must be an array of terms, a Set or a Map from term to column (or null)`);
  }
  if (vocabulary.size === 0) throw fail(code, scope, `${what}: empty vocabulary passed to fit`);
  return vocabulary;
}

/** Terms by column (the inverse of a checked vocabulary). */
export function termsByColumn(vocabulary: ReadonlyMap<string, number>): string[] {
  const terms = new Array<string>(vocabulary.size);
  for (const [term, column] of vocabulary) terms[column] = term;
  return terms;
}
