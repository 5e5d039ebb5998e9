import { IcepickleError } from '../errors.js';
import { type CvOption, makeSplits, resolveCv } from './cv-plan.js';
import { FoldCache, fitAndScore } from './fit-and-score.js';
import { type SearchInput, type Targets, nSamplesOf, normaliseInput } from './rows.js';
import { type Scoring, type SearchEstimator, getScorer } from './scoring.js';

/** Options of {@link crossValScore}: scikit-learn's cross_val_score parameters, camelCased. */
export interface CrossValScoreOptions {
  /**
   * Folds (StratifiedKFold for classifiers, KFold otherwise) or a splitter.
   * @defaultValue 5
   */
  cv?: CvOption;
  /**
   * A scorer name, a function (estimator, X, y) => number (greater is better), or the estimator's score.
   * @defaultValue undefined (the estimator's own `score`)
   */
  scoring?: Scoring;
  /**
   * Score of a failed fit: a number, or 'raise' to rethrow.
   * @defaultValue NaN
   */
  errorScore?: 'raise' | number;
}

/** scikit-learn's cross_val_score: the test score of a clone of `estimator` on each fold. */
export async function crossValScore(
  estimator: SearchEstimator,
  Xin: SearchInput,
  y: Targets,
  options: CrossValScoreOptions = {},
): Promise<number[]> {
  const scope = 'crossValScore';
  const scorer = getScorer(options.scoring, scope);
  const X = normaliseInput(Xin);
  const n = nSamplesOf(X, scope);
  if (y === null || y === undefined || y.length !== n)
    throw new IcepickleError('INVALID_INPUT', { scope, detail: `y must have one value per sample of X (${n})` });
  const splits = makeSplits(resolveCv(options.cv, estimator, y, scope), X, y, scope);
  const folds = new FoldCache(X, y, splits);
  const out: number[] = [];
  for (let f = 0; f < splits.length; f++) {
    const r = await fitAndScore(estimator, {}, 0, f, folds.get(f), {
      scorer,
      returnTrainScore: false,
      errorScore: options.errorScore ?? Number.NaN,
    });
    out.push(r.testScore);
  }
  return out;
}
