import { describe, expect, it } from 'vitest';
import {
  LogisticRegression,
  PassiveAggressiveClassifier,
  SGDClassifier,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

describe('training state across estimator classes', () => {
  it('an SGD file (with its state) loads into other classifiers, which start afresh', async () => {
    const backend = hdf5Wasm();
    const X = [
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const y = [0, 1, 1, 0];
    const sgd = new SGDClassifier({ shuffle: false, maxIter: 5, tol: null }).fit(X, y);
    const bytes = await saveCoefficients(sgd, undefined, { backend });
    const logreg = await loadCoefficients(new LogisticRegression(), bytes, { backend });
    expect(logreg.decisionFunction(X)).toEqual(sgd.decisionFunction(X));
    const pa = await loadCoefficients(new PassiveAggressiveClassifier({ shuffle: false }), bytes, { backend });
    pa.partialFit([[2, 2]], [1]);
    // A fresh start counts from t_ = 1, as scikit-learn after load_coefficients.
    expect(pa.t_).toBe(2);
    const same = await loadCoefficients(new SGDClassifier({ shuffle: false }), bytes, { backend });
    expect(same.t_).toBe(sgd.t_);
  });
});

describe('collections keep the training state', () => {
  it('put → save → open → load → partialFit equals never having stopped', async () => {
    const { ModelCollection } = await import('@icepickle/core');
    const backend = hdf5Wasm();
    const X = [
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
      [2, 1],
    ];
    const y = [0, 1, 1, 0, 1];
    const sgd = new SGDClassifier({ shuffle: false, average: true, loss: 'log_loss' });
    sgd.partialFit(X, y, { classes: [0, 1] });
    const bytes = await ModelCollection.create(undefined, { backend }).put('sgd', sgd).save();
    const back = (await ModelCollection.open(bytes!, { backend })).load<SGDClassifier>('sgd');
    expect(back.t_).toBe(sgd.t_);
    back.partialFit(X, y);
    sgd.partialFit(X, y);
    expect(back.coef_).toEqual(sgd.coef_);
    expect(back.intercept_).toEqual(sgd.intercept_);
  });
});
