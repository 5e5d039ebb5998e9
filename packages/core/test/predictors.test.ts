/**
 * Predict-only classes: a model fitted by the full class, saved, and loaded into its predictor predicts
 * exactly as the full class loaded from the same file; recorded parameters are checked by the same rules;
 * the predictor has no training methods (what keeps L-BFGS and the SGD loops out of a page's bundle).
 */
import {
  IcepickleError,
  LogisticRegression,
  LogisticRegressionPredictor,
  SGDClassifier,
  SGDClassifierPredictor,
  isIcepickleError,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { memoryBackend } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

const X = [
  [0.5, 1.2, -0.3],
  [1.5, -0.2, 0.8],
  [-1.1, 0.4, 1.9],
  [0.2, -1.4, 0.1],
  [2.2, 0.9, -1.2],
  [-0.7, -0.8, 0.6],
  [1.1, 1.6, 1.4],
  [-1.9, 0.3, -0.5],
  [0.9, -0.6, -1.7],
];
const yBinary = ['no', 'yes', 'yes', 'no', 'yes', 'no', 'yes', 'no', 'no'];
const yMulti = [0, 1, 2, 0, 1, 2, 1, 0, 2];

async function roundTrip<M extends object>(fitted: object, empty: () => M, full: () => object) {
  const backend = memoryBackend();
  const bytes = (await saveCoefficients(fitted as never, undefined, { backend }))!;
  const predictor = await loadCoefficients(empty() as never, bytes, { backend });
  const reference = await loadCoefficients(full() as never, bytes, { backend });
  return { predictor: predictor as M, reference: reference as Record<string, (x: unknown) => unknown> };
}

describe('LogisticRegressionPredictor', () => {
  const cases = [
    ['binary, string labels', {}, yBinary],
    ['multinomial', {}, yMulti],
    ['one-vs-rest', { multiClass: 'ovr' as const }, yMulti],
  ] as const;
  for (const [name, params, y] of cases) {
    it(`${name}: predicts as the LogisticRegression loaded from the same file`, async () => {
      const fitted = new LogisticRegression(params).fit(X, y as never);
      const { predictor, reference } = await roundTrip(
        fitted,
        // as with Python icepickle, the model is made with its parameters, then given the coefficients
        () => new LogisticRegressionPredictor(params),
        () => new LogisticRegression(params),
      );
      for (const method of ['predict', 'decisionFunction', 'predictProba', 'predictLogProba'] as const) {
        expect((predictor as never as typeof reference)[method]!(X)).toEqual(reference[method]!(X));
      }
      expect(predictor.predictProba(X)).toEqual(fitted.predictProba(X));
      expect(predictor.getParams()).toEqual(fitted.getParams());
    });
  }

  it('has no training methods and is known to files as LogisticRegression', () => {
    const predictor = new LogisticRegressionPredictor();
    expect(predictor.className).toBe('LogisticRegression');
    expect('fit' in predictor).toBe(false);
    expect(predictor).not.toBeInstanceOf(LogisticRegression);
    expect(new LogisticRegression()).toBeInstanceOf(LogisticRegressionPredictor);
  });

  it('checks parameters as LogisticRegression does', () => {
    const bad = new LogisticRegressionPredictor({ C: -1 });
    expect(() => bad.checkParams()).toThrow(IcepickleError);
    expect(() => new LogisticRegressionPredictor({ c: 1 } as never)).toThrow(/unknown parameter 'c'/);
  });
});

describe('SGDClassifierPredictor', () => {
  const cases = [
    ['hinge, binary strings', { loss: 'hinge' as const }, yBinary],
    ['log_loss, multiclass', { loss: 'log_loss' as const }, yMulti],
    ['modified_huber, binary', { loss: 'modified_huber' as const }, yBinary],
    ['modified_huber, multiclass', { loss: 'modified_huber' as const }, yMulti],
  ] as const;
  for (const [name, loss, y] of cases) {
    it(`${name}: predicts as the SGDClassifier loaded from the same file`, async () => {
      const params = { ...loss, shuffle: false, maxIter: 20, tol: null };
      const fitted = new SGDClassifier(params).fit(X, y as never);
      const { predictor, reference } = await roundTrip(
        fitted,
        () => new SGDClassifierPredictor(params),
        () => new SGDClassifier(params),
      );
      const methods = ['predict', 'decisionFunction', 'score'] as const;
      for (const method of methods) {
        const args = method === 'score' ? [X, y] : [X];
        expect((predictor as never as Record<string, (...a: unknown[]) => unknown>)[method]!(...args)).toEqual(
          (reference as Record<string, (...a: unknown[]) => unknown>)[method]!(...args),
        );
      }
      if (loss.loss === 'hinge') {
        expect(() => predictor.predictProba(X)).toThrow(/probability estimates are not available for loss='hinge'/);
      } else {
        expect(predictor.predictProba(X)).toEqual(fitted.predictProba(X));
        expect(predictor.predictLogProba(X)).toEqual(fitted.predictLogProba(X));
      }
    });
  }

  it('has no training methods and is known to files as SGDClassifier', () => {
    const predictor = new SGDClassifierPredictor();
    expect(predictor.className).toBe('SGDClassifier');
    expect('fit' in predictor || 'partialFit' in predictor).toBe(false);
  });

  it('checks parameters as SGDClassifier does, _more_validate_params included', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isIcepickleError(error) ? `${error.code}: ${error.detail}` : String(error);
      }
      return 'ok';
    };
    const bad = [{ alpha: -1 }, { loss: 'os.system' }, { learningRate: 'constant', eta0: 0 }, { alpha: 0 }];
    for (const params of bad) {
      const ours = codeOf(() => new SGDClassifierPredictor(params as never).checkParams());
      expect(ours).toMatch(/^INVALID_PARAMETER/);
      expect(ours).toBe(codeOf(() => new SGDClassifier(params as never).checkParams()));
    }
    expect(codeOf(() => new SGDClassifierPredictor({ loss: 'log_loss' }).checkParams())).toBe('ok');
  });
});
