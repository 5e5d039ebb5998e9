import { Ridge, RidgeClassifier } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import {
  type DataSet,
  type SklearnCase,
  denseRows,
  flat,
  relativeError,
  sklearnData,
  sklearnFit,
  toMatrix,
  type XJson,
} from './linear-live.js';

/**
 * Ridge and RidgeClassifier against live scikit-learn 1.2.1 (/usr/bin/python3) on the same data. Where
 * scikit-learn solves directly (Cholesky, SVD) both are exact and agree to rounding; on CSR input with an
 * intercept scikit-learn iterates (sparse_cg), so we compare with its direct solve of the same problem
 * on X.toarray(), and with sparse_cg at tol 1e-14.
 */
const RIDGE_RELATIVE = 1e-8;

const data = sklearnData(['diabetes', 'breast_cancer', 'iris', 'linnerud', 'imdb200_h10', 'imdb500_h7']);
const ramp = (n: number): number[] => Array.from({ length: n }, (_v, i) => 0.5 + (i % 7) / 3);
const IRIS_NAMES = ['setosa', 'versicolor', 'virginica'];

interface Case {
  name: string;
  estimator: 'Ridge' | 'RidgeClassifier';
  data: DataSet;
  /** scikit-learn names. */
  params?: Record<string, unknown>;
  sampleWeight?: boolean;
  /** Give scikit-learn the dense X (the same ridge problem, solved directly). */
  sklearnDense?: boolean;
  /** Map labels (iris: class names). */
  labels?: (y: unknown) => unknown;
  /** Keep only the first target column, as rows of one value. */
  oneColumn?: boolean;
}

const d = data;
const CASES: Case[] = [
  { name: 'diabetes, defaults', estimator: 'Ridge', data: d.diabetes },
  { name: 'diabetes, no intercept', estimator: 'Ridge', data: d.diabetes, params: { fit_intercept: false } },
  {
    name: 'diabetes, sample weights, alpha 0.5',
    estimator: 'Ridge',
    data: d.diabetes,
    params: { alpha: 0.5 },
    sampleWeight: true,
  },
  {
    name: "diabetes, solver 'svd', alpha 0.01, weights",
    estimator: 'Ridge',
    data: d.diabetes,
    params: { alpha: 0.01, solver: 'svd' },
    sampleWeight: true,
  },
  { name: 'diabetes, alpha 0 (least squares)', estimator: 'Ridge', data: d.diabetes, params: { alpha: 0 } },
  { name: 'diabetes, y as one column', estimator: 'Ridge', data: d.diabetes, oneColumn: true },
  {
    name: 'linnerud, 3 targets, alpha per target',
    estimator: 'Ridge',
    data: d.linnerud,
    params: { alpha: [0.1, 1, 10] },
  },
  {
    name: 'linnerud, 3 targets, no intercept',
    estimator: 'Ridge',
    data: d.linnerud,
    params: { fit_intercept: false, alpha: 2 },
  },
  {
    name: 'imdb200_h10 CSR (wide: dual), intercept, weights',
    estimator: 'Ridge',
    data: d.imdb200_h10,
    sampleWeight: true,
    sklearnDense: true,
  },
  { name: 'imdb500_h7 CSR (tall: primal), intercept', estimator: 'Ridge', data: d.imdb500_h7, sklearnDense: true },
  {
    name: 'imdb500_h7 CSR, sparse_cg at tol 1e-14',
    estimator: 'Ridge',
    data: d.imdb500_h7,
    params: { solver: 'sparse_cg', tol: 1e-14 },
  },
  {
    name: 'imdb200_h10 CSR, no intercept (scikit-learn: cholesky on CSR)',
    estimator: 'Ridge',
    data: d.imdb200_h10,
    params: { fit_intercept: false, solver: 'cholesky', alpha: 0.3 },
  },
  {
    name: "imdb200_h10 dense, solver 'svd' (wide)",
    estimator: 'Ridge',
    data: { X: denseRows(d.imdb200_h10.X), y: d.imdb200_h10.y },
    params: { solver: 'svd', alpha: 0.2 },
  },
  { name: 'breast cancer (raw scales), binary', estimator: 'RidgeClassifier', data: d.breast_cancer },
  {
    name: "breast cancer, class_weight 'balanced', alpha 1e-3",
    estimator: 'RidgeClassifier',
    data: d.breast_cancer,
    params: { class_weight: 'balanced', alpha: 1e-3 },
  },
  {
    name: 'breast cancer, sample weights',
    estimator: 'RidgeClassifier',
    data: d.breast_cancer,
    sampleWeight: true,
    params: { alpha: 10 },
  },
  { name: 'iris, 3 classes (one-vs-all)', estimator: 'RidgeClassifier', data: d.iris },
  {
    name: 'iris CSR, string labels',
    estimator: 'RidgeClassifier',
    data: { X: toCsrJson(d.iris.X as number[][]), y: d.iris.y },
    sklearnDense: true,
    labels: (v) => IRIS_NAMES[v as number],
  },
  {
    name: 'iris, no intercept, solver svd',
    estimator: 'RidgeClassifier',
    data: d.iris,
    params: { fit_intercept: false, solver: 'svd' },
  },
  {
    name: 'imdb500_h7 CSR, labels 0/1',
    estimator: 'RidgeClassifier',
    data: d.imdb500_h7,
    sklearnDense: true,
    params: { alpha: 3 },
  },
];

function toCsrJson(rows: number[][]): XJson {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return { format: 'csr', shape: [rows.length, rows[0]!.length], indptr, indices, data: values };
}

function camel(params: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]),
  );
}

function prepared(c: Case): { X: XJson; y: unknown[]; sw: number[] | undefined } {
  let y: unknown[] = c.data.y as unknown[];
  if (c.oneColumn) y = (y as number[]).map((v) => [v]);
  if (c.labels) y = y.map(c.labels);
  return { X: c.data.X, y, sw: c.sampleWeight ? ramp(y.length) : undefined };
}

const results = sklearnFit(
  CASES.map((c): SklearnCase => {
    const { X, y, sw } = prepared(c);
    return {
      estimator: c.estimator,
      params: c.params ?? {},
      X: c.sklearnDense ? denseRows(X) : X,
      y,
      sample_weight: sw,
    };
  }),
);

describe("Ridge / RidgeClassifier reach scikit-learn 1.2.1's optimum (live, 1e-8 relative)", () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const { X, y, sw } = prepared(c);
      const expected = results[k]!;
      const matrix = toMatrix(X);
      const model =
        c.estimator === 'Ridge'
          ? new Ridge(camel(c.params)).fit(matrix, y as number[], { sampleWeight: sw })
          : new RidgeClassifier(camel(c.params)).fit(matrix, y as number[], { sampleWeight: sw });
      expect(relativeError(flat(model.coef_), flat(expected.coef))).toBeLessThan(RIDGE_RELATIVE);
      expect(relativeError(flat(model.intercept_), flat(expected.intercept))).toBeLessThan(RIDGE_RELATIVE);
      // shapes as scikit-learn's: coef rank, scalar or array intercept
      expect(Array.isArray((model.coef_ as unknown[])[0])).toBe(Array.isArray((expected.coef as unknown[])[0]));
      expect(Array.isArray(model.intercept_)).toBe(Array.isArray(expected.intercept));
      if (model instanceof RidgeClassifier) {
        expect(model.predict(matrix)).toEqual(expected.predict);
        expect(model.classes_).toEqual(expected.classes);
        expect(relativeError(flat(model.decisionFunction(matrix)), flat(expected.decision!))).toBeLessThan(
          RIDGE_RELATIVE,
        );
      } else {
        expect(relativeError(flat(model.predict(matrix)), flat(expected.predict as number[]))).toBeLessThan(
          RIDGE_RELATIVE,
        );
      }
    });
  });
});
