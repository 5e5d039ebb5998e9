import { describe, expect, it } from 'vitest';
import {
  ElasticNet,
  Lasso,
  LogisticRegression,
  PassiveAggressiveClassifier,
  PassiveAggressiveRegressor,
  Perceptron,
  type Progress,
  SGDClassifier,
  SGDRegressor,
} from '@icepickle/core';
import { expectWellFormed } from './progress-helpers.js';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** 90 rows × 5 features, 3 classes from a noisy linear rule, and a regression target. */
const r = lcg(5);
const X = Array.from({ length: 90 }, () => Array.from({ length: 5 }, () => r() * 4 - 2));
const y3 = X.map((row) => (row[0]! + 0.5 * row[1]! + 0.3 * r() > 0.6 ? 2 : row[2]! - row[3]! > 0 ? 1 : 0));
const yReg = X.map((row) => 3 * row[0]! - 2 * row[4]! + 0.1 * r());
const Y2 = yReg.map((v, i) => [v, -v + X[i]![1]!]);

/** Fits twice, without and with onProgress: the callback must not change the result. */
function watched<M extends { getCoefficients(): unknown }>(make: () => M, fit: (m: M, o: object) => void) {
  const plain = make();
  fit(plain, {});
  const calls: Progress[] = [];
  const model = make();
  fit(model, { onProgress: (p: Progress) => calls.push(p) });
  expect(model.getCoefficients()).toEqual(plain.getCoefficients());
  return calls;
}

describe('onProgress on many-epoch fits', () => {
  it('SGDClassifier counts maxIter epochs per one-vs-rest problem, results unchanged', () => {
    const calls = watched(
      () => new SGDClassifier({ maxIter: 40, tol: null, randomState: 0 }),
      (m, o) => m.fit(X, y3, o),
    );
    expectWellFormed(calls, 'epochs', 3 * 40);
    expect(calls.length).toBe(61); // 120 epochs, one call per 1.2
    expect(calls.every((c) => c.phase === 'fit')).toBe(true);
  });

  it('SGDClassifier stopping early counts the rest of each problem as done', () => {
    const calls = watched(
      () => new SGDClassifier({ maxIter: 1000, tol: 1e-3, randomState: 0 }),
      (m, o) => m.fit(X, y3, o),
    );
    expectWellFormed(calls, 'epochs', 3 * 1000);
    expect(calls.some((c) => c.done === 1000)).toBe(true);
    expect(calls.length).toBeLessThan(102);
  });

  it('Perceptron, PassiveAggressive and SGDRegressor report epochs too', () => {
    expectWellFormed(
      watched(
        () => new Perceptron({ maxIter: 30, tol: null }),
        (m, o) => m.fit(X, y3, o),
      ),
      'epochs',
      90,
    );
    expectWellFormed(
      watched(
        () => new PassiveAggressiveClassifier({ maxIter: 30, tol: null, randomState: 1 }),
        (m, o) => m.fit(X, y3, o),
      ),
      'epochs',
      90,
    );
    expectWellFormed(
      watched(
        () => new PassiveAggressiveRegressor({ maxIter: 25, tol: null, randomState: 1 }),
        (m, o) => m.fit(X, yReg, o),
      ),
      'epochs',
      25,
    );
    const calls = watched(
      () => new SGDRegressor({ maxIter: 500, tol: null, randomState: 2 }),
      (m, o) => m.fit(X, yReg, o),
    );
    expectWellFormed(calls, 'epochs', 500);
    expect(calls.length).toBe(101); // 500 epochs, throttled to one call per 5
  });

  it('LogisticRegression counts lbfgs iterations per problem, multinomial and ovr', () => {
    const multi = watched(
      () => new LogisticRegression({ maxIter: 200 }),
      (m, o) => m.fit(X, y3, o),
    );
    expectWellFormed(multi, 'iterations', 200);
    expect(multi.length).toBeGreaterThan(3);
    const ovr = watched(
      () => new LogisticRegression({ maxIter: 200, multiClass: 'ovr' }),
      (m, o) => m.fit(X, y3, o),
    );
    expectWellFormed(ovr, 'iterations', 3 * 200);
    expect(ovr.some((c) => c.done === 200)).toBe(true);
  });

  it('Lasso and ElasticNet count coordinate-descent sweeps per target', () => {
    const lasso = watched(
      () => new Lasso({ alpha: 0.01, tol: 1e-12, maxIter: 300 }),
      (m, o) => m.fit(X, yReg, o),
    );
    expectWellFormed(lasso, 'iterations', 300);
    expect(lasso.length).toBeGreaterThan(3);
    const enet = watched(
      () => new ElasticNet({ alpha: 0.1, maxIter: 50 }),
      (m, o) => m.fit(X, Y2, o),
    );
    expectWellFormed(enet, 'iterations', 2 * 50);
  });
});
