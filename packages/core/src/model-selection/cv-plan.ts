import { IcepickleError } from '../errors.js';
import { KFold } from './k-fold.js';
import { type SearchInput, type Targets, nSamplesOf } from './rows.js';
import type { SearchEstimator } from './scoring.js';
import { estimatorType } from './estimator-params.js';
import { type CrossValidator, type Split, isCrossValidator } from './splitters.js';
import { StratifiedKFold } from './stratified-k-fold.js';

export type CvOption = number | CrossValidator;

/**
 * scikit-learn's check_cv: an integer means StratifiedKFold for a classifier with binary or
 * multiclass labels (integers or strings), KFold otherwise; a splitter is used as given.
 */
export function resolveCv(
  cv: CvOption | undefined,
  estimator: SearchEstimator,
  y: Targets,
  scope: string,
): CrossValidator {
  if (cv === undefined || typeof cv === 'number') {
    const nSplits = cv ?? 5;
    const labels = Array.from(y as ArrayLike<unknown>);
    const discrete =
      labels.every((v) => typeof v === 'string') || labels.every((v) => typeof v === 'number' && Number.isInteger(v));
    return estimatorType(estimator) === 'classifier' && discrete
      ? new StratifiedKFold({ nSplits })
      : new KFold({ nSplits });
  }
  if (isCrossValidator(cv)) return cv;
  throw new IcepickleError('INVALID_PARAMETER', {
    scope,
    detail: 'cv must be a number of folds or a splitter with split(X, y) and getNSplits() (KFold, StratifiedKFold)',
  });
}

/** The splits, checked: every index in range, no empty test set. */
export function makeSplits(cv: CrossValidator, X: SearchInput, y: Targets, scope: string): Split[] {
  const n = nSamplesOf(X, scope);
  const splits = cv.split(X, y);
  if (splits.length === 0)
    throw new IcepickleError('INVALID_PARAMETER', { scope, detail: 'the cross-validation plan has no splits' });
  for (const [k, [train, test]] of splits.entries()) {
    for (const part of [train, test]) {
      for (let i = 0; i < part.length; i++) {
        if (!(part[i]! >= 0 && part[i]! < n))
          throw new IcepickleError('INVALID_INPUT', {
            scope,
            detail: `split ${k} refers to row ${part[i]}, outside the ${n} samples`,
          });
      }
    }
    if (test.length === 0 || train.length === 0)
      throw new IcepickleError('INVALID_INPUT', {
        scope,
        detail: `split ${k} has an empty ${test.length === 0 ? 'test' : 'training'} set`,
      });
  }
  return splits.map(([train, test]) => [Int32Array.from(train), Int32Array.from(test)] as const);
}
