import {
  type CsrMatrix,
  SGDClassifier,
  makePartialPipeline,
  makePartialUnion,
  type PartialFeatureUnion,
} from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import {
  type CsrFixture,
  type NonzerosFixture,
  csrFromFixture,
  denseFromNonzeros,
  firstMismatch,
  loadFixture,
  tolerances,
} from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

interface Round {
  coef: NonzerosFixture;
  intercept: number[];
  t: number;
  n_iter: number;
  decision_function: number[];
  predict: number[];
  warnings: unknown[];
}
interface ReadmeFixture {
  texts: string[];
  y: number[];
  classes: number[];
  transformed_X: CsrFixture;
  rounds: Round[];
}

/** icepickle's README: make_partial_pipeline(make_partial_union(HV(), HV(ngram (2,3), char)), SGDClassifier(shuffle=False)), 3 rounds. */
describe('icepickle README partial pipeline (packages/test-utils/fixtures/sklearn/pipeline/readme_partial_pipeline.json)', () => {
  const fx = loadFixture<ReadmeFixture>('pipeline/readme_partial_pipeline.json');

  it('the union output and every round match scikit-learn', () => {
    const pipe = makePartialPipeline(
      makePartialUnion(new HashingVectorizer(), new HashingVectorizer({ ngramRange: [2, 3], analyzer: 'char' })),
      new SGDClassifier({ shuffle: false }),
    );
    expect(pipe.steps.map(([n]) => n)).toEqual(['partialfeatureunion', 'sgdclassifier']);
    const union = pipe.steps[0]![1] as PartialFeatureUnion;
    expect(union.transformerList.map(([n]) => n)).toEqual(['hashingvectorizer-1', 'hashingvectorizer-2']);

    const X = union.transform(fx.texts) as CsrMatrix;
    const expected = csrFromFixture(fx.transformed_X);
    expect(X.shape).toEqual(expected.shape);
    expect(Array.from(X.indptr)).toEqual(Array.from(expected.indptr));
    expect(Array.from(X.indices)).toEqual(Array.from(expected.indices));
    expect(Array.from(X.data)).toEqual(Array.from(expected.data));

    const clf = pipe.finalEstimator as SGDClassifier;
    for (const round of fx.rounds) {
      pipe.partialFit(fx.texts, fx.y, { classes: fx.classes });
      const coef = (clf.coef_ as number[][])[0]!;
      expect(firstMismatch(coef, denseFromNonzeros(round.coef), tolerances.sgdRelative)).toBe(-1);
      expect(firstMismatch(clf.intercept_ as number[], round.intercept, tolerances.sgdRelative)).toBe(-1);
      expect(clf.t_).toBe(round.t);
      expect(clf.nIter_).toBe(round.n_iter);
      expect(pipe.predict(fx.texts)).toEqual(round.predict);
      const d = pipe.decisionFunction(fx.texts) as number[];
      expect(firstMismatch(d, round.decision_function, tolerances.sgdRelative)).toBe(-1);
    }
    expect(pipe.predict(fx.texts)).toEqual([1, 1, 1, 0, 0, 0]);
  });
});
