/**
 * Large sparse batches of a single-output model are decided in WebAssembly (math/wasm-decision.ts):
 * bit for bit the JavaScript loop's values, and never from a stale copy of the weights.
 */
import { CsrMatrix, SGDClassifier, SGDRegressor } from '@icepickle/core';
import { csrFromFixture, loadFixture } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { linearDecision } from '../src/math/decision.js';
import { WasmVectorDecision } from '../src/math/wasm-decision.js';

const imdb = loadFixture('sgd/data/imdb200.json');
const imdbX: CsrMatrix = csrFromFixture(imdb.X);
// 5 × 200 reviews plus an empty row and an odd count: well above the 32768 entries where WebAssembly starts
const empty = new CsrMatrix({ indptr: Int32Array.of(0, 0), indices: new Int32Array(0), data: new Float64Array(0), shape: [1, imdbX.shape[1]] });
const big = CsrMatrix.vstack([imdbX, imdbX, empty, imdbX, imdbX, imdbX.sliceRows(0, 198)]);
const y = imdb.y as number[];

/** The JavaScript loop's values for the model's current coefficients. */
function reference(m: SGDClassifier | SGDRegressor, X: CsrMatrix): number[] {
  const c = m.getCoefficients();
  return Array.from(linearDecision(X, c.coef, c.intercept, 1));
}

describe('WebAssembly decisions for large sparse batches', () => {
  it('equal the JavaScript loop bit for bit (first call in JavaScript, then through the copy)', () => {
    expect(big.nnz).toBeGreaterThan(1 << 15);
    expect(big.shape[0] % 2).toBe(1);
    const m = new SGDClassifier({ maxIter: 5, tol: null, shuffle: false }).fit(imdbX, y);
    const want = reference(m, big);
    for (let call = 0; call < 3; call++) expect(m.decisionFunction(big), `call ${call}`).toEqual(want);
    // the kernel itself, straight: rows summed left to right plus b, across several blocks of rows
    const w = m.getCoefficients().coef;
    const kernel = WasmVectorDecision.create(w)!;
    const wide = CsrMatrix.vstack(Array.from({ length: 12 }, () => big));
    const out = new Float64Array(wide.shape[0]);
    expect(kernel.decide(wide, 0.25, out)).toBe(true);
    expect(Array.from(out)).toEqual(Array.from(linearDecision(wide, w, Float64Array.of(0.25), 1)));
  });

  it('never answer from weights that changed since the copy (partialFit in place, a diverging partialFit, setCoefficients, refit)', () => {
    const m = new SGDClassifier({ shuffle: false }).partialFit(imdbX, y, { classes: [0, 1] });
    const warm = (): void => {
      m.decisionFunction(big);
      m.decisionFunction(big);
    };
    warm();
    m.partialFit(imdbX, y);
    expect(m.decisionFunction(big)).toEqual(reference(m, big));
    warm();
    m.setParams({ learningRate: 'invscaling', eta0: 1e284, powerT: -30, penalty: null });
    expect(() => m.partialFit(imdbX, y)).toThrow(/under-\/overflow/);
    expect(m.decisionFunction(big)).toEqual(reference(m, big));
    warm();
    const other = new SGDClassifier({ maxIter: 2, tol: null, shuffle: false }).fit(imdbX, y).getCoefficients();
    m.setCoefficients(other);
    expect(m.decisionFunction(big)).toEqual(reference(m, big));
    warm();
    m.setParams({ learningRate: 'optimal', eta0: 0, powerT: 0.5, penalty: 'l2', maxIter: 3, tol: null }).fit(imdbX, y);
    expect(m.decisionFunction(big)).toEqual(reference(m, big));
    const r = new SGDRegressor({ shuffle: false }).partialFit(imdbX, y);
    r.predict(big);
    r.predict(big);
    r.partialFit(imdbX, y);
    expect(r.predict(big)).toEqual(reference(r, big));
  });

  it('leave float32 values and rows longer than a block to the JavaScript loop, with the same values', () => {
    const m = new SGDClassifier({ maxIter: 2, tol: null, shuffle: false }).fit(imdbX, y);
    const kernel = WasmVectorDecision.create(m.getCoefficients().coef)!;
    const out = new Float64Array(big.shape[0]);
    const f32 = new CsrMatrix({ indptr: big.indptr, indices: big.indices, data: Float32Array.from(big.data), shape: big.shape });
    expect(kernel.decide(f32, 0, out)).toBe(false);
    const n = 10000;
    const long = new CsrMatrix({ indptr: Int32Array.of(0, n), indices: Int32Array.from({ length: n }, (_v, j) => j % 4096), data: new Float64Array(n).fill(0.5), shape: [1, imdbX.shape[1]] });
    expect(kernel.decide(long, 0, new Float64Array(1))).toBe(false);
    for (const X of [f32, long]) {
      m.decisionFunction(X);
      expect(m.decisionFunction(X)).toEqual(reference(m, X));
    }
  });
});
