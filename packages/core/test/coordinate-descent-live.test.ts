import { ElasticNet, Lasso, isIcepickleError } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { type DataSet, flat, relativeError, sklearnData, sklearnFit, toMatrix } from './linear-live.js';

/**
 * Lasso and ElasticNet fit by the same cyclic coordinate descent as scikit-learn 1.2.1 (same sweeps, same
 * duality-gap stop), so after the same number of sweeps the coefficients agree to rounding, at the
 * default tol as at a tight one. Live scikit-learn (/usr/bin/python3) on the same data.
 */
const CD_RELATIVE = 1e-8;

const data = sklearnData(['diabetes', 'linnerud', 'imdb200_h10', 'imdb500_h7']);
const ramp = (n: number): number[] => Array.from({ length: n }, (_v, i) => 0.5 + (i % 7) / 3);

interface Case {
  name: string;
  estimator: 'Lasso' | 'ElasticNet';
  data: DataSet;
  params: Record<string, unknown>;
  sampleWeight?: boolean;
  warmStartFrom?: Record<string, unknown>;
  /** The fit ends with scikit-learn's warnings (compared as text). */
  warns?: boolean;
}

const d = data;
const CASES: Case[] = [
  { name: 'Lasso, diabetes, alpha 0.1', estimator: 'Lasso', data: d.diabetes, params: { alpha: 0.1 } },
  {
    name: 'Lasso, diabetes, alpha 0.01, tol 1e-10',
    estimator: 'Lasso',
    data: d.diabetes,
    params: { alpha: 0.01, tol: 1e-10 },
  },
  {
    name: 'Lasso, diabetes, no intercept',
    estimator: 'Lasso',
    data: d.diabetes,
    params: { alpha: 0.5, fit_intercept: false },
  },
  { name: 'Lasso, diabetes, positive', estimator: 'Lasso', data: d.diabetes, params: { alpha: 0.05, positive: true } },
  {
    name: 'ElasticNet, diabetes, l1_ratio 0.3, sample weights',
    estimator: 'ElasticNet',
    data: d.diabetes,
    params: { alpha: 0.01, l1_ratio: 0.3 },
    sampleWeight: true,
  },
  { name: 'ElasticNet, linnerud, 3 targets', estimator: 'ElasticNet', data: d.linnerud, params: { alpha: 1.0 } },
  {
    name: 'Lasso, linnerud, 3 targets, no intercept',
    estimator: 'Lasso',
    data: d.linnerud,
    params: { alpha: 2.0, fit_intercept: false },
  },
  {
    name: 'Lasso, imdb500_h7 CSR (implicit centring)',
    estimator: 'Lasso',
    data: d.imdb500_h7,
    params: { alpha: 0.001 },
  },
  {
    name: 'ElasticNet, imdb200_h10 CSR, no intercept',
    estimator: 'ElasticNet',
    data: d.imdb200_h10,
    params: { alpha: 0.002, l1_ratio: 0.7, fit_intercept: false },
  },
  {
    name: 'ElasticNet, diabetes, 3 sweeps: ConvergenceWarning',
    estimator: 'ElasticNet',
    data: d.diabetes,
    params: { alpha: 0.001, max_iter: 3 },
    warns: true,
  },
  {
    name: 'Lasso, diabetes, warm start from alpha 1 to 0.05',
    estimator: 'Lasso',
    data: d.diabetes,
    params: { alpha: 1.0 },
    warmStartFrom: { alpha: 0.05 },
  },
];

function camel(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()), v]),
  );
}

const results = sklearnFit(
  CASES.map((c) => ({
    estimator: c.estimator,
    params: c.params,
    X: c.data.X,
    y: c.data.y,
    sample_weight: c.sampleWeight ? ramp(c.data.y.length) : undefined,
    warm_start_from: c.warmStartFrom,
  })),
);

describe("Lasso / ElasticNet fit as scikit-learn 1.2.1's coordinate descent (live)", () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const expected = results[k]!;
      const X = toMatrix(c.data.X);
      const model = c.estimator === 'Lasso' ? new Lasso(camel(c.params)) : new ElasticNet(camel(c.params));
      const sampleWeight = c.sampleWeight ? ramp(c.data.y.length) : undefined;
      model.fit(X, c.data.y, { sampleWeight });
      if (c.warmStartFrom) model.setParams({ ...camel(c.warmStartFrom), warmStart: true }).fit(X, c.data.y);
      expect(relativeError(flat(model.coef_), flat(expected.coef))).toBeLessThan(CD_RELATIVE);
      expect(relativeError(flat(model.intercept_), flat(expected.intercept))).toBeLessThan(CD_RELATIVE);
      expect(Array.isArray(model.intercept_)).toBe(Array.isArray(expected.intercept));
      expect(model.nIter_).toEqual(expected.n_iter);
      expect(relativeError(flat(model.predict(X)), flat(expected.predict as number[]))).toBeLessThan(CD_RELATIVE);
      if (c.warns) {
        // same text up to the mantissas of the gap and tolerance, which rounding may move
        expect(model.warnings_.map((w) => w.replace(/\d\.\d{3}e/g, '#e'))).toEqual(
          expected.warnings.map((w) => w.replace(/\d\.\d{3}e/g, '#e')),
        );
      } else if (!c.warmStartFrom) {
        expect(model.warnings_).toEqual(expected.warnings);
      }
    });
  });
});

describe('Lasso / ElasticNet: what fit refuses', () => {
  it("selection='random', a Gram array, CSR with sample weights: NOT_SUPPORTED naming the Python class", () => {
    const X = [
      [1, 2],
      [3, 1],
      [0, 1],
    ];
    const attempts = [
      () => new Lasso({ selection: 'random' }).fit(X, [1, 2, 3]),
      () =>
        new ElasticNet({
          precompute: [
            [1, 0],
            [0, 1],
          ],
        }).fit(X, [1, 2, 3]),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
        expect.unreachable();
      } catch (e) {
        expect(isIcepickleError(e, 'NOT_SUPPORTED')).toBe(true);
        expect((e as { detail: string }).detail).toMatch(
          /train (Lasso|ElasticNet) in Python \(sklearn\.linear_model\.(Lasso|ElasticNet)\)/,
        );
      }
    }
    expect(() =>
      new Lasso({ positive: true }).fit(X, [
        [1, 2],
        [2, 3],
        [3, 4],
      ]),
    ).toThrowError(/positive=True is not allowed for multi-output/);
    expect(() => new ElasticNet({ l1Ratio: 2 })).toThrowError(/l1Ratio/);
    expect(() => new Lasso({ l1Ratio: 0.5 } as never)).toThrowError(/unknown parameter 'l1Ratio'/);
  });
});
