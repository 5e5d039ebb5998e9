/**
 * core's Pipeline / FeatureUnion against scikit-learn's (sklearn/pipeline.py, 1.2.1), and their own rules:
 * partialFit learns in the final step only; a union weights its parts in their own dtype.
 */
import {
  CsrMatrix,
  DenseMatrix,
  FeatureUnion,
  LinearRegression,
  Pipeline,
  SGDClassifier,
  isIcepickleError,
  makePipeline,
  makeUnion,
} from '@icepickle/core';
import { firstMismatch, hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

/** Columns [from, to) of a dense X, times `factor`: scikit-learn's FunctionTransformer(lambda X: X[:, a:b] * f). */
class Columns {
  readonly className = 'Columns';
  fitted = 0;
  constructor(
    readonly from: number,
    readonly to: number,
    readonly factor = 1,
  ) {}
  fit(): this {
    this.fitted += 1;
    return this;
  }
  transform(X: number[][]): DenseMatrix {
    return DenseMatrix.fromRows(X.map((r) => r.slice(this.from, this.to).map((v) => v * this.factor)));
  }
}

const X = [
  [1, 2, 3, 4],
  [2, 0, 1, 3],
  [0, 1, 5, 2],
  [3, 3, 0, 1],
  [4, 1, 2, 0],
  [1, 5, 1, 1],
  [2, 2, 2, 5],
];
const y = [3.5, 1.25, 6, 2, 1.5, 4, 7.75];

describe('Pipeline and FeatureUnion equal scikit-learn', () => {
  it.runIf(hasSklearn())('a weighted union of column blocks + LinearRegression: fit, predict, score', () => {
    const pipe = makePipeline(
      new FeatureUnion(
        [
          ['left', new Columns(0, 2)],
          ['right', new Columns(2, 4, 2)],
        ],
        { right: 0.25 },
      ),
      new LinearRegression(),
    );
    pipe.fit(X, y);
    const theirs = runPythonCode<{ predict: number[]; score: number; names: string[] }>(
      `
import json, sys
import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer
job = json.load(sys.stdin)
X, y = np.array(job["X"], dtype=float), np.array(job["y"])
union = FeatureUnion([("left", FunctionTransformer(lambda X: X[:, :2])), ("right", FunctionTransformer(lambda X: X[:, 2:] * 2))], transformer_weights={"right": 0.25})
pipe = make_pipeline(union, LinearRegression()).fit(X, y)
print(json.dumps({"predict": pipe.predict(X).tolist(), "score": pipe.score(X, y), "names": [n for n, _ in pipe.steps]}))`,
      { X, y },
    );
    expect(pipe.steps.map(([n]) => n)).toEqual(theirs.names);
    expect(firstMismatch(pipe.predict(X) as number[], theirs.predict, 1e-9)).toBe(-1);
    expect(Math.abs(pipe.score(X, y) - theirs.score)).toBeLessThan(1e-9);
  });

  it('weights a float32 part in float32, as numpy multiplies a float32 array by a Python float', () => {
    const part = {
      transform: () =>
        new CsrMatrix({ indptr: [0, 1], indices: [0], data: Float32Array.of(0.1), shape: [1, 1] }, { validate: false }),
    };
    const out = new FeatureUnion([['p', part]], { p: 0.3 }).transform(null) as CsrMatrix;
    expect(out.data[0]).toBe(Math.fround(Math.fround(0.1) * Math.fround(0.3)));
    expect(out.data[0]).not.toBe(Math.fround(0.1) * 0.3);
  });
});

describe('Pipeline', () => {
  it('partialFit transforms with the fitted transformers and updates only the final estimator', () => {
    const cols = new Columns(0, 4);
    const pipe = new Pipeline([
      ['cols', cols],
      ['sgd', new SGDClassifier({ shuffle: false, randomState: 0 })],
    ]);
    const labels = y.map((v) => Number(v > 3));
    pipe.partialFit(X, labels, { classes: [0, 1] });
    pipe.partialFit(X, labels);
    expect(cols.fitted).toBe(0);
    const alone = new SGDClassifier({ shuffle: false, randomState: 0 });
    alone.partialFit(X, labels, { classes: [0, 1] });
    alone.partialFit(X, labels);
    expect(pipe.decisionFunction(X)).toEqual(alone.decisionFunction(X));
    expect(pipe.classes_).toEqual([0, 1]);
  });

  it('fit fits every transformer once; transform needs a transformer at the end', () => {
    const cols = new Columns(0, 3);
    const pipe = makePipeline(cols, new LinearRegression()).fit(X, y);
    expect(cols.fitted).toBe(1);
    const error = (() => {
      try {
        pipe.transform(X);
      } catch (e) {
        return e;
      }
    })();
    expect(isIcepickleError(error, 'NOT_SUPPORTED')).toBe(true);
  });

  it('refuses bad names and union weights naming parts it does not have', () => {
    expect(() => new Pipeline([['a__b', new LinearRegression()]])).toThrow(/must not contain __/);
    expect(() => new FeatureUnion([['a', new Columns(0, 1)]], { b: 2 })).toThrow(/not a part/);
    expect(() => new FeatureUnion([['a', new Columns(0, 1)]], { a: Number.NaN })).toThrow(/finite/);
    expect(makeUnion(new Columns(0, 1), new Columns(1, 2)).transformerList.map(([n]) => n)).toEqual([
      'columns-1',
      'columns-2',
    ]);
  });
});
