import { type Logger, SGDClassifier } from '@icepickle/core';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

const X = [
  [0, 1, 2],
  [1, 0, 0.5],
  [2, 2, 0],
  [0, 0, 1],
  [1, 1, 1],
  [2, 0, 1],
];
const y = [0, 1, 2, 0, 1, 2];

function recorder(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: (m) => warnings.push(m), info: (m) => infos.push(m) };
}

describe("SGDClassifier loss 'log' (deprecated alias of 'log_loss', scikit-learn 1.2.1)", () => {
  it('trains exactly as log_loss and warns through the logger at fit and partialFit', () => {
    const logger = recorder();
    const old = new SGDClassifier({ loss: 'log', shuffle: false, maxIter: 20, tol: null, logger }).fit(X, y);
    const current = new SGDClassifier({ loss: 'log_loss', shuffle: false, maxIter: 20, tol: null }).fit(X, y);
    expect(old.coef_).toEqual(current.coef_);
    expect(old.intercept_).toEqual(current.intercept_);
    expect(old.predictProba(X)).toEqual(current.predictProba(X));
    expect(logger.warnings).toEqual([
      "FutureWarning: The loss 'log' was deprecated in v1.1 and will be removed in version 1.3. Use `loss='log_loss'` which is equivalent.",
    ]);
    old.partialFit(X, y);
    expect(logger.warnings).toHaveLength(2);
    // construction, getParams and the default loss say nothing
    new SGDClassifier({ loss: 'log', logger });
    new SGDClassifier({ logger }).fit(X, y);
    expect(logger.warnings).toHaveLength(2);
    expect(old.getParams()).not.toHaveProperty('logger');
    expect(old.getParams().loss).toBe('log');
  });

  it('the logger survives clone and setParams; the default is console', () => {
    const logger = recorder();
    const model = new SGDClassifier({ loss: 'log', shuffle: false, tol: null, maxIter: 5 });
    expect(model.logger).toBe(console);
    model.setParams({ logger }).clone().fit(X, y);
    expect(logger.warnings).toHaveLength(1);
  });

  it.runIf(hasSklearn())('scikit-learn 1.2.1 gives the same warning text and the same coefficients', () => {
    const ref = runPythonCode<{ messages: string[]; coef: number[][] }>(
      String.raw`
import json, sys, warnings
from sklearn.linear_model import SGDClassifier
d = json.load(sys.stdin)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    m = SGDClassifier(loss="log", shuffle=False, max_iter=20, tol=None).fit(d["X"], d["y"])
print(json.dumps({"messages": [type(x.message).__name__ + ": " + str(x.message) for x in w], "coef": m.coef_.tolist()}))
`,
      { X, y },
    );
    const logger = recorder();
    const model = new SGDClassifier({ loss: 'log', shuffle: false, maxIter: 20, tol: null, logger }).fit(X, y);
    expect(logger.warnings).toEqual(ref.messages);
    const coef = (model.coef_ as number[][]).flat();
    ref.coef.flat().forEach((v, j) => expect(Math.abs(coef[j]! - v)).toBeLessThan(1e-12));
  });
});
