import { IcepickleError } from '../errors.js';
import { toSklearnName } from '../estimators/params.js';

/** One candidate: parameter name → value. */
export type ParamSet = Record<string, unknown>;
/** A grid: parameter name → the values to try (a non-empty array). Several grids may be given as a list. */
export type ParamGridInput = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];

/**
 * scikit-learn's ParameterGrid: for each grid in order, the Cartesian product of its values with the
 * keys sorted (itertools.product: the last key varies fastest). Keys are sorted by their scikit-learn
 * name (`l1Ratio` as `l1_ratio`, by code point), so a grid written with camelCase names enumerates in
 * the same order as the same grid given to scikit-learn. An empty grid `{}` is one empty candidate.
 */
export class ParameterGrid implements Iterable<ParamSet> {
  /** The grids, each with its values per parameter. */
  readonly grids: readonly Record<string, readonly unknown[]>[];

  constructor(paramGrid: ParamGridInput) {
    const grids = Array.isArray(paramGrid)
      ? (paramGrid as readonly Record<string, readonly unknown[]>[])
      : [paramGrid as Record<string, readonly unknown[]>];
    for (const grid of grids) {
      if (grid === null || typeof grid !== 'object' || Array.isArray(grid)) {
        throw invalid(`a parameter grid must be an object of arrays or a list of them, got ${describeValue(grid)}`);
      }
      for (const [key, values] of Object.entries(grid)) {
        if (!Array.isArray(values)) {
          throw invalid(`parameter grid value for '${key}' must be an array, got ${describeValue(values)}`);
        }
        if (values.length === 0) throw invalid(`parameter grid for parameter '${key}' needs to be a non-empty array`);
      }
    }
    this.grids = grids;
  }

  /** The number of candidates. */
  get length(): number {
    let total = 0;
    for (const grid of this.grids) total += Object.values(grid).reduce((n, v) => n * v.length, 1);
    return total;
  }

  /** The i-th candidate, as `list(ParameterGrid(...))[i]` without enumerating. */
  at(index: number): ParamSet {
    let ind = index;
    for (const grid of this.grids) {
      const keys = sortedKeys(grid);
      const total = keys.reduce((n, k) => n * grid[k]!.length, 1);
      if (ind >= total) {
        ind -= total;
        continue;
      }
      const out: ParamSet = {};
      for (let k = keys.length - 1; k >= 0; k--) {
        const values = grid[keys[k]!]!;
        out[keys[k]!] = values[ind % values.length];
        ind = Math.floor(ind / values.length);
      }
      return ordered(out, keys);
    }
    throw new IcepickleError('INVALID_PARAMETER', {
      scope: 'ParameterGrid',
      detail: `index ${index} is outside a grid of ${this.length} candidates`,
    });
  }

  /** The candidates, in scikit-learn's order. */
  *[Symbol.iterator](): Iterator<ParamSet> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Every candidate, in scikit-learn's order. */
  toArray(): ParamSet[] {
    return [...this];
  }
}

/** Keys in scikit-learn's order: `sorted()` over the Python names, by code point. */
export function sortedKeys(grid: object): string[] {
  return Object.keys(grid).sort(
    (a, b) => compareCodePoints(toSklearnName(a), toSklearnName(b)) || compareCodePoints(a, b),
  );
}

function compareCodePoints(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function ordered(params: ParamSet, keys: readonly string[]): ParamSet {
  const out: ParamSet = {};
  for (const k of keys) out[k] = params[k];
  return out;
}

function invalid(what: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope: 'ParameterGrid', detail: what });
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? JSON.stringify(v) : typeof v;
}
