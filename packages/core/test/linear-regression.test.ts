import { spawnSync } from 'node:child_process';
import { CsrMatrix, DenseMatrix, LinearRegression, isIcepickleError } from '@icepickle/core';
import { csrFromFixture, firstMismatch, loadFixture } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

interface LinregFixture {
  data_file: string;
  sparse: boolean;
  params: { fit_intercept: boolean };
  coef: number[] | number[][];
  intercept: number | number[];
  predict: number[] | number[][];
  score_r2: number;
  rank?: number;
  singular?: number[];
  exact_min_norm: {
    coef: number[] | number[][];
    intercept: number | number[];
    rank: number;
    residual_sum_of_squares: number;
  };
}

/** Dense: gelsd and our SVD agree to rounding; 1e-9 relative leaves room for conditioning. */
const EXACT = 1e-9;

function load(name: string): { fx: LinregFixture; X: DenseMatrix | CsrMatrix; y: number[] | number[][] } {
  const fx = loadFixture<LinregFixture>(`optimum/linreg_${name}.json`);
  const data = loadFixture<{ kind: string; X: any; y: number[] | number[][] }>(`optimum/${fx.data_file}`);
  const X = data.kind === 'csr' ? csrFromFixture(data.X) : DenseMatrix.fromRows(data.X);
  return { fx, X, y: data.y };
}

const flat = (v: number | number[] | number[][]): number[] => (typeof v === 'number' ? [v] : (v as number[][]).flat());

describe('LinearRegression.fit equals the exact least-squares solution (packages/test-utils/fixtures/sklearn/optimum)', () => {
  for (const name of ['diabetes', 'diabetes_no_intercept', 'linnerud_multioutput']) {
    it(`${name} (dense): coef, intercept, rank_, singular_ as scikit-learn`, () => {
      const { fx, X, y } = load(name);
      const model = new LinearRegression({ fitIntercept: fx.params.fit_intercept }).fit(X, y);
      expect(firstMismatch(flat(model.coef_), flat(fx.exact_min_norm.coef), EXACT)).toBe(-1);
      expect(firstMismatch(flat(model.intercept_), flat(fx.exact_min_norm.intercept), EXACT)).toBe(-1);
      // scikit-learn's own dense result is gelsd's, the same numbers.
      expect(firstMismatch(flat(model.coef_), flat(fx.coef), EXACT)).toBe(-1);
      expect(Array.isArray(model.intercept_)).toBe(Array.isArray(fx.intercept));
      expect(model.rank_).toBe(fx.rank);
      expect(firstMismatch(model.singular_!, fx.singular!, 1e-12)).toBe(-1);
      expect(firstMismatch(flat(model.predict(X)), flat(fx.predict), 1e-12)).toBe(-1);
      expect(model.score(X, y)).toBeCloseTo(fx.score_r2, 12);
    });
  }

  it("imdb500_h7 (CSR, overdetermined): the exact solution; scikit-learn's lsqr is within its tolerance", () => {
    const { fx, X, y } = load('imdb500_h7_sparse');
    const model = new LinearRegression().fit(X, y);
    expect(firstMismatch(flat(model.coef_), flat(fx.exact_min_norm.coef), EXACT)).toBe(-1);
    expect(firstMismatch(flat(model.intercept_), flat(fx.exact_min_norm.intercept), EXACT)).toBe(-1);
    expect(firstMismatch(flat(model.coef_), flat(fx.coef), 1e-4)).toBe(-1);
    expect(firstMismatch(flat(model.predict(X)), flat(fx.predict), 1e-4)).toBe(-1);
    expect(model.rank_).toBeUndefined();
    expect(model.singular_).toBeUndefined();
  });

  it('imdb200_h10 (CSR, 200 × 1024): the minimum-norm interpolant', () => {
    const { fx, X, y } = load('imdb200_h10_sparse');
    const model = new LinearRegression().fit(X, y);
    const coef = flat(model.coef_);
    // It interpolates y.
    expect(firstMismatch(model.predict(X) as number[], y as number[], 1e-10)).toBe(-1);
    // The fixture's exact_min_norm came from scipy's gelsd with rcond = eps, which counted a rounding-noise
    // singular value (1.3e-15; centred 200-row data has rank ≤ 199) and so is not minimal: ours is shorter.
    const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    expect(norm(coef)).toBeLessThan(norm(flat(fx.exact_min_norm.coef)) - 0.1);
    // The minimum-norm solution, computed live by numpy (lstsq, default rcond = eps·max(n, p)).
    const live = numpyMinNorm(fx.data_file);
    expect(firstMismatch(coef, live.coef, EXACT)).toBe(-1);
    expect(firstMismatch(flat(model.intercept_), [live.intercept], EXACT)).toBe(-1);
    // scikit-learn's lsqr answer approximates the same point (within lsqr's 1e-6 stopping tolerances).
    expect(firstMismatch(coef, flat(fx.coef), 1e-4)).toBe(-1);
    expect(Math.abs((model.intercept_ as number) - (fx.intercept as number))).toBeLessThan(1e-4);
  });
});

function numpyMinNorm(dataFile: string): { coef: number[]; intercept: number } {
  const script = `
import json, sys, numpy as np, scipy.sparse as sp
d = json.load(open(sys.argv[1]))
X = d['X']; X = sp.csr_matrix((X['data'], X['indices'], X['indptr']), shape=X['shape']).toarray()
y = np.array(d['y'], dtype=float)
xm = X.mean(axis=0); ym = y.mean()
c = np.linalg.lstsq(X - xm, y - ym, rcond=None)[0]
print(json.dumps({'coef': c.tolist(), 'intercept': float(ym - xm @ c)}))
`;
  const path = new URL(`../../test-utils/fixtures/sklearn/optimum/${dataFile}`, import.meta.url).pathname;
  const run = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('LinearRegression.fit options', () => {
  const { X: diabetesX, y: diabetesY } = load('diabetes');
  const rows = (diabetesX as DenseMatrix).toRows().slice(0, 60);
  const y = (diabetesY as number[]).slice(0, 60);

  it('integer sample weights equal repeated rows (dense and CSR)', () => {
    const w = rows.map((_r, i) => 1 + (i % 4));
    const repRows: number[][] = [];
    const repY: number[] = [];
    rows.forEach((r, i) => {
      for (let t = 0; t < w[i]!; t++) {
        repRows.push(r);
        repY.push(y[i]!);
      }
    });
    const repeated = new LinearRegression().fit(repRows, repY);
    const weighted = new LinearRegression().fit(rows, y, { sampleWeight: w });
    const sparse = new LinearRegression().fit(CsrMatrix.fromDense(rows), y, { sampleWeight: w });
    expect(firstMismatch(flat(weighted.coef_), flat(repeated.coef_), 1e-9)).toBe(-1);
    expect(firstMismatch(flat(sparse.coef_), flat(repeated.coef_), 1e-9)).toBe(-1);
    expect(firstMismatch(flat(weighted.intercept_), flat(repeated.intercept_), 1e-9)).toBe(-1);
  });

  it('rank-deficient dense X: duplicated column shares the weight (minimum norm), rank_ counts it once', () => {
    const dup = rows.map((r) => [r[0]!, r[0]!, r[1]!]);
    const single = new LinearRegression().fit(
      rows.map((r) => [r[0]!, r[1]!]),
      y,
    );
    const model = new LinearRegression().fit(dup, y);
    const [a, b] = single.coef_ as number[];
    expect(firstMismatch(model.coef_ as number[], [a! / 2, a! / 2, b!], 1e-9)).toBe(-1);
    expect(model.rank_).toBe(2);
    expect(model.singular_).toHaveLength(3);
  });

  it('more columns than rows (dense) gives the minimum-norm interpolant, as numpy', () => {
    const wide = rows.slice(0, 5);
    const model = new LinearRegression({ fitIntercept: false }).fit(wide, y.slice(0, 5));
    expect(firstMismatch(model.predict(wide) as number[], y.slice(0, 5), 1e-10)).toBe(-1);
    // Minimum norm ⇔ coef lies in the row space: coef = Xᵀ·z; the 5 rows span a 5-dim space, so
    // projecting coef onto it (via the dense model on XXᵀ) must give coef back.
    const gram = wide.map((r) => wide.map((s) => r.reduce((acc, v, j) => acc + v * s[j]!, 0)));
    const c = model.coef_ as number[];
    const rhs = wide.map((r) => r.reduce((acc, v, j) => acc + v * c[j]!, 0));
    const z = new LinearRegression({ fitIntercept: false }).fit(gram, rhs).coef_ as number[];
    const back = c.map((_v, j) => wide.reduce((acc, r, i) => acc + r[j]! * z[i]!, 0));
    expect(firstMismatch(back, c, 1e-9)).toBe(-1);
    expect(model.rank_).toBe(5);
  });

  it('y as rows of one target gives 2-D coef (1, p) and intercept (1,), as scikit-learn', () => {
    const model = new LinearRegression().fit(
      rows,
      y.map((v) => [v]),
    );
    expect((model.coef_ as number[][]).length).toBe(1);
    expect(model.intercept_).toHaveLength(1);
    const plain = new LinearRegression().fit(rows, y);
    expect(firstMismatch((model.coef_ as number[][])[0]!, plain.coef_ as number[], 1e-12)).toBe(-1);
  });

  it('bad input throws typed errors and leaves the model unchanged', () => {
    const model = new LinearRegression().fit(rows, y);
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
    expectCode(() => model.fit(rows, y.slice(1)), 'SHAPE_MISMATCH');
    expectCode(
      () =>
        model.fit(
          rows,
          y.map((v, i) => (i === 2 ? Number.POSITIVE_INFINITY : v)),
        ),
      'INVALID_INPUT',
    );
    expectCode(
      () =>
        model.fit(
          rows.map((r, i) => (i === 1 ? r.map(() => Number.NaN) : r)),
          y,
        ),
      'INVALID_INPUT',
    );
    expectCode(() => model.fit(rows, y, { sampleWeight: y.slice(2) }), 'SHAPE_MISMATCH');
    expectCode(() => model.setParams({ positive: true }).fit(rows, y), 'NOT_SUPPORTED');
    expect(model.coef_).toEqual(before);
  });
});

describe('LinearRegression.fit vs live scikit-learn 1.2.1 (sample weights)', () => {
  const PY = String.raw`
import json, sys
import numpy as np
from sklearn.linear_model import LinearRegression
req = json.load(sys.stdin)
out = []
for case in req:
    d = json.load(open(case["path"]))
    X = np.array(d["X"], dtype=float); y = np.array(d["y"], dtype=float)
    sw = np.random.RandomState(7).uniform(0.25, 2, len(y))
    m = LinearRegression(fit_intercept=case["fit_intercept"]).fit(X, y, sample_weight=sw)
    out.append({"coef": np.ravel(m.coef_).tolist(), "intercept": np.ravel(m.intercept_).tolist(), "rank": int(m.rank_),
                "singular": m.singular_.tolist(), "sw": sw.tolist()})
json.dump(out, sys.stdout)
`;
  const cases = [
    { data: 'diabetes', fit_intercept: true },
    { data: 'diabetes', fit_intercept: false },
    { data: 'linnerud', fit_intercept: true },
  ];
  const run = spawnSync('/usr/bin/python3', ['-c', PY], {
    input: JSON.stringify(
      cases.map((c) => ({
        ...c,
        path: new URL(`../../test-utils/fixtures/sklearn/optimum/data/${c.data}.json`, import.meta.url).pathname,
      })),
    ),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`scikit-learn side failed: ${run.stderr}`);
  const reference = JSON.parse(run.stdout) as {
    coef: number[];
    intercept: number[];
    rank: number;
    singular: number[];
    sw: number[];
  }[];
  for (const [i, c] of cases.entries()) {
    it(`${c.data}, fitIntercept ${c.fit_intercept}`, () => {
      const ref = reference[i]!;
      const data = loadFixture<{ X: number[][]; y: number[] | number[][] }>(`optimum/data/${c.data}.json`);
      const model = new LinearRegression({ fitIntercept: c.fit_intercept }).fit(data.X, data.y, {
        sampleWeight: ref.sw,
      });
      expect(firstMismatch(flat(model.coef_), ref.coef, EXACT)).toBe(-1);
      expect(firstMismatch(flat(model.intercept_), ref.intercept, EXACT)).toBe(-1);
      expect(model.rank_).toBe(ref.rank);
      expect(firstMismatch(model.singular_!, ref.singular, 1e-12)).toBe(-1);
    });
  }
});
