/**
 * A Pipeline predicts inputs of many rows block by block when every transformer is row-wise (core's
 * pipeline/row-blocks.ts): the outputs must be exactly those of the steps run by hand on all of X, and an
 * error must name the row as X numbers it.
 */
import {
  DenseMatrix,
  IcepickleError,
  LogisticRegression,
  makePipeline,
  type Pipeline,
  SGDRegressor,
} from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler, Normalizer, StandardScaler } from '../src/index.js';

const ROWS = 5000; // about five blocks
const COLS = 7;

/** Deterministic rows with varied scales (a small LCG, so the test needs no seed library). */
function table(rows: number, cols: number): DenseMatrix {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = (next() - 0.3) * 10 ** ((k % cols) - 2);
  return new DenseMatrix(data, [rows, cols]);
}

const X = table(ROWS, COLS);
const labels = Array.from({ length: ROWS }, (_v, i) => (X.data[i * COLS + 3]! + X.data[i * COLS + 4]! > 0.5 ? 1 : 0));

function fitted(): { pipe: Pipeline; scaler: StandardScaler; lr: LogisticRegression } {
  const scaler = new StandardScaler();
  const lr = new LogisticRegression();
  const pipe = makePipeline(scaler, lr);
  pipe.fit(X.sliceRows(0, 1000), labels.slice(0, 1000));
  return { pipe, scaler, lr };
}

describe('Pipeline in row blocks', () => {
  it('predict, decisionFunction and predictProba equal the steps run on all of X, bit for bit', () => {
    const { pipe, scaler, lr } = fitted();
    const scaled = scaler.transform(X);
    const predicted = pipe.predict(X) as number[];
    expect(predicted).toEqual(lr.predict(scaled));
    expect(new Set(predicted).size).toBe(2);
    expect(pipe.decisionFunction(X)).toEqual(lr.decisionFunction(scaled));
    expect(pipe.predictProba(X)).toEqual(lr.predictProba(scaled));
    // rows of numbers are sliced as arrays, with the same values
    expect(pipe.decisionFunction(X.toRows())).toEqual(lr.decisionFunction(scaled));
  });

  it('a multi-step pipeline ending in a regressor gives the same values', () => {
    const minMax = new MinMaxScaler({ featureRange: [-1, 2] });
    const normalizer = new Normalizer({ norm: 'l1' });
    const reg = new SGDRegressor({ maxIter: 5, tol: null, shuffle: false });
    const pipe = makePipeline(minMax, normalizer, reg);
    pipe.fit(X.sliceRows(0, 500), labels.slice(0, 500));
    const expected = reg.predict(normalizer.transform(minMax.transform(X)));
    expect(pipe.predict(X)).toEqual(expected);
  });

  it('an error names the row as X numbers it, not as its block does', () => {
    const normalizer = new Normalizer();
    const pipe = makePipeline(normalizer, new LogisticRegression());
    pipe.fit(X.sliceRows(0, 1000), labels.slice(0, 1000));
    const bad = new DenseMatrix(X.data.slice(), X.shape);
    bad.data[3210 * COLS + 5] = Number.POSITIVE_INFINITY;
    const direct = catchError(() => normalizer.transform(bad));
    const viaPipeline = catchError(() => pipe.predict(bad));
    expect(direct.detail).toContain('row 3210, column 5');
    expect(viaPipeline.code).toBe(direct.code);
    expect(viaPipeline.detail).toBe(direct.detail);
  });
});

function catchError(f: () => unknown): IcepickleError {
  try {
    f();
  } catch (error) {
    if (error instanceof IcepickleError) return error;
    throw error;
  }
  throw new Error('expected an IcepickleError');
}

describe('StandardScaler + a single-output linear model: decisions straight from X (WebAssembly SIMD)', () => {
  for (const [withMean, withStd] of [
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ] as const) {
    it(`withMean ${withMean}, withStd ${withStd}: bit-identical to transform then the model, odd widths too`, () => {
      for (const cols of [7, 6, 1]) {
        const Xc = table(3000, cols);
        const y = Array.from({ length: 3000 }, (_v, i) => (Xc.data[i * cols]! > 0 ? 1 : 0));
        const scaler = new StandardScaler({ withMean, withStd });
        const lr = new LogisticRegression();
        const pipe = makePipeline(scaler, lr).fit(Xc, y);
        // the route is taken: the scaler says what it does to dense X
        expect(scaler.columnAffine()).not.toBeNull();
        expect(scaler.decisionThrough(Xc, lr.decisionWeights())).not.toBeNull();
        const scaled = scaler.transform(Xc);
        expect(pipe.decisionFunction(Xc)).toEqual(lr.decisionFunction(scaled));
        expect(pipe.predict(Xc)).toEqual(lr.predict(scaled));
        expect(pipe.predictProba(Xc)).toEqual(lr.predictProba(scaled));
        expect(pipe.predictLogProba(Xc)).toEqual(lr.predictLogProba(scaled));
      }
    });
  }

  it('a regressor too, and a short X', () => {
    const scaler = new StandardScaler();
    const reg = new SGDRegressor({ maxIter: 5, tol: null, shuffle: false });
    const pipe = makePipeline(scaler, reg).fit(X.sliceRows(0, 700), labels.slice(0, 700));
    expect(pipe.predict(X)).toEqual(reg.predict(scaler.transform(X)));
    const one = X.sliceRows(10, 11);
    expect(pipe.predict(one)).toEqual(reg.predict(scaler.transform(one)));
  });

  it('infinity and NaN in X: the steps run and throw what they throw, naming X’s cell', () => {
    const { pipe, scaler, lr } = fitted();
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN]) {
      const Xb = new DenseMatrix(X.data.slice(), X.shape);
      Xb.data[4321 * COLS + 2] = bad;
      const direct = catchError(() => lr.predict(scaler.transform(Xb)));
      const viaPipeline = catchError(() => pipe.predict(Xb));
      expect(direct.detail).toContain('row 4321, column 2');
      expect([viaPipeline.code, viaPipeline.scope, viaPipeline.detail]).toEqual([
        direct.code,
        direct.scope,
        direct.detail,
      ]);
    }
  });

  it('a wrong number of features is the scaler’s SHAPE_MISMATCH, as without the route', () => {
    const { pipe, scaler } = fitted();
    const narrow = table(10, COLS - 1);
    const direct = catchError(() => scaler.transform(narrow));
    const viaPipeline = catchError(() => pipe.predict(narrow));
    expect(direct.code).toBe('SHAPE_MISMATCH');
    expect([viaPipeline.code, viaPipeline.detail]).toEqual([direct.code, direct.detail]);
  });
});
