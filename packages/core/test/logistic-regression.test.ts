import { CsrMatrix, DenseMatrix, LogisticRegression, isIcepickleError } from '@icepickle/core';
import { csrFromFixture, firstMismatch, loadFixture, tolerances } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { logisticObjective } from '../src/estimators/logistic-loss.js';
import { minimizeLbfgs } from '../src/math/lbfgs.js';

interface OptimumData {
  kind: 'dense' | 'csr';
  X: any;
  y: number[];
}
interface LogregFixture {
  data_file: string;
  C: number;
  fit_intercept: boolean;
  n_classes: number;
  multinomial: boolean;
  refined: { coef: number[][]; intercept: number[]; objective_value: number };
  default: {
    coef: number[][];
    intercept: number[];
    n_iter: number[];
    warnings: { category: string; message: string }[];
    max_abs_coef_diff_to_refined: number;
  };
  tight: { predict: number[]; predict_proba: number[][] };
}

const CASES = [
  'breast_cancer_C0.1',
  'breast_cancer_C1.0',
  'breast_cancer_C10.0',
  'breast_cancer_C1.0_no_intercept',
  'iris_multinomial_C0.1',
  'iris_multinomial_C1.0',
  'iris_multinomial_C10.0',
  'imdb400_h12_C1.0',
];

function load(name: string): { fx: LogregFixture; X: DenseMatrix | CsrMatrix; y: number[] } {
  const fx = loadFixture<LogregFixture>(`optimum/logreg_${name}.json`);
  const data = loadFixture<OptimumData>(`optimum/${fx.data_file}`);
  const X = data.kind === 'csr' ? csrFromFixture(data.X) : DenseMatrix.fromRows(data.X);
  return { fx, X, y: data.y };
}

/** Multinomial intercepts are defined up to a common constant: compare them centred. */
function centred(v: number[]): number[] {
  if (v.length < 3) return v;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.map((x) => x - mean);
}

function maxRelDiff(a: number[], b: number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

/** F(W, b) as packages/test-utils/fixtures/sklearn/README.md §5 defines it, evaluated independently of the solver. */
function objective(
  X: number[][],
  y: number[],
  coef: number[][],
  intercept: number[],
  C: number,
  multinomial: boolean,
): number {
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    const z = coef.map((w, k) => w.reduce((s, wj, j) => s + wj * X[i]![j]!, 0) + intercept[k]!);
    if (multinomial) {
      const max = Math.max(...z);
      loss += max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0)) - z[y[i]!]!;
    } else {
      loss += Math.log1p(Math.exp(z[0]!)) - y[i]! * z[0]!;
    }
  }
  const sq = coef.flat().reduce((s, w) => s + w * w, 0);
  return loss + sq / (2 * C);
}

/**
 * Our objective and L-BFGS run to the optimum (no relative-decrease stop, gradient ≤ 1e-10), as the
 * estimator cannot be asked to: scikit-learn 1.2.1's stopping (which LogisticRegression copies) ends
 * at scipy's ftol 2.2e-9 whatever `tol` is. Returns W (rows per class) and b.
 */
function solveToOptimum(fx: LogregFixture, X: DenseMatrix | CsrMatrix, y: number[]): { coef: number[][]; b: number[] } {
  const p = X.shape[1];
  const K = fx.multinomial ? fx.n_classes : 1;
  const problem = {
    X,
    target: Int32Array.from(y),
    nClasses: K,
    sampleWeight: new Float64Array(y.length).fill(1),
    l2: 1 / fx.C,
    fitIntercept: fx.fit_intercept,
  };
  const size = (p + (fx.fit_intercept ? 1 : 0)) * K;
  const r = minimizeLbfgs(logisticObjective(problem), new Float64Array(size), {
    gtol: 1e-10,
    ftol: 0,
    maxIter: 10_000,
  });
  // Layout (logistic-loss.ts): binary [w, b]; multinomial feature-major x[j·K + k], then K intercepts.
  const coef = Array.from({ length: K }, (_v, k) =>
    Array.from({ length: p }, (_w, j) => r.x[K === 1 ? j : j * K + k]!),
  );
  const b = Array.from({ length: K }, (_v, k) => (fx.fit_intercept ? r.x[p * K + k]! : 0));
  return { coef, b };
}

describe('LogisticRegression.fit reaches the optimum (packages/test-utils/fixtures/sklearn/optimum)', () => {
  for (const name of CASES) {
    it(`${name}: our objective and L-BFGS reach the refined optimum within ${tolerances.optimumRelative}`, () => {
      const { fx, X, y } = load(name);
      const { coef, b } = solveToOptimum(fx, X, y);
      expect(firstMismatch(coef.flat(), fx.refined.coef.flat(), tolerances.optimumRelative)).toBe(-1);
      expect(firstMismatch(centred(b), centred(fx.refined.intercept), tolerances.optimumRelative)).toBe(-1);
    });

    it(`${name}: default parameters stop where scikit-learn's default fit stops`, () => {
      const { fx, X, y } = load(name);
      const model = new LogisticRegression({ C: fx.C, fitIntercept: fx.fit_intercept }).fit(X, y);
      const coef = (model.coef_ as number[][]).flat();
      const refined = fx.refined.coef.flat();
      const sklearnDefault = fx.default.coef.flat();
      const toRefined = Math.max(...coef.map((c, i) => Math.abs(c - refined[i]!)));
      const toSklearn = Math.max(...coef.map((c, i) => Math.abs(c - sklearnDefault[i]!)));
      // Same stopping rule, different rounding and line-search details: we land about as far from the
      // optimum as scikit-learn does (its default is 1e-4..1e-2 away), and about as far from its answer.
      const sk = fx.default.max_abs_coef_diff_to_refined;
      expect(toRefined).toBeLessThanOrEqual(Math.max(5 * sk, 1e-4));
      expect(toSklearn).toBeLessThanOrEqual(Math.max(5 * sk, 1e-4));
      // The same ConvergenceWarning, with scikit-learn's message, when it hits max_iter (iris, C ≥ 1).
      expect(model.warnings_).toEqual(fx.default.warnings);
      if (fx.default.warnings.length > 0) expect(model.nIter_).toEqual(fx.default.n_iter);
    });
  }

  it('the objective at our solution is not above the refined optimum (dense cases, independent formula)', () => {
    for (const name of ['breast_cancer_C1.0', 'iris_multinomial_C10.0']) {
      const { fx } = load(name);
      const data = loadFixture<OptimumData>(`optimum/${fx.data_file}`);
      const { coef, b } = solveToOptimum(fx, DenseMatrix.fromRows(data.X), data.y);
      const ours = objective(data.X, data.y, coef, b, fx.C, fx.multinomial);
      expect(ours).toBeLessThanOrEqual(fx.refined.objective_value * (1 + 1e-13));
      expect(ours).toBeGreaterThanOrEqual(fx.refined.objective_value * (1 - 1e-13));
    }
  });
});

describe('LogisticRegression.fit options', () => {
  const { X: irisX, y: irisY } = load('iris_multinomial_C1.0');
  const { X: bcX, y: bcY } = load('breast_cancer_C1.0');

  it('dense and CSR input give the same model', () => {
    const dense = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(bcX, bcY);
    const csr = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(
      CsrMatrix.fromDense((bcX as DenseMatrix).toRows()),
      bcY,
    );
    expect(maxRelDiff((csr.coef_ as number[][]).flat(), (dense.coef_ as number[][]).flat())).toBeLessThan(1e-7);
  });

  it('unused CSR columns stay at exactly 0', () => {
    const rows = (bcX as DenseMatrix).toRows().map((r) => [...r, 0, 0]);
    const model = new LogisticRegression().fit(CsrMatrix.fromDense(rows), bcY);
    const coef = (model.coef_ as number[][])[0]!;
    expect(coef).toHaveLength(32);
    expect(coef.slice(30)).toEqual([0, 0]);
  });

  it('integer sample weights equal repeated rows', () => {
    const rows = (bcX as DenseMatrix).toRows().slice(0, 100);
    const y = bcY.slice(0, 100);
    const w = rows.map((_r, i) => 1 + (i % 3));
    const weighted = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(rows, y, { sampleWeight: w });
    const repRows: number[][] = [];
    const repY: number[] = [];
    rows.forEach((r, i) => {
      for (let t = 0; t < w[i]!; t++) {
        repRows.push(r);
        repY.push(y[i]!);
      }
    });
    const repeated = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(repRows, repY);
    expect(maxRelDiff((weighted.coef_ as number[][]).flat(), (repeated.coef_ as number[][]).flat())).toBeLessThan(1e-6);
  });

  it("class_weight 'balanced' (ovr and multinomial) and dict equal the matching sample weights", () => {
    const y = bcY;
    const n1 = y.filter((v) => v === 1).length;
    const n0 = y.length - n1;
    const balanced = new LogisticRegression({ classWeight: 'balanced', tol: 1e-10, maxIter: 10_000 }).fit(bcX, y);
    const sw = y.map((v) => y.length / (2 * (v === 1 ? n1 : n0)));
    const manual = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(bcX, y, { sampleWeight: sw });
    expect(maxRelDiff((balanced.coef_ as number[][]).flat(), (manual.coef_ as number[][]).flat())).toBeLessThan(1e-7);

    const dict = new LogisticRegression({ classWeight: { 0: 3, 2: 0.5 }, tol: 1e-10, maxIter: 10_000 }).fit(
      irisX,
      irisY,
    );
    const sw2 = irisY.map((v) => (v === 0 ? 3 : v === 2 ? 0.5 : 1));
    const manual2 = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(irisX, irisY, { sampleWeight: sw2 });
    expect(maxRelDiff((dict.coef_ as number[][]).flat(), (manual2.coef_ as number[][]).flat())).toBeLessThan(1e-6);
  });

  it("multiClass 'ovr' fits one binary problem per class", () => {
    const ovr = new LogisticRegression({ multiClass: 'ovr', tol: 1e-10, maxIter: 10_000 }).fit(irisX, irisY);
    expect(ovr.nIter_).toHaveLength(3);
    const binary = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(
      irisX,
      irisY.map((v) => (v === 2 ? 1 : 0)),
    );
    expect(maxRelDiff((ovr.coef_ as number[][])[2]!, (binary.coef_ as number[][])[0]!)).toBeLessThan(1e-6);
    const proba = ovr.predictProba(irisX);
    for (const row of proba) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('warmStart continues from the current coefficients', () => {
    const { fx } = load('iris_multinomial_C0.1');
    const model = new LogisticRegression({ C: 0.1, maxIter: 5, warmStart: true }).fit(irisX, irisY);
    expect(model.warnings_.map((w) => w.category)).toEqual(['ConvergenceWarning']);
    expect(model.nIter_).toEqual([5]);
    model.setParams({ maxIter: 1000 });
    model.fit(irisX, irisY);
    const cold = new LogisticRegression({ C: 0.1, maxIter: 1000 }).fit(irisX, irisY);
    // Both stop at scipy's relative-decrease test near the optimum of C = 0.1 (well conditioned).
    // As far from it as scikit-learn's own default fit is, within the factor the tests above allow.
    const refined = fx.refined.coef.flat();
    const bound = Math.max(5 * fx.default.max_abs_coef_diff_to_refined, 1e-4);
    expect(maxRelDiff((model.coef_ as number[][]).flat(), refined)).toBeLessThan(bound);
    expect(maxRelDiff((cold.coef_ as number[][]).flat(), refined)).toBeLessThan(bound);
    // Started near the optimum, a warm fit has little left to do; a cold one starts over.
    expect(model.fit(irisX, irisY).nIter_![0]!).toBeLessThan(cold.nIter_![0]! / 2);
    expect(cold.nIter_![0]!).toBeGreaterThan(50);
  });

  it('string labels, sorted by code point', () => {
    const names = ['setosa', 'versicolor', 'virginica'];
    const model = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(
      irisX,
      irisY.map((v) => names[v]!),
    );
    expect(model.classes_).toEqual(names);
    const numeric = new LogisticRegression({ tol: 1e-10, maxIter: 10_000 }).fit(irisX, irisY);
    expect(maxRelDiff((model.coef_ as number[][]).flat(), (numeric.coef_ as number[][]).flat())).toBe(0);
  });

  it('bad input and parameters throw typed errors and leave the model unchanged', () => {
    const model = new LogisticRegression().fit(bcX, bcY);
    const before = model.coef_;
    const expectCode = (fn: () => unknown, code: string): void => {
      try {
        fn();
      } catch (e) {
        expect(isIcepickleError(e)).toBe(true);
        expect((e as { code: string }).code).toBe(code);
        return;
      }
      throw new Error('expected an error');
    };
    const rows = (bcX as DenseMatrix).toRows();
    expectCode(() => model.fit(rows, bcY.slice(1)), 'SHAPE_MISMATCH');
    expectCode(
      () =>
        model.fit(
          rows.map((r, i) => (i === 3 ? r.map(() => Number.NaN) : r)),
          bcY,
        ),
      'INVALID_INPUT',
    );
    expectCode(
      () =>
        model.fit(
          rows,
          bcY.map(() => 1),
        ),
      'INVALID_INPUT',
    );
    expectCode(() => model.fit(rows, bcY, { sampleWeight: bcY.map(() => -1) }), 'INVALID_INPUT');
    expectCode(() => model.setParams({ C: 0 }).fit(rows, bcY), 'INVALID_PARAMETER');
    expectCode(() => model.setParams({ C: 1, penalty: 'l1' as never }).fit(rows, bcY), 'INVALID_PARAMETER');
    expectCode(() => model.setParams({ penalty: 'l2', maxIter: 1.5 }).fit(rows, bcY), 'INVALID_PARAMETER');
    expectCode(() => model.setParams({ maxIter: 100, classWeight: { 7: 2 } }).fit(rows, bcY), 'INVALID_PARAMETER');
    expectCode(() => model.setParams({ classWeight: null, warmStart: true }).fit(irisX, irisY), 'INVALID_INPUT');
    expect(model.coef_).toEqual(before);
  });

  it("penalty 'none' fits an unpenalised model (separable data stays finite)", () => {
    const model = new LogisticRegression({ penalty: 'none', maxIter: 50 }).fit(irisX, irisY);
    for (const v of (model.coef_ as number[][]).flat()) expect(Number.isFinite(v)).toBe(true);
  });
});
