import { describe, expect, it } from 'vitest';
import { CsrMatrix, LogisticRegression, SGDClassifier, type SGDRegressor, isIcepickleError } from '@icepickle/core';
import { assertModelParity, estimatorForFixture, modelFixture, modelFixtureNames } from '@icepickle/test-utils';

function coefficientsOf(f: ReturnType<typeof modelFixture>) {
  const coef = Float64Array.from((f.coef as (number | number[])[]).flat());
  const intercept = Float64Array.from(typeof f.intercept === 'number' ? [f.intercept] : f.intercept);
  return { coef, coefShape: f.coef_shape, intercept, interceptShape: f.intercept_shape, classes: f.classes };
}

describe('predictions equal scikit-learn 1.2.1 for every model fixture', () => {
  for (const name of modelFixtureNames()) {
    it(name, () => {
      const f = modelFixture(name);
      const model = estimatorForFixture(f).setCoefficients(coefficientsOf(f));
      assertModelParity(model, f, expect);
    });
  }
});

describe('sparse input gives the same answers as dense', () => {
  it('decisionFunction on CSR equals dense for breast cancer', () => {
    const f = modelFixture('sgd_log_loss_breast_cancer');
    const model = estimatorForFixture(f).setCoefficients(coefficientsOf(f)) as SGDClassifier;
    const dense = model.decisionFunction(f.X) as number[];
    const sparse = model.decisionFunction(CsrMatrix.fromDense(f.X)) as number[];
    // Zero entries add exact zeros, so the sums agree bit for bit.
    expect(sparse).toEqual(dense);
    expect(model.predictProba(CsrMatrix.fromDense(f.X))).toEqual(model.predictProba(f.X));
  });
});

describe('shapes follow scikit-learn', () => {
  it('binary coef is 1×n, single-target regressors have 1-D coef', () => {
    const bc = modelFixture('logreg_breast_cancer');
    const clf = estimatorForFixture(bc).setCoefficients(coefficientsOf(bc)) as LogisticRegression;
    expect((clf.coef_ as number[][]).length).toBe(1);
    expect(clf.nFeaturesIn_).toBe(30);
    expect(clf.classes_).toEqual([0, 1]);
    const reg = modelFixture('sgd_regressor_diabetes');
    const sgdr = estimatorForFixture(reg).setCoefficients(coefficientsOf(reg)) as SGDRegressor;
    expect(Array.isArray((sgdr.coef_ as number[])[0])).toBe(false);
    expect(sgdr.intercept_).toEqual(reg.intercept);
  });

  it('string classes sort by code point and predict as strings', () => {
    const clf = new LogisticRegression().setCoefficients({
      coef: Float64Array.from([1, -1, 0, 0, -1, 1]),
      coefShape: [3, 2],
      intercept: new Float64Array(3),
      interceptShape: [3],
      classes: ['ant', 'bee', 'cat'],
    });
    expect(
      clf.predict([
        [2, 0],
        [0, 2],
      ]),
    ).toEqual(['ant', 'cat']);
  });
});

describe('errors', () => {
  it('unfitted models throw NotFittedError (code NOT_FITTED)', () => {
    const clf = new SGDClassifier();
    expect(() => clf.predict([[1]])).toThrowError(/not fitted/);
    try {
      clf.coef_;
    } catch (e) {
      expect(isIcepickleError(e, 'NOT_FITTED')).toBe(true);
    }
  });

  it('wrong feature count names both counts', () => {
    const f = modelFixture('logreg_iris');
    const model = estimatorForFixture(f).setCoefficients(coefficientsOf(f));
    expect(() => (model as LogisticRegression).predict([[1, 2, 3]])).toThrowError(
      /X has 3 features, but LogisticRegression is expecting 4/,
    );
  });

  it('NaN in X is refused with its position', () => {
    const f = modelFixture('logreg_iris');
    const model = estimatorForFixture(f).setCoefficients(coefficientsOf(f)) as LogisticRegression;
    expect(() =>
      model.predict([
        [1, 2, 3, 4],
        [1, NaN, 3, 4],
      ]),
    ).toThrowError(/NaN at row 1, column 1/);
  });

  it('predictProba is refused for hinge loss, as scikit-learn', () => {
    const f = modelFixture('sgd_hinge_iris');
    const model = estimatorForFixture(f).setCoefficients(coefficientsOf(f)) as SGDClassifier;
    expect(() => model.predictProba(f.X)).toThrowError(/not available for loss='hinge'/);
  });

  it('a binary coef with 3 classes is refused and the model is untouched', () => {
    const f = modelFixture('logreg_breast_cancer');
    const model = estimatorForFixture(f).setCoefficients(coefficientsOf(f)) as LogisticRegression;
    const before = model.coef_;
    expect(() => model.setCoefficients({ ...coefficientsOf(f), classes: [0, 1, 2] })).toThrowError(
      /1 row but there are 3 classes/,
    );
    expect(model.coef_).toEqual(before);
    expect(model.classes_).toEqual([0, 1]);
  });
});
