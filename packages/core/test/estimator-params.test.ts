import {
  ElasticNet,
  GridSearchCV,
  KFold,
  RandomizedSearchCV,
  StratifiedKFold,
  type IcepickleError,
  Lasso,
  LinearRegression,
  LinearSVC,
  LinearSVR,
  LogisticRegression,
  PassiveAggressiveClassifier,
  PassiveAggressiveRegressor,
  Perceptron,
  Ridge,
  RidgeClassifier,
  SGDClassifier,
  SGDRegressor,
  isIcepickleError,
} from '@icepickle/core';
import { describe, expect, it } from 'vitest';

// Every estimator class, constructed with deliberately wrong options (hence `any`).
const CLASSES: [string, new (p?: any) => { getParams(): object; setParams(p: object): unknown }][] = [
  ['LogisticRegression', LogisticRegression],
  ['SGDClassifier', SGDClassifier],
  ['SGDRegressor', SGDRegressor],
  ['LinearRegression', LinearRegression],
  ['PassiveAggressiveClassifier', PassiveAggressiveClassifier],
  ['PassiveAggressiveRegressor', PassiveAggressiveRegressor],
  ['Perceptron', Perceptron],
  ['Ridge', Ridge],
  ['RidgeClassifier', RidgeClassifier],
  ['Lasso', Lasso],
  ['ElasticNet', ElasticNet],
  ['LinearSVC', LinearSVC],
  ['LinearSVR', LinearSVR],
];

function caught(fn: () => unknown): IcepickleError {
  try {
    fn();
  } catch (error) {
    if (isIcepickleError(error)) return error;
    throw error;
  }
  throw new Error('expected an IcepickleError');
}

describe('unknown options are refused, listing the valid names (issue 19)', () => {
  for (const [name, Ctor] of CLASSES) {
    it(`${name}: constructor and setParams`, () => {
      const valid = Object.keys(new Ctor().getParams());
      for (const fn of [() => new Ctor({ learningrate: 'x' }), () => new Ctor().setParams({ learningrate: 'x' })]) {
        const error = caught(fn);
        expect(error.code).toBe('INVALID_PARAMETER');
        expect(error.scope).toBe(name);
        expect(error.detail).toBe(`unknown parameter 'learningrate'; valid parameters: ${valid.join(', ')}`);
      }
      // undefined counts as absent; known names pass
      expect(() => new Ctor({ learningrate: undefined })).not.toThrow();
      expect(() => new Ctor().setParams({ [valid[0]!]: new Ctor().getParams()[valid[0] as never] })).not.toThrow();
    });
  }

  it("SGDClassifier's names are scikit-learn's in camelCase", () => {
    const names = Object.keys(new SGDClassifier().getParams()).sort();
    // SGDClassifier().get_params() of scikit-learn 1.2.1, camelCased
    expect(names).toEqual(
      [
        'alpha',
        'average',
        'classWeight',
        'earlyStopping',
        'epsilon',
        'eta0',
        'fitIntercept',
        'l1Ratio',
        'learningRate',
        'loss',
        'maxIter',
        'nIterNoChange',
        'nJobs',
        'penalty',
        'powerT',
        'randomState',
        'shuffle',
        'tol',
        'validationFraction',
        'verbose',
        'warmStart',
      ].sort(),
    );
  });
});

describe('checkParams applies fit rules without data', () => {
  it('bad values give INVALID_PARAMETER naming the parameter', () => {
    const cases: [() => { checkParams(): void }, string][] = [
      [() => new SGDClassifier({ loss: 'os.system' as never }), 'loss'],
      [() => new SGDClassifier({ alpha: -1 }), 'alpha'],
      [() => new SGDRegressor({ learningRate: 'constant', eta0: 0 }), 'eta0'],
      [() => new LogisticRegression({ C: -1 }), 'C'],
      [() => new Ridge({ alpha: -1 }), 'alpha'],
      [() => new Lasso({ alpha: -1 }), 'alpha'],
      [() => new LinearRegression({ fitIntercept: 'yes' as never }), 'fit_intercept'],
      [() => new Perceptron({ eta0: -1 }), 'eta0'],
    ];
    for (const [make, param] of cases) {
      const error = caught(() => make().checkParams());
      expect(error.code).toBe('INVALID_PARAMETER');
      expect(error.detail).toContain(param);
    }
    expect(() => new SGDClassifier().checkParams()).not.toThrow();
    expect(() => new LogisticRegression().checkParams()).not.toThrow();
  });
});

describe('searches and splitters refuse unknown options too (issue 19)', () => {
  const model = () => new SGDClassifier();
  const cases: [string, () => unknown, () => unknown][] = [
    [
      'GridSearchCV',
      () => new GridSearchCV(model(), { alpha: [1] }, { nJob: 2 } as never),
      () => new GridSearchCV(model(), { alpha: [1] }, { nJobs: 2, cv: 3 }),
    ],
    [
      'RandomizedSearchCV',
      () => new RandomizedSearchCV(model(), { alpha: [1] }, { n_iter: 3 } as never),
      () => new RandomizedSearchCV(model(), { alpha: [1] }, { nIter: 3, randomState: 0 }),
    ],
    ['KFold', () => new KFold({ n_splits: 3 } as never), () => new KFold({ nSplits: 3 })],
    [
      'StratifiedKFold',
      () => new StratifiedKFold({ folds: 3 } as never),
      () => new StratifiedKFold({ shuffle: false }),
    ],
  ];
  for (const [name, bad, good] of cases) {
    it(name, () => {
      const error = caught(bad);
      expect(error.code).toBe('INVALID_PARAMETER');
      expect(error.scope).toBe(name);
      expect(error.detail).toMatch(/^unknown parameter '\w+'; valid parameters: /);
      expect(good).not.toThrow();
    });
  }
});

describe('setParams checks values where the constructor does, and a refusal changes nothing', () => {
  const eager: [string, () => { getParams(): object; setParams(p: object): unknown }, object][] = [
    ['Ridge', () => new Ridge({ alpha: 2 }), { alpha: -1, tol: 1e-3 }],
    ['Lasso', () => new Lasso({ alpha: 2 }), { alpha: -1, maxIter: 7 }],
    ['LinearSVC', () => new LinearSVC({ C: 2 }), { C: -1, tol: 1e-3 }],
    ['Perceptron', () => new Perceptron({ alpha: 2e-4 }), { alpha: -1, maxIter: 7 }],
  ];
  for (const [name, make, bad] of eager) {
    it(name, () => {
      const model = make();
      const before = model.getParams();
      expect(caught(() => model.setParams(bad)).code).toBe('INVALID_PARAMETER');
      expect(model.getParams()).toEqual(before);
    });
  }

  it('SGDClassifier checks values at fit, as scikit-learn does', () => {
    const model = new SGDClassifier().setParams({ alpha: -1 });
    expect(model.getParams().alpha).toBe(-1);
    expect(caught(() => model.fit([[0], [1]], [0, 1])).code).toBe('INVALID_PARAMETER');
  });
});
