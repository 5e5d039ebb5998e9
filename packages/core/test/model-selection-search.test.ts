import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CsrMatrix,
  GridSearchCV,
  KFold,
  type ScoringName,
  StratifiedKFold,
  createEstimator,
  fromSklearnName,
  fromSklearnParams,
  toSklearnName,
} from '@icepickle/core';

/**
 * Every split score, mean, std and rank of scikit-learn 1.2.1's GridSearchCV (fixtures from
 * test/fixtures/generate_search.py) on deterministic folds with shuffle=False estimators.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'search');

interface Fixture {
  estimator: string;
  params: Record<string, unknown>;
  grid: Record<string, unknown[]> | Record<string, unknown[]>[];
  cv: { kind: 'KFold' | 'StratifiedKFold' | 'int'; n_splits: number };
  scoring: ScoringName;
  X: { dense?: number[][]; csr?: { indptr: number[]; indices: number[]; data: number[]; shape: [number, number] } };
  y: (number | string)[];
  folds: [number[], number[]][];
  cv_results: {
    params: Record<string, unknown>[];
    splits: (number | null)[][];
    mean_test_score: (number | null)[];
    std_test_score: (number | null)[];
    rank_test_score: number[];
    keys: string[];
    train_splits: (number | null)[][] | null;
    mean_train_score: (number | null)[] | null;
  };
  best_index: number;
  best_params: Record<string, unknown>;
  best_score: number;
  best_coef: number[] | number[][];
}

const camelGrid = (g: Record<string, unknown[]>) =>
  Object.fromEntries(Object.entries(g).map(([k, v]) => [fromSklearnName(k), v]));
const camel = (p: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [fromSklearnName(k), v]));
const nan = (v: number | null) => (v === null ? Number.NaN : v);

/** Float scores agree to this (accuracy is compared exactly): same algorithms, a few ulps of summation order. */
const SCORE_TOL = 1e-12;
/** LogisticRegression stops at its tol, not at the optimum, so its scores may differ slightly from scikit-learn's. */
const LOGREG_TOL = 1e-6;

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('GridSearchCV equals scikit-learn 1.2.1', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(20));

  for (const file of files) {
    it(file.replace('.json', ''), async () => {
      const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
      const X = fx.X.csr ? new CsrMatrix(fx.X.csr) : fx.X.dense!;
      // Base parameters scikit-learn has and we do not (LinearRegression's copy_X) do not change results.
      const known = Object.keys(createEstimator(fx.estimator).getParams());
      const base = Object.fromEntries(Object.entries(fromSklearnParams(fx.params)).filter(([k]) => known.includes(k)));
      const estimator = createEstimator(fx.estimator, base);
      // An integer cv is scikit-learn's check_cv: StratifiedKFold for a classifier, KFold otherwise.
      const splitter =
        fx.cv.kind === 'KFold' || (fx.cv.kind === 'int' && estimator.estimatorType === 'regressor')
          ? new KFold({ nSplits: fx.cv.n_splits })
          : new StratifiedKFold({ nSplits: fx.cv.n_splits });
      expect(splitter.split(X, fx.y).map(([a, b]) => [Array.from(a), Array.from(b)])).toEqual(fx.folds);
      const cv = fx.cv.kind === 'int' ? fx.cv.n_splits : splitter;
      const grid = Array.isArray(fx.grid) ? fx.grid.map(camelGrid) : camelGrid(fx.grid);
      const search = new GridSearchCV(estimator as never, grid as never, {
        cv,
        scoring: fx.scoring,
        returnTrainScore: fx.cv_results.train_splits !== null,
      });
      await search.fit(X, fx.y);
      if (fx.cv_results.mean_test_score.includes(null))
        expect(search.warnings_.some((w) => /failed/.test(w))).toBe(true);
      const r = search.cvResults_;
      const ref = fx.cv_results;
      expect(r.params).toEqual(ref.params.map(camel));
      expect(Object.keys(r).map((k) => (k.startsWith('param_') ? `param_${toSklearnName(k.slice(6))}` : k))).toEqual(
        ref.keys,
      );
      const tol = fx.estimator === 'LogisticRegression' ? LOGREG_TOL : SCORE_TOL;
      const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tol;
      for (let k = 0; k < ref.splits.length; k++) {
        const ours = r[`split${k}_test_score`] as number[];
        if (fx.scoring === 'accuracy' && tol === SCORE_TOL) expect(ours, `split${k}`).toEqual(ref.splits[k]!.map(nan));
        else
          ours.forEach((v, c) =>
            expect(close(v, nan(ref.splits[k]![c]!)), `split${k} candidate ${c}: ${v} vs ${ref.splits[k]![c]}`).toBe(
              true,
            ),
          );
      }
      if (ref.train_splits) {
        for (let k = 0; k < ref.train_splits.length; k++) {
          (r[`split${k}_train_score`] as number[]).forEach((v, c) =>
            expect(close(v, nan(ref.train_splits![k]![c]!)), `train split${k} candidate ${c}`).toBe(true),
          );
        }
        (r.mean_train_score as number[]).forEach((v, c) =>
          expect(close(v, nan(ref.mean_train_score![c]!)), `mean train ${c}`).toBe(true),
        );
      }
      r.mean_test_score.forEach((v, c) =>
        expect(close(v, nan(ref.mean_test_score[c]!)), `mean ${c}: ${v} vs ${ref.mean_test_score[c]}`).toBe(true),
      );
      r.std_test_score.forEach((v, c) =>
        expect(close(v, nan(ref.std_test_score[c]!)), `std ${c}: ${v} vs ${ref.std_test_score[c]}`).toBe(true),
      );
      if (tol === SCORE_TOL) {
        expect(r.rank_test_score).toEqual(ref.rank_test_score);
        expect(search.bestIndex_).toBe(fx.best_index);
        expect(search.bestParams_).toEqual(camel(fx.best_params));
        expect(Math.abs(search.bestScore_ - fx.best_score)).toBeLessThanOrEqual(tol);
        const coef = (search.bestEstimator_ as unknown as { coef_: number[] | number[][] }).coef_.flat();
        const refCoef = [fx.best_coef].flat(2) as number[];
        coef.forEach((c, i) =>
          expect(Math.abs(c - refCoef[i]!), `coef ${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(refCoef[i]!))),
        );
      } else {
        expect(search.bestParams_).toEqual(camel(fx.best_params));
      }
    });
  }
});
