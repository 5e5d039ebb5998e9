/**
 * A [vectorizer, linear model] pipeline computes its decisions straight from the documents
 * (tfidf-decision.ts through core's `Transformer.decisionThrough`), without the tf-idf matrix. Those decisions
 * must be the ones transform then decisionFunction give, bit for bit, for every option that changes the
 * values (norms, sublinear tf, idf, binary, n-grams, analyzers, non-ASCII text, several classes).
 */
import { type CsrMatrix, LogisticRegression, RidgeClassifier, makePipeline } from '@icepickle/core';
import { CountVectorizer, TfidfVectorizer } from '@icepickle/featurizers';
import { describe, expect, it } from 'vitest';

const corpus = [
  'The cat sat on the MAT, the cat!',
  'the dog sat',
  'a cat and a dog and a cat',
  'Café crème, naïve façade: déjà vu',
  'mat mat mat mat',
  '',
  'zebra quokka unknownword',
  'dog_42 cat-dog 1984 1984 x',
  'İstanbul ΣΊΣΥΦΟΣ straße',
  'the the the dog dog cat',
];
const binary = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
const three = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
const probes = [...corpus, 'a cat the dog, CAT Dog', 'never seen before', 'déjà CAFÉ cat'];

type Vectorizer = CountVectorizer | TfidfVectorizer;

/** The decisions the steps give one after the other, flattened row-major. */
function stepByStep(v: Vectorizer, model: LogisticRegression | RidgeClassifier, docs: string[]): number[] {
  return model.decisionFunction(v.transform(docs) as CsrMatrix).flat();
}

const tfidfOptions = [
  {},
  { norm: 'l1' },
  { norm: null },
  { sublinearTf: true },
  { useIdf: false },
  { useIdf: false, norm: 'l1' },
  { smoothIdf: false, sublinearTf: true },
  { binary: true },
  { ngramRange: [1, 3] },
  { lowercase: false, ngramRange: [2, 2] },
  { stopWords: 'english' },
  { analyzer: 'char', ngramRange: [2, 4] },
  { analyzer: 'char_wb', ngramRange: [1, 3] },
  { tokenPattern: String.raw`(?u)\b\w+\b` },
] as const;

describe('decisions straight from the documents', () => {
  for (const options of tfidfOptions) {
    for (const [what, y] of [
      ['binary', binary],
      ['3 classes', three],
    ] as const) {
      it(`TfidfVectorizer ${JSON.stringify(options)}, ${what}: bit for bit as transform then decide`, () => {
        const v = new TfidfVectorizer(options as Record<string, unknown>).fit(corpus);
        const model = new LogisticRegression().fit(v.transform(corpus), y);
        const expected = stepByStep(v, model, probes);
        const direct = v.decisionThrough(probes, model.decisionWeights());
        expect(direct).not.toBeNull();
        expect(Array.from(direct!)).toEqual(expected);
        // and the pipeline takes that route with the same results, one document at a time as well
        const pipeline = makePipeline(v, model);
        expect((pipeline.decisionFunction(probes) as number[] | number[][]).flat()).toEqual(expected);
        expect(pipeline.predict(probes)).toEqual(model.predict(v.transform(probes)));
        expect(pipeline.predictProba(probes)).toEqual(model.predictProba(v.transform(probes)));
        for (const [i, doc] of probes.entries()) {
          const one = (pipeline.decisionFunction([doc]) as number[] | number[][]).flat();
          expect(one).toEqual(expected.slice(i * one.length, (i + 1) * one.length));
        }
      });
    }
  }

  for (const options of [{}, { binary: true }, { ngramRange: [1, 2] }, { analyzer: 'char_wb' }] as const) {
    it(`CountVectorizer ${JSON.stringify(options)}: bit for bit as transform then decide`, () => {
      const v = new CountVectorizer(options as Record<string, unknown>).fit(corpus);
      const model = new RidgeClassifier().fit(v.transform(corpus), three);
      const direct = v.decisionThrough(probes, model.decisionWeights());
      expect(Array.from(direct!)).toEqual(stepByStep(v, model, probes));
      expect(makePipeline(v, model).predict(probes)).toEqual(model.predict(v.transform(probes)));
    });
  }

  it('declines what transform then decide must handle (float32, other widths, unfitted, non-arrays)', () => {
    const model = new LogisticRegression().fit(new TfidfVectorizer().fit(corpus).transform(corpus), binary);
    const w = model.decisionWeights();
    expect(new TfidfVectorizer({ dtype: 'float32' }).fit(corpus).decisionThrough(corpus, w)).toBeNull();
    expect(new TfidfVectorizer({ ngramRange: [1, 2] }).fit(corpus).decisionThrough(corpus, w)).toBeNull();
    expect(new TfidfVectorizer().decisionThrough(corpus, w)).toBeNull();
    expect(new TfidfVectorizer().fit(corpus).decisionThrough(new Set(corpus), w)).toBeNull();
  });

  it('a bad document is refused as transform refuses it, naming the row', () => {
    const v = new TfidfVectorizer().fit(corpus);
    const pipeline = makePipeline(v, new LogisticRegression().fit(v.transform(corpus), binary));
    const error = (() => {
      try {
        pipeline.predict(['a cat', 7 as unknown as string]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'INVALID_INPUT', scope: 'TfidfVectorizer' });
    expect((error as { detail: string }).detail).toMatch(/document 1/);
    // and the counter is clean after it
    expect(pipeline.decisionFunction(corpus)).toEqual(stepByStep(v, pipeline.finalEstimator as never, corpus));
  });
});
