import { IcepickleError } from '../errors.js';
import { type Distribution, isDistribution } from './distributions.js';
import { ParameterGrid, type ParamSet, describeValue, sortedKeys } from './parameter-grid.js';
import { SearchRandom, searchRandom } from './search-random.js';

/**
 * What RandomizedSearchCV samples from: per parameter an array (drawn uniformly) or a {@link Distribution}; or a list
 * of such grids.
 */
export type ParamDistributions =
  | Record<string, readonly unknown[] | Distribution>
  | readonly Record<string, readonly unknown[] | Distribution>[];

/** Options of {@link ParameterSampler}. */
export interface ParameterSamplerOptions {
  /**
   * Integer seed (numpy legacy MT19937, see SearchRandom); null/undefined draws a fresh seed.
   * @defaultValue null
   */
  randomState?: number | null;
}

/**
 * scikit-learn's ParameterSampler. When every value is an array, `nIter` distinct candidates are drawn
 * without replacement from the ParameterGrid (capped at the grid size, as scikit-learn does after
 * warning), with scikit-learn's `sample_without_replacement` algorithms on numpy's legacy generator,
 * so an integer seed gives scikit-learn's candidates. Otherwise each candidate picks a grid, then for
 * each key in sorted order draws `rvs(rng)` from a distribution or a uniform element of an array.
 * Our distributions follow scipy 1.10's sampling on the same generator: `uniform` and `randint` draw
 * exactly what scipy.stats.uniform / randint draw inside scikit-learn's sampler, `loguniform` agrees to
 * an ulp (Math.pow vs C's pow). Any other `rvs(rng)` object is ours alone: reproducible within
 * icepickle for a seed, not comparable with numpy.
 */
export class ParameterSampler implements Iterable<ParamSet> {
  /** The number of candidates to draw. */
  readonly nIter: number;
  /** The seed, or null for a fresh one. */
  readonly randomState: number | null;
  private readonly dists: readonly Record<string, readonly unknown[] | Distribution>[];
  private cached: ParamSet[] | undefined;

  constructor(paramDistributions: ParamDistributions, nIter: number, options: ParameterSamplerOptions = {}) {
    const dists = Array.isArray(paramDistributions)
      ? paramDistributions
      : [paramDistributions as Record<string, readonly unknown[] | Distribution>];
    if (dists.length === 0) throw invalid('param distributions must not be empty');
    for (const dist of dists) {
      if (dist === null || typeof dist !== 'object' || Array.isArray(dist))
        throw invalid(`param distributions must be objects, got ${describeValue(dist)}`);
      for (const [key, v] of Object.entries(dist)) {
        if (isDistribution(v)) continue;
        if (!Array.isArray(v))
          throw invalid(`parameter '${key}' must be an array or have an rvs(rng) method, got ${describeValue(v)}`);
        if (v.length === 0) throw invalid(`parameter '${key}' has an empty array of values`);
      }
    }
    if (!Number.isInteger(nIter) || nIter < 1) throw invalid(`nIter must be a positive integer, got ${nIter}`);
    this.dists = dists;
    this.nIter = nIter;
    this.randomState = options.randomState ?? null;
  }

  /** scikit-learn's warning when a list-only space is smaller than nIter (undefined otherwise). */
  get warning(): string | undefined {
    if (!this.allLists()) return undefined;
    const size = new ParameterGrid(this.dists as Record<string, unknown[]>[]).length;
    return size < this.nIter
      ? `the total space of parameters ${size} is smaller than nIter=${this.nIter}; running ${size} iterations (for an exhaustive search use GridSearchCV)`
      : undefined;
  }

  /** The number of candidates. */
  get length(): number {
    if (this.allLists())
      return Math.min(this.nIter, new ParameterGrid(this.dists as Record<string, unknown[]>[]).length);
    return this.nIter;
  }

  /** The drawn candidates (drawn once per sampler, so iterating twice gives the same list). */
  toArray(): ParamSet[] {
    this.cached ??= this.draw(this.randomState === null ? searchRandom(null) : new SearchRandom(this.randomState));
    return this.cached.map((p) => ({ ...p }));
  }

  /** The candidates, in order. */
  [Symbol.iterator](): Iterator<ParamSet> {
    return this.toArray()[Symbol.iterator]();
  }

  private allLists(): boolean {
    return this.dists.every((d) => Object.values(d).every((v) => !isDistribution(v)));
  }

  private draw(rng: SearchRandom): ParamSet[] {
    if (this.allLists()) {
      const grid = new ParameterGrid(this.dists as Record<string, unknown[]>[]);
      const n = Math.min(this.nIter, grid.length);
      return sampleWithoutReplacement(grid.length, n, rng).map((i) => grid.at(i));
    }
    const out: ParamSet[] = [];
    for (let it = 0; it < this.nIter; it++) {
      // rng.choice over the list: numpy draws nothing for a single element.
      const dist = this.dists[this.dists.length === 1 ? 0 : rng.randint(this.dists.length)]!;
      const params: ParamSet = {};
      for (const key of sortedKeys(dist)) {
        const v = dist[key]!;
        params[key] = isDistribution(v)
          ? v.rvs(rng)
          : (v as readonly unknown[])[rng.randint((v as readonly unknown[]).length)];
      }
      out.push(params);
    }
    return out;
  }
}

/** scikit-learn's `sample_without_replacement(n, k, method="auto")`. */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, rng: SearchRandom): number[] {
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) return Array.from(rng.permutation(nPopulation).subarray(0, nSamples));
  if (ratio < 0.2) {
    // tracking selection
    const selected = new Set<number>();
    const out: number[] = [];
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(nPopulation);
      while (selected.has(j)) j = rng.randint(nPopulation);
      selected.add(j);
      out.push(j);
    }
    return out;
  }
  // reservoir sampling
  const out = Array.from({ length: nSamples }, (_v, i) => i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}

function invalid(what: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope: 'ParameterSampler', detail: what });
}
