/**
 * openLinearModelWith: openLinearModel over only the classes given (the url page passes
 * SGDClassifierPredictor so its bundle holds no training code). Its answers must be openLinearModel's,
 * and a file naming a class not given is refused before anything is read.
 */
import {
  LogisticRegression,
  LogisticRegressionPredictor,
  SGDClassifier,
  SGDClassifierPredictor,
  SGDRegressor,
  type EstimatorClass,
  openLinearModel,
  openLinearModelWith,
  saveCoefficients,
} from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { describe, expect, it } from 'vitest';

const backend = hdf5Wasm();
const hv = new HashingVectorizer({ nFeatures: 2 ** 10 });
const texts = ['a wonderful film', 'a dreadful bore', 'wonderful acting, dreadful plot', 'fine', 'dull'];
const labels = ['pos', 'neg', 'pos', 'pos', 'neg'];
const queries = hv.transform(['wonderful', 'a dreadful film', 'plot', 'fine acting']);

describe('openLinearModelWith', () => {
  it('answers as openLinearModel through the predict-only classes', async () => {
    const sgd = new SGDClassifier({ loss: 'log_loss', shuffle: false, maxIter: 20, tol: null }).fit(
      hv.transform(texts),
      labels,
    );
    const logistic = new LogisticRegression({ C: 0.5 }).fit(hv.transform(texts), labels);
    for (const model of [sgd, logistic]) {
      const bytes = await saveCoefficients(model, undefined, { backend });
      const full = await openLinearModel(bytes!, { backend });
      const lazy = await openLinearModelWith(bytes!, {
        backend,
        estimators: [SGDClassifierPredictor, LogisticRegressionPredictor],
      });
      expect(lazy.estimator).toBe(model.className);
      expect(lazy.classes_).toEqual(['neg', 'pos']);
      expect(await lazy.predict(queries)).toEqual(model.predict(queries));
      expect(await lazy.predictProba(queries)).toEqual(await full.predictProba(queries));
      expect(await lazy.decisionFunction(queries)).toEqual(model.decisionFunction(queries));
      await Promise.all([lazy.close(), full.close()]);
    }
  });

  it('refuses a file naming a class not given, and recorded parameters by the class rules', async () => {
    const reg = new SGDRegressor().setCoefficients({
      coef: Float64Array.from({ length: 1024 }, (_v, i) => i / 1024),
      coefShape: [1024],
      intercept: Float64Array.from([0.5]),
      interceptShape: [1],
    });
    const bytes = await saveCoefficients(reg, undefined, { backend });
    const error = await openLinearModelWith(bytes!, { backend, estimators: [SGDClassifierPredictor] }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'NOT_SUPPORTED', scope: 'lazy', detail: 'unknown estimator "SGDRegressor"' });
    const withRegressor = await openLinearModelWith(bytes!, { backend, estimators: [SGDRegressor] });
    expect(await withRegressor.predict(queries)).toEqual(reg.predict(queries));
    await withRegressor.close();
    // a recorded loss SGDClassifier does not know: the predictor checks it as SGDClassifier does
    const bad = new SGDClassifierPredictor().setCoefficients({
      coef: new Float64Array(1024),
      coefShape: [1, 1024],
      intercept: Float64Array.from([0]),
      interceptShape: [1],
      classes: [0, 1],
    });
    (bad as unknown as { params: Record<string, unknown> }).params.loss = 'no_such_loss';
    const badBytes = await saveCoefficients(bad, undefined, { backend });
    const refusals = await Promise.all([
      openLinearModel(badBytes!, { backend }).catch((e: unknown) => e),
      openLinearModelWith(badBytes!, { backend, estimators: [SGDClassifierPredictor] }).catch((e: unknown) => e),
    ]);
    expect(refusals[0]).toMatchObject({ code: 'INVALID_PARAMETER' });
    expect(refusals[1]).toMatchObject({
      code: 'INVALID_PARAMETER',
      detail: (refusals[0] as Error & { detail: string }).detail,
    });
  });

  it('refuses anything but linear estimator classes', async () => {
    const bytes = await saveCoefficients(new SGDClassifier().fit(hv.transform(texts), labels), undefined, { backend });
    class NotAModel {}
    const error = await openLinearModelWith(bytes!, {
      backend,
      estimators: [NotAModel as unknown as EstimatorClass],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_PARAMETER', scope: 'openLinearModelWith' });
    expect((error as { detail: string }).detail).toMatch(/NotAModel is not a linear estimator class/);
  });
});
