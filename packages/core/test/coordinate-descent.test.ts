import { ElasticNet, Lasso } from '@icepickle/core';
import { describe, expect, it } from 'vitest';

/** scikit-learn 1.2.1's sklearn/linear_model/tests/test_coordinate_descent.py, ported where it applies. */
describe('test_coordinate_descent.py, ported', () => {
  const X = [[-1], [0], [1]];
  const Y = [-1, 0, 1]; // a straight line
  const T = [[2], [3], [4]];

  it('test_lasso_zero: all-zero X gives zero coef, predictions and gap', () => {
    const clf = new Lasso({ alpha: 0.1 }).fit([[0], [0], [0]], [0, 0, 0]);
    expect(clf.coef_).toEqual([0]);
    expect(clf.predict([[1], [2], [3]])).toEqual([0, 0, 0]);
    expect(clf.dualGap_).toBeCloseTo(0, 7);
  });

  it('test_enet_nonfinite_params: overflowing data is an error, not Infinity coefficients', () => {
    const fmax = Number.MAX_VALUE;
    const Xbig = Array.from({ length: 10 }, (_v, i) => [fmax * ((i % 7) / 7 + 0.05), fmax * ((i % 3) / 3 + 0.1)]);
    const y = Array.from({ length: 10 }, (_v, i) => i % 2);
    expect(() => new ElasticNet({ alpha: 0.1 }).fit(Xbig, y)).toThrowError(
      /Coordinate descent iterations resulted in non-finite parameter values/,
    );
  });

  it('test_lasso_toy: the soft-thresholded slope for alpha 1e-8, 0.1, 0.5, 1', () => {
    for (const [alpha, coef, pred] of [
      [1e-8, 1, [2, 3, 4]],
      [0.1, 0.85, [1.7, 2.55, 3.4]],
      [0.5, 0.25, [0.5, 0.75, 1.0]],
      [1, 0, [0, 0, 0]],
    ] as const) {
      const clf = new Lasso({ alpha }).fit(X, Y);
      expect((clf.coef_ as number[])[0]).toBeCloseTo(coef, 6);
      (clf.predict(T) as number[]).forEach((v, i) => expect(v).toBeCloseTo(pred[i]!, 6));
      expect(clf.dualGap_).toBeCloseTo(0, 7);
    }
  });

  it('test_enet_toy: l1_ratio 1 is the lasso; 0.3 and 0.5 as scikit-learn; precompute=True gives the same', () => {
    const lasso = new ElasticNet({ alpha: 1e-8, l1Ratio: 1.0 }).fit(X, Y);
    expect((lasso.coef_ as number[])[0]).toBeCloseTo(1, 6);
    for (const precompute of [false, true]) {
      const clf = new ElasticNet({ alpha: 0.5, l1Ratio: 0.3, maxIter: 100, precompute }).fit(X, Y);
      expect((clf.coef_ as number[])[0]).toBeCloseTo(0.50819, 3);
      (clf.predict(T) as number[]).forEach((v, i) => expect(v).toBeCloseTo([1.0163, 1.5245, 2.0327][i]!, 3));
      expect(clf.dualGap_).toBeCloseTo(0, 7);
    }
    const half = new ElasticNet({ alpha: 0.5, l1Ratio: 0.5 }).fit(X, Y);
    expect((half.coef_ as number[])[0]).toBeCloseTo(0.45454, 3);
    (half.predict(T) as number[]).forEach((v, i) => expect(v).toBeCloseTo([0.909, 1.3636, 1.8181][i]!, 3));
  });

  it("alpha = 0 records scikit-learn's UserWarning text", () => {
    const clf = new Lasso({ alpha: 0 }).fit(X, Y);
    expect(clf.warnings_[0]).toBe(
      'With alpha=0, this algorithm does not converge well. You are advised to use the LinearRegression estimator',
    );
  });
});
