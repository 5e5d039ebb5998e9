import { IcepickleError } from '../errors.js';
import { BaseSearchCV, type SearchOptions, checkSearchOptionNames } from './base-search.js';
import type { ParamSet } from './parameter-grid.js';
import { type ParamDistributions, ParameterSampler } from './parameter-sampler.js';
import type { SearchEstimator } from './scoring.js';

/** Options of {@link RandomizedSearchCV}: SearchOptions, plus the draws. */
export interface RandomizedSearchOptions extends SearchOptions {
  /**
   * Candidates to draw (default 10; capped at the grid size when every value is an array).
   * @defaultValue 10
   */
  nIter?: number;
  /**
   * Seed of the draws; give one with `checkpoint`, or a rerun draws other candidates and cannot resume.
   * @defaultValue null (a fresh seed each run)
   */
  randomState?: number | null;
}

/** scikit-learn's RandomizedSearchCV: `nIter` candidates from a ParameterSampler. */
export class RandomizedSearchCV extends BaseSearchCV {
  /** scikit-learn's class name. */
  readonly className = 'RandomizedSearchCV';
  /** The parameter distributions, as given. */
  readonly paramDistributions: ParamDistributions;
  private drawn: ParamSet[] | undefined;

  constructor(
    estimator: SearchEstimator,
    paramDistributions: ParamDistributions,
    options: RandomizedSearchOptions = {},
  ) {
    super(estimator, options);
    checkSearchOptionNames(this.className, options, ['nIter', 'randomState']);
    this.paramDistributions = paramDistributions;
  }

  protected candidates(): ParamSet[] {
    const o = this.options as RandomizedSearchOptions;
    if (o.checkpoint !== undefined && (o.randomState === undefined || o.randomState === null)) {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: this.className,
        file: o.checkpoint,
        detail:
          'a checkpointed RandomizedSearchCV needs an integer randomState: without one a rerun draws other candidates and cannot resume',
      });
    }
    const sampler = new ParameterSampler(this.paramDistributions, o.nIter ?? 10, {
      randomState: o.randomState ?? null,
    });
    if (sampler.warning) this.warnings_.push(sampler.warning);
    this.drawn ??= sampler.toArray();
    return this.drawn.map((c) => ({ ...c }));
  }
}
