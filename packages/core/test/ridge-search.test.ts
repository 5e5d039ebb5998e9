import { GridSearchCV, KFold, Lasso, Ridge, RidgeClassifier, type ScoringName, StratifiedKFold } from '@icepickle/core';
import { runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { sklearnData } from './linear-live.js';

/**
 * The new estimators inside model selection: GridSearchCV over Ridge's alpha (and RidgeClassifier's,
 * Lasso's) gives scikit-learn 1.2.1's cv_results_ (the fits are exact, so scores agree to rounding).
 */
const data = sklearnData(['diabetes', 'iris']);

const PYTHON = `
import json, sys, numpy as np
from sklearn.linear_model import Ridge, RidgeClassifier, Lasso
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
d = json.load(sys.stdin)
out = []
for case in d:
    est = {'Ridge': Ridge, 'RidgeClassifier': RidgeClassifier, 'Lasso': Lasso}[case['estimator']]()
    cv = KFold(5) if case['estimator'] != 'RidgeClassifier' else StratifiedKFold(5)
    s = GridSearchCV(est, case['grid'], cv=cv, scoring=case['scoring']).fit(np.array(case['X']), np.array(case['y']))
    out.append({'mean': s.cv_results_['mean_test_score'].tolist(), 'best': s.best_params_})
print(json.dumps(out))
`;

const CASES = [
  { estimator: 'Ridge', grid: { alpha: [0.01, 0.1, 1, 10] }, scoring: 'r2', data: data.diabetes },
  {
    estimator: 'RidgeClassifier',
    grid: { alpha: [0.1, 1, 10], fit_intercept: [true, false] },
    scoring: 'accuracy',
    data: data.iris,
  },
  { estimator: 'Lasso', grid: { alpha: [0.01, 0.1, 1] }, scoring: 'neg_mean_squared_error', data: data.diabetes },
];

const expected = runPythonCode<{ mean: number[]; best: Record<string, unknown> }[]>(
  PYTHON,
  CASES.map((c) => ({ estimator: c.estimator, grid: c.grid, scoring: c.scoring, X: c.data.X, y: c.data.y })),
);

describe('GridSearchCV over the new estimators equals scikit-learn', () => {
  CASES.forEach((c, k) => {
    it(`${c.estimator} over ${Object.keys(c.grid).join(', ')} (${c.scoring})`, async () => {
      const estimator =
        c.estimator === 'Ridge' ? new Ridge() : c.estimator === 'Lasso' ? new Lasso() : new RidgeClassifier();
      const grid = Object.fromEntries(
        Object.entries(c.grid).map(([key, v]) => [key.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase()), v]),
      );
      const cv = c.estimator === 'RidgeClassifier' ? new StratifiedKFold({ nSplits: 5 }) : new KFold({ nSplits: 5 });
      const search = new GridSearchCV(estimator, grid, { cv, scoring: c.scoring as ScoringName });
      await search.fit(c.data.X as number[][], c.data.y as number[]);
      const mean = search.cvResults_.mean_test_score as number[];
      mean.forEach((v, i) => expect(Math.abs(v - expected[k]!.mean[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))));
      const best = Object.fromEntries(
        Object.entries(search.bestParams_).map(([key, v]) => [
          key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`),
          v,
        ]),
      );
      expect(best).toEqual(expected[k]!.best);
    });
  });
});
