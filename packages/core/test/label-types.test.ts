import { type Label, LogisticRegression, Perceptron, RidgeClassifier, SGDClassifier } from '@icepickle/core';
import { describe, expect, expectTypeOf, it } from 'vitest';

const X = [
  [0, 1],
  [1, 0],
  [2, 1],
  [0, 2],
];

describe('estimators are generic in their label type (issue 19)', () => {
  it('predict() and classes_ are typed by the label type; the default is Label', () => {
    const names = new SGDClassifier<string>({ shuffle: false, maxIter: 5, tol: null }).fit(X, ['a', 'b', 'b', 'a']);
    expectTypeOf(names.predict(X)).toEqualTypeOf<string[]>();
    expectTypeOf(names.classes_).toEqualTypeOf<string[]>();
    expect(names.predict(X).every((v) => typeof v === 'string')).toBe(true);

    const flags = new LogisticRegression<boolean>().fit(X, [false, true, true, false]);
    expectTypeOf(flags.predict(X)).toEqualTypeOf<boolean[]>();
    expect(flags.classes_).toEqual([false, true]);

    expectTypeOf(new Perceptron<number>().fit(X, [0, 1, 1, 0]).predict(X)).toEqualTypeOf<number[]>();
    expectTypeOf(new RidgeClassifier().fit(X, [0, 1, 1, 0]).predict(X)).toEqualTypeOf<Label[]>();
    // @ts-expect-error: a string classifier does not take numeric labels
    expect(() => new SGDClassifier<string>().fit(X, [0, 1, 1, 0])).not.toThrow();
  });
});
