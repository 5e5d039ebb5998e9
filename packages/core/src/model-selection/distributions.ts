import { IcepickleError } from '../errors.js';
import type { SearchRandom } from './search-random.js';

/** Anything with `rvs(rng)` can be sampled by ParameterSampler / RandomizedSearchCV (scipy's duck type). */
export interface Distribution<T = unknown> {
  /** One draw, from the search's seeded generator. */
  rvs(rng: SearchRandom): T;
  /** Recorded in the checkpoint fingerprint, so a changed distribution is a different search. */
  toJSON?(): unknown;
}

/** Whether a value is a {@link Distribution} (has `rvs`). */
export function isDistribution(v: unknown): v is Distribution {
  return typeof v === 'object' && v !== null && typeof (v as { rvs?: unknown }).rvs === 'function';
}

/** scipy.stats.uniform(loc, scale): `loc + scale * u` with u = random_sample(). */
export function uniform(loc = 0, scale = 1): Distribution<number> {
  check(
    Number.isFinite(loc) && Number.isFinite(scale) && scale >= 0,
    `uniform(loc=${loc}, scale=${scale}) needs finite values and scale ≥ 0`,
  );
  return { rvs: (rng) => rng.random() * scale + loc, toJSON: () => ({ uniform: [loc, scale] }) };
}

/** scipy.stats.loguniform(a, b): its inverse CDF `a · (b / a)^u` (scipy 1.10's `_ppf`). */
export function loguniform(a: number, b: number): Distribution<number> {
  check(a > 0 && b > a && Number.isFinite(b), `loguniform(${a}, ${b}) needs 0 < a < b`);
  return { rvs: (rng) => a * ((b * 1.0) / a) ** rng.random(), toJSON: () => ({ loguniform: [a, b] }) };
}

/** scipy.stats.randint(low, high): an integer in [low, high) (numpy's bounded draw). */
export function randint(low: number, high: number): Distribution<number> {
  check(
    Number.isInteger(low) && Number.isInteger(high) && high > low,
    `randint(${low}, ${high}) needs integers with high > low`,
  );
  return { rvs: (rng) => low + rng.randint(high - low), toJSON: () => ({ randint: [low, high] }) };
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new IcepickleError('INVALID_PARAMETER', { scope: 'distributions', detail: what });
}
