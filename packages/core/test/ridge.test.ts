import {
  CsrMatrix,
  LinearRegression,
  Ridge,
  RidgeClassifier,
  type RidgeSolver,
  createEstimator,
  isIcepickleError,
} from '@icepickle/core';
import { loadFixture } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { flat, relativeError } from './linear-live.js';

/**
 * scikit-learn 1.2.1's sklearn/linear_model/tests/test_ridge.py, ported where it applies (the RidgeCV,
 * GCV and iterative-solver convergence tests do not). Tolerances: the exact solvers agree to rounding,
 * so 1e-10 relative replaces scikit-learn's assert_almost_equal (6 decimals) throughout.
 */
const EXACT = 1e-10;

/** A seeded normal generator (mulberry32 + Box–Muller), for data shaped like scikit-learn's tests. */
function randn(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function matrix(rows: number, cols: number, next: () => number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

const iris = loadFixture<{ X: number[][]; y: number[] }>('optimum/data/iris.json');

describe('test_ridge.py, ported', () => {
  it('test_ridge_vs_lstsq: alpha = 0 without intercept is least squares', () => {
    const next = randn(0);
    const X = matrix(5, 4, next);
    const y = Array.from({ length: 5 }, next);
    const ridge = new Ridge({ alpha: 0, fitIntercept: false }).fit(X, y);
    const ols = new LinearRegression({ fitIntercept: false }).fit(X, y);
    expect(relativeError(flat(ridge.coef_), flat(ols.coef_))).toBeLessThan(EXACT);
  });

  it('test_ridge_individual_penalties: per-target alphas equal one fit per target, for every solver', () => {
    const next = randn(42);
    const X = matrix(20, 10, next);
    const Y = matrix(20, 5, next);
    const penalties = [0, 1, 2, 3, 4];
    const perTarget = penalties.map(
      (alpha, t) =>
        new Ridge({ alpha, solver: 'cholesky' }).fit(
          X,
          Y.map((r) => r[t]!),
        ).coef_ as number[],
    );
    for (const solver of ['svd', 'sparse_cg', 'lsqr', 'cholesky', 'sag', 'saga'] as RidgeSolver[]) {
      const model = new Ridge({ alpha: penalties, solver, tol: 1e-12 }).fit(X, Y);
      expect(relativeError(flat(model.coef_), perTarget.flat()), solver).toBeLessThan(EXACT);
    }
    const bad = new Ridge({ alpha: penalties.slice(0, 4) });
    expect(() => bad.fit(X, Y)).toThrowError(/Number of targets and number of penalties do not correspond: 4 != 5/);
  });

  it('test_ridge_shapes_type: coef (p,) and a scalar intercept for y; (1, p), (1,) for one column; (2, p), (2,)', () => {
    const next = randn(0);
    const X = matrix(5, 10, next);
    const y = Array.from({ length: 5 }, next);
    const ridge = new Ridge();
    ridge.fit(X, y);
    expect((ridge.coef_ as number[]).length).toBe(10);
    expect(typeof ridge.intercept_).toBe('number');
    ridge.fit(
      X,
      y.map((v) => [v]),
    );
    expect((ridge.coef_ as number[][]).map((r) => r.length)).toEqual([10]);
    expect(ridge.intercept_).toHaveLength(1);
    ridge.fit(
      X,
      y.map((v) => [v, 1 + v]),
    );
    expect((ridge.coef_ as number[][]).map((r) => r.length)).toEqual([10, 10]);
    expect(ridge.intercept_).toHaveLength(2);
  });

  it('test_ridge_intercept: multi-target intercepts are the single-target ones', () => {
    const next = randn(0);
    const X = matrix(5, 10, next);
    const y = Array.from({ length: 5 }, next);
    const single = new Ridge().fit(X, y).intercept_ as number;
    const multi = new Ridge().fit(
      X,
      y.map((v) => [v, 1 + v]),
    ).intercept_ as number[];
    expect(multi[0]).toBeCloseTo(single, 12);
    expect(multi[1]).toBeCloseTo(single + 1, 12);
  });

  for (const fitIntercept of [true, false]) {
    for (const sparse of [false, true]) {
      it(`test_ridge_regression_sample_weights: stacked rows with weights s, 1 − s (intercept ${fitIntercept}, ${sparse ? 'CSR' : 'dense'})`, () => {
        const next = randn(7);
        const alpha = 0.7;
        let X = matrix(12, 4, next);
        let y = Array.from({ length: 12 }, next);
        if (!fitIntercept) {
          const xm = X[0]!.map((_v, j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
          const ym = y.reduce((s, v) => s + v, 0) / y.length;
          X = X.map((r) => r.map((v, j) => v - xm[j]!));
          y = y.map((v) => v - ym);
        }
        const reference = new Ridge({ alpha: 1, fitIntercept }).fit(X, y);
        const s = Array.from({ length: 12 }, (_v, i) => ((i * 37) % 11) / 11);
        const stacked = [...X, ...X];
        const sw = [...s, ...s.map((v) => 1 - v)].map((v) => v * alpha);
        const model = new Ridge({ alpha, fitIntercept }).fit(
          sparse ? CsrMatrix.fromDense(stacked) : stacked,
          [...y, ...y],
          { sampleWeight: sw },
        );
        expect(relativeError(flat(model.coef_), flat(reference.coef_))).toBeLessThan(EXACT);
        expect((model.intercept_ as number) - (reference.intercept_ as number)).toBeCloseTo(0, 12);
      });
    }
  }

  it('test_ridge_sample_weight_invariance: weights 2·w equal the data twice with w; zero weights drop rows; ones are none', () => {
    const next = randn(42);
    const X = matrix(100, 300, next);
    const y = Array.from({ length: 100 }, next);
    const sw = Array.from({ length: 100 }, (_v, i) => 0.01 + (i % 13) / 6.5);
    const twice = new Ridge({ alpha: 1 }).fit(X, y, { sampleWeight: sw.map((w) => 2 * w) });
    const dup = new Ridge({ alpha: 1 }).fit([...X, ...X], [...y, ...y], { sampleWeight: [...sw, ...sw] });
    expect(relativeError(flat(twice.coef_), flat(dup.coef_))).toBeLessThan(EXACT);
    expect(twice.intercept_ as number).toBeCloseTo(dup.intercept_ as number, 10);

    const zeros = sw.map((w, i) => (i < 30 ? 0 : w));
    const dropped = new Ridge().fit(X.slice(30), y.slice(30), { sampleWeight: sw.slice(30) });
    const zeroed = new Ridge().fit(X, y, { sampleWeight: zeros });
    expect(relativeError(flat(zeroed.coef_), flat(dropped.coef_))).toBeLessThan(EXACT);
    const ones = new Ridge().fit(X, y, { sampleWeight: 1 });
    expect(relativeError(flat(ones.coef_), flat(new Ridge().fit(X, y).coef_))).toBeLessThan(EXACT);
  });
});

describe('test_ridge.py, ported: sparse input, singular systems, the classifier', () => {
  for (const withWeights of [false, true]) {
    it(`test_ridge_fit_intercept_sparse: CSR with an offset equals dense (weights: ${withWeights})`, () => {
      // _make_sparse_offset_regression: mostly-zero X shifted by an offset, so centring matters
      const next = randn(3);
      const X = matrix(100, 20, next).map((r) => r.map((v, j) => (Math.abs(v) > 1 ? v + 3 + j / 10 : 0)));
      const y = X.map((r) => r.reduce((s, v, j) => s + v * (j % 5), 0) + next());
      const sw = withWeights ? X.map(() => 1 + Math.abs(next())) : undefined;
      const dense = new Ridge().fit(X, y, { sampleWeight: sw });
      const sparse = new Ridge().fit(CsrMatrix.fromDense(X), y, { sampleWeight: sw });
      expect(relativeError(flat(sparse.coef_), flat(dense.coef_))).toBeLessThan(EXACT);
      expect(relativeError(flat(sparse.intercept_), flat(dense.intercept_))).toBeLessThan(EXACT);
    });
  }

  for (const solver of ['saga', 'svd', 'cholesky'] as RidgeSolver[]) {
    it(`test_ridge_fit_intercept_sparse_error: solver '${solver}' cannot fit an intercept on CSR`, () => {
      const X = CsrMatrix.fromDense([
        [1, 0],
        [0, 2],
        [3, 1],
      ]);
      expect(() => new Ridge({ solver }).fit(X, [1, 2, 3])).toThrowError(
        new RegExp(`solver='${solver}' does not support fitting the intercept on sparse data`),
      );
    });
  }

  it('test_sparse_design_with_sample_weights: CSR without intercept equals dense', () => {
    const next = randn(42);
    for (const [n, p] of [
      [2, 3],
      [3, 2],
    ] as const) {
      const X = matrix(n, p, next);
      const y = Array.from({ length: n }, next);
      const sw = Array.from({ length: n }, () => next() ** 2 + 1);
      const dense = new Ridge({ fitIntercept: false }).fit(X, y, { sampleWeight: sw });
      const sparse = new Ridge({ fitIntercept: false }).fit(CsrMatrix.fromDense(X), y, { sampleWeight: sw });
      expect(relativeError(flat(sparse.coef_), flat(dense.coef_))).toBeLessThan(EXACT);
    }
  });

  it('test_ridge_singular (as in earlier releases): alpha = 0 on duplicated rows still fits', () => {
    const next = randn(0);
    const half = matrix(3, 6, next);
    const yHalf = Array.from({ length: 3 }, next);
    const ridge = new Ridge({ alpha: 0 }).fit([...half, ...half], [...yHalf, ...yHalf]);
    expect(ridge.score([...half, ...half], [...yHalf, ...yHalf])).toBeGreaterThan(0.9);
    expect(ridge.solver_).toBe('svd'); // Cholesky met a singular matrix and fell back, as scikit-learn
  });

  it('_test_multi_ridge_diabetes: two copies of y give two copies of the single-target fit', () => {
    const data = loadFixture<{ X: number[][]; y: number[] }>('optimum/data/diabetes.json');
    const single = new Ridge({ fitIntercept: false }).fit(data.X, data.y);
    const multi = new Ridge({ fitIntercept: false }).fit(
      data.X,
      data.y.map((v) => [v, v]),
    );
    const p = single.predict(data.X) as number[];
    expect(
      relativeError(
        (multi.predict(data.X) as number[][]).flat(),
        p.flatMap((v) => [v, v]),
      ),
    ).toBeLessThan(EXACT);
    expect(multi.intercept_).toBe(0); // scikit-learn: intercept_ = 0.0 without an intercept, whatever the targets
  });

  for (const sparse of [false, true]) {
    it(`_test_ridge_classifiers: iris (${sparse ? 'CSR' : 'dense'}), coef (3, 4), accuracy > 0.79`, () => {
      const clf = new RidgeClassifier().fit(sparse ? CsrMatrix.fromDense(iris.X) : iris.X, iris.y);
      expect((clf.coef_ as number[][]).map((r) => r.length)).toEqual([4, 4, 4]);
      expect(clf.score(iris.X, iris.y)).toBeGreaterThan(0.79);
    });
  }

  it('test_class_weights: a small weight on class 1 turns the hyperplane; balanced handles negative labels', () => {
    const X = [
      [-1.0, -1.0],
      [-1.0, 0],
      [-0.8, -1.0],
      [1.0, 1.0],
      [1.0, 0.0],
    ];
    const y = [1, 1, 1, -1, -1];
    expect(new RidgeClassifier().fit(X, y).predict([[0.2, -1.0]])).toEqual([1]);
    expect(new RidgeClassifier({ classWeight: { 1: 0.001 } }).fit(X, y).predict([[0.2, -1.0]])).toEqual([-1]);
    expect(new RidgeClassifier({ classWeight: 'balanced' }).fit(X, y).predict([[0.2, -1.0]])).toEqual([1]);
    const X4 = X.slice(0, 4);
    const y4 = [1, 1, -1, -1];
    const plain = new RidgeClassifier().fit(X4, y4);
    const balanced = new RidgeClassifier({ classWeight: 'balanced' }).fit(X4, y4);
    expect(balanced.classes_).toHaveLength(2);
    expect(relativeError(flat(balanced.coef_), flat(plain.coef_))).toBeLessThan(EXACT);
    expect(relativeError(flat(balanced.intercept_), flat(plain.intercept_))).toBeLessThan(EXACT);
  });

  it('test_class_weight_vs_sample_weight: class weights act as sample weights, and multiply them', () => {
    const coef = (m: RidgeClassifier): number[] => flat(m.coef_);
    expect(
      relativeError(
        coef(new RidgeClassifier({ classWeight: 'balanced' }).fit(iris.X, iris.y)),
        coef(new RidgeClassifier().fit(iris.X, iris.y)),
      ),
    ).toBeLessThan(EXACT);
    const sw = iris.y.map((c) => (c === 1 ? 100 : 1));
    const classWeight = { 0: 1, 1: 100, 2: 1 };
    const bySample = new RidgeClassifier().fit(iris.X, iris.y, { sampleWeight: sw });
    const byClass = new RidgeClassifier({ classWeight }).fit(iris.X, iris.y);
    expect(relativeError(coef(byClass), coef(bySample))).toBeLessThan(EXACT);
    const squared = new RidgeClassifier().fit(iris.X, iris.y, { sampleWeight: sw.map((w) => w * w) });
    const both = new RidgeClassifier({ classWeight }).fit(iris.X, iris.y, { sampleWeight: sw });
    expect(relativeError(coef(both), coef(squared))).toBeLessThan(EXACT);
  });
});

describe('Ridge parameters and errors', () => {
  it('unknown options are refused, listing the valid names', () => {
    for (const make of [() => new Ridge({ alpah: 1 } as never), () => new RidgeClassifier({ alpah: 1 } as never)]) {
      try {
        make();
        expect.unreachable();
      } catch (e) {
        expect(isIcepickleError(e, 'INVALID_PARAMETER')).toBe(true);
        expect((e as { detail: string }).detail).toMatch(
          /unknown parameter 'alpah'; valid parameters: alpha, fitIntercept/,
        );
      }
    }
    expect(() => createEstimator('Ridge', { alpah: 1 })).toThrowError(/alpah/);
  });

  it("bad values are INVALID_PARAMETER with scikit-learn's wording; setParams leaves the model as it was", () => {
    expect(() => new Ridge({ alpha: -1 })).toThrowError(
      /The 'alpha' parameter of Ridge must be a float in the range \[0\.0, inf\)/,
    );
    expect(() => new Ridge({ alpha: [1, Number.NaN] })).toThrowError(/alpha/);
    expect(() => new Ridge({ solver: 'newton' as never })).toThrowError(/solver/);
    expect(() => new RidgeClassifier({ classWeight: 'even' as never })).toThrowError(/class_?[wW]eight/);
    const ridge = new Ridge({ alpha: 2 });
    expect(() => ridge.setParams({ alpha: -3 })).toThrowError(/alpha/);
    expect(ridge.getParams().alpha).toBe(2);
    expect(() => new Ridge({ solver: 'lbfgs' }).fit([[1], [2]], [1, 2])).toThrowError(
      /can be used only when positive=True/,
    );
    try {
      new Ridge({ positive: true }).fit([[1], [2]], [1, 2]);
      expect.unreachable();
    } catch (e) {
      expect(isIcepickleError(e, 'NOT_SUPPORTED')).toBe(true);
    }
  });

  it("scikit-learn's get_params() names, alpha arrays as plain JSON arrays", () => {
    const alpha = Float64Array.of(1, 2);
    const ridge = new Ridge({ alpha: alpha as unknown as number[] });
    alpha[0] = 99; // the model keeps its own copy
    expect(ridge.getSklearnParams()).toEqual({
      alpha: [1, 2],
      fit_intercept: true,
      copy_X: true,
      max_iter: null,
      tol: 1e-4,
      solver: 'auto',
      positive: false,
      random_state: null,
    });
    expect(JSON.parse(JSON.stringify(new RidgeClassifier().getSklearnParams())).class_weight).toBeNull();
  });

  it('a failed fit leaves the fitted model as it was', () => {
    const ridge = new Ridge().fit(
      [
        [1, 2],
        [3, 4],
        [5, 7],
      ],
      [1, 2, 3],
    );
    const before = ridge.getCoefficients();
    expect(() => ridge.fit([[1, Number.NaN]], [1])).toThrowError(/NaN/);
    expect(() => ridge.fit([[1, 2]], [1, 2])).toThrowError(/y has 2 rows but X has 1/);
    expect(() => new RidgeClassifier().fit([[1], [2]], [1, 1])).toThrowError(/at least 2 classes/);
    expect(ridge.getCoefficients()).toEqual(before);
  });

  it('the exact solver refuses systems over its size limit with LIMIT_EXCEEDED', () => {
    const n = 6001;
    const X = new CsrMatrix({
      indptr: Array.from({ length: n + 1 }, (_v, i) => i),
      indices: Array.from({ length: n }, (_v, i) => i),
      data: new Array(n).fill(1),
      shape: [n, n],
    });
    try {
      new Ridge().fit(X, new Array(n).fill(1));
      expect.unreachable();
    } catch (e) {
      expect(isIcepickleError(e, 'LIMIT_EXCEEDED')).toBe(true);
    }
  });
});
