/**
 * PackedCsrMatrix (@icepickle/core/packed): decisions in WebAssembly memory must give what the plain
 * JavaScript path gives, bit for bit, and so what scikit-learn gives.
 */
import {
  CsrMatrix,
  DenseMatrix,
  LinearRegression,
  SGDClassifier,
  SGDRegressor,
  isIcepickleError,
} from '@icepickle/core';
import { PackedCsrMatrix } from '@icepickle/core/packed';
import {
  assertModelParity,
  csrFromFixture,
  denseFromNonzeros,
  estimatorForFixture,
  loadFixture,
  modelFixture,
  modelFixtureNames,
} from '@icepickle/test-utils';
import { describe, expect, it, vi } from 'vitest';

const pack = (X: unknown) =>
  PackedCsrMatrix.from(
    X instanceof DenseMatrix ? CsrMatrix.fromDense(X.toRows()) : CsrMatrix.fromDense(X as number[][]),
  );

/** A model that packs X before each call, so assertModelParity checks the packed route against scikit-learn. */
function packing(model: any) {
  return {
    predict: (X: number[][]) => model.predict(pack(X)),
    decisionFunction: (X: number[][]) => model.decisionFunction(pack(X)),
    predictProba: (X: number[][]) => model.predictProba(pack(X)),
    score: (X: number[][], y: unknown) => model.score(pack(X), y),
  };
}

/** A seeded random CSR matrix: float32 or float64 values, unsorted and repeated columns, empty rows. */
function randomCsr(rows: number, cols: number, seed: number, float32 = false): CsrMatrix {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < rows; i++) {
    const n = i % 7 === 3 ? 0 : Math.floor(next() * 40);
    for (let k = 0; k < n; k++) {
      indices.push(k > 0 && next() < 0.05 ? indices[indices.length - 1]! : Math.floor(next() * cols));
      data.push(next() * 4 - 2);
    }
    indptr.push(indices.length);
  }
  const values = float32 ? Float32Array.from(data) : Float64Array.from(data);
  return new CsrMatrix({
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    data: values,
    shape: [rows, cols],
  });
}

function randomWeights(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => (s = (Math.imul(s, 69069) + 1) >>> 0) / 2 ** 31 - 1);
}

describe('PackedCsrMatrix gives scikit-learn 1.2.1 answers for every model fixture', () => {
  it('runs in WebAssembly here (CI must not fall back silently)', () => {
    expect(pack([[1, 0, 2]]).inWebAssembly).toBe(true);
  });
  for (const name of modelFixtureNames()) {
    it(name, () => {
      const f = modelFixture(name);
      const coef = Float64Array.from((f.coef as (number | number[])[]).flat());
      const intercept = Float64Array.from(typeof f.intercept === 'number' ? [f.intercept] : f.intercept);
      const model = estimatorForFixture(f).setCoefficients({
        coef,
        coefShape: f.coef_shape,
        intercept,
        interceptShape: f.intercept_shape,
        classes: f.classes,
      }) as any;
      assertModelParity(packing(model), f, expect);
      // and the very same values as the plain path
      const plain = f.is_classifier ? model.decisionFunction(f.X) : model.predict(f.X);
      expect(f.is_classifier ? model.decisionFunction(pack(f.X)) : model.predict(pack(f.X))).toEqual(plain);
    });
  }
});

describe('bit-identical to the plain path', () => {
  it('binary, multiclass and regression; float64 and float32 values; repeated columns and empty rows', () => {
    for (const float32 of [false, true]) {
      const X = randomCsr(300, 5000, 7, float32);
      const P = PackedCsrMatrix.from(X);
      expect(P.columns.length).toBeLessThan(5000);
      const binary = new SGDClassifier().setCoefficients({
        coef: randomWeights(5000, 1),
        coefShape: [1, 5000],
        intercept: Float64Array.of(0.25),
        interceptShape: [1],
        classes: [0, 1],
      });
      const three = new SGDClassifier({ loss: 'log_loss' }).setCoefficients({
        coef: randomWeights(15000, 2),
        coefShape: [3, 5000],
        intercept: Float64Array.of(-1, 0, 1),
        interceptShape: [3],
        classes: ['a', 'b', 'c'],
      });
      const regressor = new SGDRegressor().setCoefficients({
        coef: randomWeights(5000, 3),
        coefShape: [5000],
        intercept: Float64Array.of(3),
        interceptShape: [],
      });
      const twoTargets = new LinearRegression().setCoefficients({
        coef: randomWeights(10000, 4),
        coefShape: [2, 5000],
        intercept: Float64Array.of(1, 2),
        interceptShape: [2],
      });
      for (const model of [binary, three]) {
        expect(model.decisionFunction(P)).toEqual(model.decisionFunction(X));
        expect(model.predict(P)).toEqual(model.predict(X));
      }
      expect(three.predictProba(P)).toEqual(three.predictProba(X));
      expect(regressor.predict(P)).toEqual(regressor.predict(X));
      expect(twoTargets.predict(P)).toEqual(twoTargets.predict(X));
      // the values really differ from row to row (an all-zero answer would pass the comparisons too)
      expect(new Set(binary.decisionFunction(P) as number[]).size).toBeGreaterThan(250);
    }
  });

  it('a few rows over many columns (renumbered by binary search, not a table of every column)', () => {
    for (const seed of [1, 2, 3]) {
      const X = randomCsr(2, 100_000, seed);
      expect(X.nnz).toBeGreaterThan(10);
      expect(X.nnz * 8).toBeLessThan(100_000);
      const P = PackedCsrMatrix.from(X);
      expect(P.inWebAssembly).toBe(true);
      const clf = new SGDClassifier({ loss: 'log_loss' }).setCoefficients({
        coef: randomWeights(300_000, seed),
        coefShape: [3, 100_000],
        intercept: Float64Array.of(1, 2, 3),
        interceptShape: [3],
        classes: [0, 1, 2],
      });
      expect(clf.decisionFunction(P)).toEqual(clf.decisionFunction(X));
      expect(clf.predictProba(P)).toEqual(clf.predictProba(X));
    }
  });

  it('a few entries over 2^31 - 1 columns pack without a table or bit set of every column', () => {
    const nCols = 2 ** 31 - 1;
    const X = new CsrMatrix({
      indptr: [0, 3, 5],
      indices: [7, 2 ** 30, nCols - 1, 7, 7],
      data: [1, 2, 3, 4, 5],
      shape: [2, nCols],
    });
    const before = process.memoryUsage().arrayBuffers;
    const P = PackedCsrMatrix.from(X);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 20);
    expect(P.columns).toEqual(Int32Array.of(7, 2 ** 30, nCols - 1));
    // weights of 2^31 - 1 columns cannot be allocated: a stand-in whose column j weighs j % 1000
    const w = new Proxy(
      {},
      { get: (_, k) => (typeof k === 'string' && /^\d+$/.test(k) ? Number(k) % 1000 : undefined) },
    ) as Float64Array;
    // [1*7 + 2*(2^30 % 1000) + 3*((2^31-2) % 1000), 4*7 + 5*7]
    expect(Array.from(P.linearDecision(w, Float64Array.of(0.5), 1)!)).toEqual([
      7 + 2 * (2 ** 30 % 1000) + 3 * ((nCols - 1) % 1000) + 0.5,
      28 + 35 + 0.5,
    ]);
  });

  it('follows the model as it trains (each call gathers the current weights)', () => {
    const X = randomCsr(200, 3000, 11);
    const y = Array.from({ length: 200 }, (_, i) => i % 2);
    const P = PackedCsrMatrix.from(X);
    const clf = new SGDClassifier({ shuffle: false });
    for (let round = 0; round < 3; round++) {
      clf.partialFit(X, y, { classes: [0, 1] });
      expect(clf.decisionFunction(P)).toEqual(clf.decisionFunction(X));
    }
  });

  it("a loaded pre-trained LogisticRegression on hashed reviews (packages/test-utils/fixtures/sklearn/finetune): scikit-learn's decisions", () => {
    const ft = loadFixture('finetune/finetune.json');
    const X = csrFromFixture(loadFixture(`finetune/${ft.X_file}`).X);
    const coef = denseFromNonzeros(ft.pretrained.coef);
    const clf = new SGDClassifier({ loss: 'log_loss' }).setCoefficients({
      coef,
      coefShape: [1, coef.length],
      intercept: Float64Array.from(ft.pretrained.intercept),
      interceptShape: [1],
      classes: ft.pretrained.classes,
    });
    const P = PackedCsrMatrix.from(X);
    const ours = clf.decisionFunction(P) as number[];
    expect(ours).toEqual(clf.decisionFunction(X));
    const theirs = ft.before.decision_function as number[];
    expect(ours.length).toBe(theirs.length);
    ours.forEach((v, i) =>
      expect(Math.abs(v - theirs[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(theirs[i]!))),
    );
    expect(clf.predict(P)).toEqual(ft.before.predict);
  });

  it('slices and stacks of a packed matrix are plain matrices with the same rows', () => {
    const P = PackedCsrMatrix.from(randomCsr(50, 400, 5));
    const slice = P.sliceRows(10, 20);
    expect(slice).not.toBeInstanceOf(PackedCsrMatrix);
    const clf = new SGDClassifier().setCoefficients({
      coef: randomWeights(400, 9),
      coefShape: [1, 400],
      intercept: Float64Array.of(0),
      interceptShape: [1],
      classes: [0, 1],
    });
    expect(clf.decisionFunction(slice)).toEqual((clf.decisionFunction(P) as number[]).slice(10, 20));
  });
});

describe('input', () => {
  it("shares the source's arrays and leaves the source as it was; packing twice returns the same matrix", () => {
    const X = randomCsr(20, 100, 3);
    const before = { indices: X.indices.slice(), data: X.data.slice() };
    const P = PackedCsrMatrix.from(X);
    expect(P.indices).toBe(X.indices);
    expect(P.data).toBe(X.data);
    expect(X.indices).toEqual(before.indices);
    expect(X.data).toEqual(before.data);
    expect(PackedCsrMatrix.from(P)).toBe(P);
    // parts (as a CsrMatrix of another copy of core has) are taken too
    const parts = PackedCsrMatrix.from({ indptr: X.indptr, indices: X.indices, data: X.data, shape: X.shape });
    expect(parts.indices).toBe(X.indices);
    expect(parts.columns).toEqual(P.columns);
    expect(P).toBeInstanceOf(CsrMatrix);
  });

  it('decisions read the packed copy only: arrays changed after packing (even indptr) do not reach them', () => {
    const X = randomCsr(30, 500, 21);
    const P = PackedCsrMatrix.from(X);
    const clf = new SGDClassifier().setCoefficients({
      coef: randomWeights(500, 4),
      coefShape: [1, 500],
      intercept: Float64Array.of(0),
      interceptShape: [1],
      classes: [0, 1],
    });
    const before = clf.decisionFunction(P);
    P.indptr.fill(2 ** 30);
    P.data.fill(7);
    expect(clf.decisionFunction(P)).toEqual(before);
  });

  it('a CsrMatrix built unvalidated is checked: a column outside it, or rows pointing past the entries, is a typed error', () => {
    const bad = new CsrMatrix(
      { indptr: Int32Array.of(0, 2), indices: Int32Array.of(1, 9), data: Float64Array.of(1, 2), shape: [1, 5] },
      { validate: false },
    );
    const error = (() => {
      try {
        PackedCsrMatrix.from(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(isIcepickleError(error) && error.code).toBe('INVALID_INPUT');
    expect(String((error as Error).message)).toMatch(/column index 9 at entry 1 is outside \[0, 5\)/);
    const pastTheEnd = new CsrMatrix(
      { indptr: Int32Array.of(0, 1, 4), indices: Int32Array.of(0, 1), data: Float64Array.of(1, 2), shape: [2, 5] },
      { validate: false },
    );
    expect(() => PackedCsrMatrix.from(pastTheEnd)).toThrow(/indptr says 4 stored entries but indices has 2/);
    const backwards = new CsrMatrix(
      { indptr: Int32Array.of(0, 2, 1), indices: Int32Array.of(0, 1), data: Float64Array.of(1, 2), shape: [2, 5] },
      { validate: false },
    );
    expect(() => PackedCsrMatrix.from(backwards)).toThrow(/indptr decreases at row 1/);
    expect(() => PackedCsrMatrix.from([[1, 2]] as never)).toThrow(/expected a CsrMatrix/);
  });

  it('the usual checks still apply: wrong feature count, NaN in X', () => {
    const clf = new SGDClassifier().setCoefficients({
      coef: randomWeights(100, 1),
      coefShape: [1, 100],
      intercept: Float64Array.of(0),
      interceptShape: [1],
      classes: [0, 1],
    });
    expect(() => clf.decisionFunction(PackedCsrMatrix.from(randomCsr(5, 99, 1)))).toThrow(/99 features/);
    const nan = new CsrMatrix(
      { indptr: Int32Array.of(0, 1), indices: Int32Array.of(3), data: Float64Array.of(Number.NaN), shape: [1, 100] },
      { validate: false },
    );
    expect(() => clf.decisionFunction(PackedCsrMatrix.from(nan))).toThrow(/NaN at stored entry 0/);
  });

  it('where WebAssembly cannot be compiled (a CSP, some edge runtimes), decisions run on the plain path, same values', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', {
      ...WebAssembly,
      Module: class {
        constructor() {
          throw new WebAssembly.CompileError('WebAssembly.Module(): disallowed by the embedder');
        }
      },
    });
    try {
      // a fresh copy of core, whose kernel has not been compiled yet
      const core = await import('../src/index.js');
      const { PackedCsrMatrix: FreshPacked } = await import('../src/packed.js');
      const X = new core.CsrMatrix(randomCsr(100, 2000, 13));
      const P = FreshPacked.from(X);
      expect(P.inWebAssembly).toBe(false);
      expect(P.linearDecision(randomWeights(2000, 1), Float64Array.of(0), 1)).toBeUndefined();
      const clf = new core.SGDClassifier().setCoefficients({
        coef: randomWeights(2000, 1),
        coefShape: [1, 2000],
        intercept: Float64Array.of(0.5),
        interceptShape: [1],
        classes: [0, 1],
      });
      expect(clf.decisionFunction(P)).toEqual(clf.decisionFunction(X));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('a matrix with no rows has no WebAssembly copy and decides on the plain path', () => {
    const P = PackedCsrMatrix.from(new CsrMatrix({ indptr: [0], indices: [], data: [], shape: [0, 10] }));
    expect(P.inWebAssembly).toBe(false);
  });
});
