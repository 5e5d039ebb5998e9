import { CsrMatrix, Perceptron, isIcepickleError } from '@icepickle/core';
import { tolerances } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { type SklearnCase, flat, relativeError, sklearnData, sklearnFit, toMatrix } from './linear-live.js';

/**
 * Perceptron runs scikit-learn's own SGD loop (loss 'perceptron', constant learning rate), so its state
 * after fit / partialFit is scikit-learn 1.2.1's bit for bit: checked with toEqual against live
 * scikit-learn, shuffled (integer randomState) and not.
 */
const data = sklearnData(['breast_cancer', 'imdb500_h7', 'iris_rs12']);
// iris shuffled as scikit-learn's test_perceptron.py shuffles it
const irisX = data.iris_rs12.X as number[][];
const irisY = data.iris_rs12.y as number[];

interface Case {
  name: string;
  params: Record<string, unknown>;
  X: SklearnCase['X'];
  y: unknown[];
  sampleWeight?: number[];
  partialFit?: number[][];
  warmStartFrom?: Record<string, unknown>;
}

const bc = data.breast_cancer;
const CASES: Case[] = [
  { name: 'iris, no shuffle', params: { shuffle: false }, X: irisX, y: irisY },
  { name: 'iris, shuffled (random_state 0, the default)', params: {}, X: irisX, y: irisY },
  {
    name: 'iris, shuffled, random_state 7, tol None, 20 epochs',
    params: { random_state: 7, tol: null, max_iter: 20 },
    X: irisX,
    y: irisY,
  },
  { name: "iris, class_weight 'balanced'", params: { class_weight: 'balanced', shuffle: false }, X: irisX, y: irisY },
  {
    name: 'breast cancer, l2, alpha 1e-3, eta0 0.5',
    params: { penalty: 'l2', alpha: 1e-3, eta0: 0.5, shuffle: false },
    X: bc.X,
    y: bc.y as number[],
  },
  {
    name: 'breast cancer, elasticnet l1_ratio 0.3',
    params: { penalty: 'elasticnet', l1_ratio: 0.3, shuffle: false },
    X: bc.X,
    y: bc.y as number[],
  },
  {
    name: 'breast cancer, l1, no intercept',
    params: { penalty: 'l1', fit_intercept: false, shuffle: false },
    X: bc.X,
    y: bc.y as number[],
  },
  {
    name: 'breast cancer, early stopping',
    params: { early_stopping: true, random_state: 3 },
    X: bc.X,
    y: bc.y as number[],
  },
  {
    name: 'breast cancer, sample weights',
    params: { shuffle: false, max_iter: 30 },
    X: bc.X,
    y: bc.y as number[],
    sampleWeight: (bc.y as number[]).map((_v, i) => 0.5 + (i % 5) / 2),
  },
  {
    name: 'imdb500_h7 CSR, 5 epochs',
    params: { shuffle: false, tol: null, max_iter: 5 },
    X: data.imdb500_h7.X,
    y: data.imdb500_h7.y as number[],
  },
  {
    name: 'iris, 3 epochs, then warm_start with 5 more',
    params: { max_iter: 3, tol: null, shuffle: false },
    X: irisX,
    y: irisY,
    warmStartFrom: { max_iter: 5 },
  },
  {
    name: 'iris, partial_fit in 3 batches',
    params: {},
    X: irisX,
    y: irisY,
    partialFit: [
      Array.from({ length: 50 }, (_v, i) => i),
      Array.from({ length: 50 }, (_v, i) => 50 + i),
      Array.from({ length: 50 }, (_v, i) => 100 + i),
    ],
  },
];

function camel(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()), v]),
  );
}

const results = sklearnFit(
  CASES.map((c) => ({
    estimator: 'Perceptron',
    params: c.params,
    X: c.X,
    y: c.y,
    sample_weight: c.sampleWeight,
    partial_fit: c.partialFit,
    warm_start_from: c.warmStartFrom,
  })),
);

describe('Perceptron equals scikit-learn 1.2.1 bit for bit (live)', () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const expected = results[k]!;
      const X = toMatrix(c.X);
      const model = new Perceptron(camel(c.params));
      if (c.partialFit) {
        const classes = [...new Set(c.y as number[])].sort((a, b) => a - b);
        const rows = Array.isArray(c.X) ? c.X : [];
        for (const batch of c.partialFit) {
          model.partialFit(
            batch.map((i) => rows[i]!),
            batch.map((i) => c.y[i] as number),
            { classes },
          );
        }
      } else {
        model.fit(X, c.y as number[], { sampleWeight: c.sampleWeight });
        if (c.warmStartFrom) model.setParams({ ...camel(c.warmStartFrom), warmStart: true }).fit(X, c.y as number[]);
      }
      expect(flat(model.coef_)).toEqual(flat(expected.coef));
      expect(flat(model.intercept_)).toEqual(flat(expected.intercept));
      expect(model.nIter_).toBe(expected.n_iter);
      expect(model.t_).toBe(expected.t);
      expect(model.predict(X)).toEqual(expected.predict);
      // decision_function is a BLAS product in scikit-learn, summed in another order
      expect(relativeError(flat(model.decisionFunction(X)), flat(expected.decision!))).toBeLessThan(
        tolerances.decisionRelative,
      );
    });
  });
});

/** MyPerceptron of scikit-learn's test_perceptron.py: the textbook rule, w += y·x on mistakes. */
function myPerceptron(X: number[][], y: number[], nIter: number): number[] {
  const w = new Array<number>(X[0]!.length).fill(0);
  let b = 0;
  for (let t = 0; t < nIter; t++) {
    X.forEach((x, i) => {
      const p = Math.sign(x.reduce((s, v, j) => s + v * w[j]!, b));
      if (p !== y[i]) {
        x.forEach((v, j) => {
          w[j]! += y[i]! * v;
        });
        b += y[i]!;
      }
    });
  }
  return w;
}

describe('test_perceptron.py, ported', () => {
  it('test_perceptron_accuracy: dense and CSR score > 0.7', () => {
    for (const X of [irisX, CsrMatrix.fromDense(irisX)]) {
      const clf = new Perceptron({ maxIter: 100, tol: null, shuffle: false }).fit(X, irisY);
      expect(clf.score(X, irisY)).toBeGreaterThan(0.7);
    }
  });

  it('test_perceptron_correctness: two epochs equal the textbook perceptron', () => {
    const yBin = irisY.map((v) => (v === 1 ? 1 : -1));
    const clf = new Perceptron({ maxIter: 2, shuffle: false, tol: null }).fit(irisX, yBin);
    const w = myPerceptron(irisX, yBin, 2);
    flat(clf.coef_).forEach((v, j) => expect(v).toBeCloseTo(w[j]!, 6));
  });

  it('test_undefined_methods: no predictProba, no predictLogProba', () => {
    const clf = new Perceptron({ maxIter: 100 });
    expect('predictProba' in clf).toBe(false);
    expect('predictLogProba' in clf).toBe(false);
  });

  it("test_perceptron_l1_ratio: l1_ratio matters for 'elasticnet'; its bounds are l1 and l2", () => {
    const score = (p: ConstructorParameters<typeof Perceptron>[0]): number =>
      new Perceptron(p).fit(irisX, irisY).score(irisX, irisY);
    expect(score({ l1Ratio: 0, penalty: 'elasticnet' })).not.toBe(score({ l1Ratio: 0.15, penalty: 'elasticnet' }));
    const coef = (p: ConstructorParameters<typeof Perceptron>[0]): number[] =>
      flat(new Perceptron(p).fit(irisX, irisY).coef_);
    expect(coef({ penalty: 'elasticnet', l1Ratio: 1 })).toEqual(coef({ penalty: 'l1' }));
    expect(coef({ penalty: 'elasticnet', l1Ratio: 0 })).toEqual(coef({ penalty: 'l2' }));
  });
});

describe('Perceptron parameters', () => {
  it("scikit-learn's get_params(), defaults included (random_state 0)", () => {
    expect(new Perceptron().getSklearnParams()).toEqual({
      alpha: 0.0001,
      class_weight: null,
      early_stopping: false,
      eta0: 1.0,
      fit_intercept: true,
      l1_ratio: 0.15,
      max_iter: 1000,
      n_iter_no_change: 5,
      n_jobs: null,
      penalty: null,
      random_state: 0,
      shuffle: true,
      tol: 0.001,
      validation_fraction: 0.1,
      verbose: 0,
      warm_start: false,
    });
  });

  it('unknown names and bad values are INVALID_PARAMETER; Perceptron has no loss or learning rate option', () => {
    for (const p of [{ loss: 'hinge' }, { learningRate: 'optimal' }, { average: true }]) {
      try {
        new Perceptron(p as never);
        expect.unreachable();
      } catch (e) {
        expect(isIcepickleError(e, 'INVALID_PARAMETER')).toBe(true);
        expect((e as { detail: string }).detail).toMatch(/valid parameters: penalty, alpha/);
      }
    }
    expect(() => new Perceptron({ eta0: -1 })).toThrowError(/eta0/);
    expect(() => new Perceptron({ penalty: 'l3' as never })).toThrowError(/penalty/);
    // eta0 = 0 passes the constraint [0, inf) but fit refuses it, as scikit-learn's _more_validate_params
    expect(() => new Perceptron({ eta0: 0 }).fit(irisX, irisY)).toThrowError(/eta0 must be > 0/);
  });
});
