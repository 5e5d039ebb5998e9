/**
 * scikit-learn 1.2.1's own tests for CountVectorizer, TfidfVectorizer and TfidfTransformer
 * (sklearn/feature_extraction/tests/test_text.py), ported case by case with their expected values.
 */
import { describe, expect, it } from 'vitest';
import { CsrMatrix, isIcepickleError } from '@icepickle/core';
import { CountVectorizer, HashingVectorizer, TfidfTransformer, TfidfVectorizer } from '@icepickle/featurizers';

const JUNK_FOOD_DOCS = [
  'the pizza pizza beer copyright',
  'the pizza burger beer copyright',
  'the the pizza beer beer copyright',
  'the burger beer beer copyright',
  'the coke burger coke copyright',
  'the coke burger burger',
];
const NOTJUNK_FOOD_DOCS = [
  'the salad celeri copyright',
  'the salad salad sparkling water copyright',
  'the the celeri celeri copyright',
  'the tomato tomato salad water',
  'the tomato salad water copyright',
];
const ALL_FOOD_DOCS = [...JUNK_FOOD_DOCS, ...NOTJUNK_FOOD_DOCS];

function dense(X: CsrMatrix): number[][] {
  const out = Array.from({ length: X.nRows }, () => new Array<number>(X.nCols).fill(0));
  for (let i = 0; i < X.nRows; i++)
    for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) out[i]![X.indices[k]!] = X.data[k]!;
  return out;
}
function throwsCode(fn: () => unknown, code: string, detail?: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isIcepickleError(error), `expected an IcepickleError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (detail) expect((error as { detail: string }).detail).toMatch(detail);
}

describe('CountVectorizer vocabularies (test_text.py)', () => {
  it('test_countvectorizer_custom_vocabulary: Map, array and Set', () => {
    const vocab = new Map([
      ['pizza', 0],
      ['beer', 1],
    ]);
    for (const v of [vocab, ['pizza', 'beer'], new Set(['pizza', 'beer'])]) {
      const vect = new CountVectorizer({ vocabulary: v }).fit(JUNK_FOOD_DOCS);
      if (v instanceof Map) expect(vect.vocabulary_).toEqual(vocab);
      else expect(new Set(vect.vocabulary_.keys())).toEqual(new Set(['pizza', 'beer']));
      expect(vect.transform(JUNK_FOOD_DOCS).shape[1]).toBe(2);
    }
    // a Set is sorted first, as Python's sorted(set)
    expect(new CountVectorizer({ vocabulary: new Set(['pizza', 'beer']) }).getFeatureNamesOut()).toEqual([
      'beer',
      'pizza',
    ]);
  });
  it('test_countvectorizer_custom_vocabulary_pipeline', () => {
    const counts = new CountVectorizer({ vocabulary: ['pizza', 'beer'] }).fitTransform(ALL_FOOD_DOCS);
    const X = new TfidfTransformer().fitTransform(counts);
    expect(X.shape).toEqual([11, 2]);
  });
  it('test_countvectorizer_custom_vocabulary_repeated_indices / gap_index / non_unique_vocab', () => {
    const repeated = new Map([
      ['pizza', 0],
      ['beer', 0],
    ]);
    throwsCode(() => new CountVectorizer({ vocabulary: repeated }), 'INVALID_PARAMETER', /repeated indices/);
    const gap = new Map([
      ['pizza', 1],
      ['beer', 2],
    ]);
    throwsCode(() => new CountVectorizer({ vocabulary: gap }), 'INVALID_PARAMETER', /doesn't contain index 0/);
    throwsCode(
      () => new CountVectorizer({ vocabulary: ['a', 'b', 'c', 'a', 'a'] }),
      'INVALID_PARAMETER',
      /Duplicate term in vocabulary: 'a'/,
    );
  });
  it('test_countvectorizer_stop_words: english, lists, and bad names', () => {
    expect(new CountVectorizer({ stopWords: 'english' }).fit(['the pizza and a beer']).getFeatureNamesOut()).toEqual([
      'beer',
      'pizza',
    ]);
    throwsCode(
      () => new CountVectorizer({ stopWords: '_bad_str_stop_' as 'english' }),
      'INVALID_PARAMETER',
      /not a built-in stop list/,
    );
    expect(
      new CountVectorizer({ stopWords: ['some', 'other'] }).fit(['some other words']).getFeatureNamesOut(),
    ).toEqual(['words']);
  });
  it('test_countvectorizer_empty_vocabulary', () => {
    throwsCode(() => new CountVectorizer({ vocabulary: [] }), 'INVALID_PARAMETER', /empty vocabulary/);
    throwsCode(
      () =>
        new CountVectorizer({ maxDf: 1.0, stopWords: 'english' }).fit([
          'to be or not to be',
          'and me too',
          'and so do you',
        ]),
      'INVALID_INPUT',
      /empty vocabulary; perhaps the documents only contain stop words/,
    );
  });
  it('test_fit_countvectorizer_twice', () => {
    const cv = new CountVectorizer();
    const X1 = cv.fitTransform(ALL_FOOD_DOCS.slice(0, 5));
    const X2 = cv.fitTransform(ALL_FOOD_DOCS.slice(5));
    expect(X1.shape[1]).not.toBe(X2.shape[1]);
  });
  it('test_countvectorizer_custom_token_pattern (one group) and with several groups', () => {
    const corpus = [
      'This is the 1st document in my corpus.',
      'This document is the 2nd sample.',
      'And this is the 3rd one.',
      'Is this the 4th document?',
    ];
    const v = new CountVectorizer({ tokenPattern: String.raw`[0-9]{1,3}(?:st|nd|rd|th)\s\b(\w{2,})\b` });
    v.fitTransform(corpus);
    expect(v.getFeatureNamesOut()).toEqual(['document', 'one', 'sample']);
    throwsCode(
      () => new CountVectorizer({ tokenPattern: String.raw`([0-9]{1,3}(?:st|nd|rd|th))\s\b(\w{2,})\b` }),
      'INVALID_PARAMETER',
      /More than 1 capturing group in token pattern/,
    );
  });
});

describe('CountVectorizer with TfidfTransformer (test_text.py)', () => {
  it('test_vectorizer: max_df stop words, a vocabulary reused, tf-idf equivalences', () => {
    const train = ALL_FOOD_DOCS.slice(0, -1);
    const test = [ALL_FOOD_DOCS.at(-1)!];
    const v1 = new CountVectorizer({ maxDf: 0.5 });
    const countsTrain = v1.fitTransform(train.values()); // any iterable, as scikit-learn's iter(...)
    expect(dense(countsTrain)[0]![v1.vocabulary_.get('pizza')!]).toBe(2);
    const v2 = new CountVectorizer({ vocabulary: v1.vocabulary_ });
    let countsTest = v1.transform(test);
    for (const v of [v1, v2]) {
      countsTest = v.transform(test);
      const row = dense(countsTest)[0]!;
      const voc = v.vocabulary_;
      expect([row[voc.get('salad')!], row[voc.get('tomato')!], row[voc.get('water')!]]).toEqual([1, 1, 1]);
      expect(voc.has('the')).toBe(false);
      expect(voc.has('copyright')).toBe(false);
      for (const t of ['coke', 'burger', 'beer', 'pizza']) expect(row[voc.get(t)!]).toBe(0);
    }
    const t1 = new TfidfTransformer({ norm: 'l1' });
    const tfidf = dense(t1.fit(countsTrain).transform(countsTrain));
    expect(t1.idf_.length).toBe(v1.vocabulary_.size);
    const tfidfTest = dense(t1.transform(countsTest));
    const t2 = new TfidfTransformer({ norm: 'l1', useIdf: false });
    const tf = dense(t2.fit(countsTrain).transform(countsTrain));
    expect(() => t2.idf_).toThrow();
    throwsCode(() => new TfidfTransformer().transform(countsTrain), 'NOT_FITTED');
    for (const row of tf) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const tv = new TfidfVectorizer({ norm: 'l1', maxDf: 0.5 });
    const tfidf2 = dense(tv.fitTransform(train));
    for (const [i, row] of tfidf.entries())
      for (const [j, x] of row.entries()) expect(tfidf2[i]![j]).toBeCloseTo(x, 14);
    const tfidfTest2 = dense(tv.transform(test));
    for (const [j, x] of tfidfTest[0]!.entries()) expect(tfidfTest2[0]![j]).toBeCloseTo(x, 14);
    throwsCode(() => new CountVectorizer().transform(train), 'NOT_FITTED');
    throwsCode(() => new CountVectorizer({ stripAccents: '_gabbledegook_' as 'ascii' }), 'INVALID_PARAMETER');
    throwsCode(() => new CountVectorizer({ analyzer: '_invalid_analyzer_type_' as 'word' }), 'INVALID_PARAMETER');
  });
});

describe('CountVectorizer limits and inputs (test_text.py)', () => {
  it('test_vectorizer_max_features, for both vectorizers', () => {
    for (const Vectorizer of [CountVectorizer, TfidfVectorizer]) {
      const v = new Vectorizer({ maxDf: 0.6, maxFeatures: 4 }).fit(ALL_FOOD_DOCS);
      expect(new Set(v.vocabulary_.keys())).toEqual(new Set(['burger', 'beer', 'salad', 'pizza']));
      expect(v.stopWords_).toEqual(new Set(['celeri', 'tomato', 'copyright', 'coke', 'sparkling', 'water', 'the']));
    }
  });
  it('test_count_vectorizer_max_features: "the" (7 times) is kept first', () => {
    for (const maxFeatures of [1, 3, null]) {
      const cv = new CountVectorizer({ maxFeatures });
      const X = dense(cv.fitTransform(JUNK_FOOD_DOCS));
      const sums = X[0]!.map((_, j) => X.reduce((s, row) => s + row[j]!, 0));
      const best = sums.indexOf(Math.max(...sums));
      expect(sums[best]).toBe(7);
      expect(cv.getFeatureNamesOut()[best]).toBe('the');
    }
  });
  it('test_vectorizer_max_df (proportions; an int max_df of 1 cannot be told from 1.0 in JavaScript)', () => {
    const data = ['abc', 'dea', 'eat'];
    let v = new CountVectorizer({ analyzer: 'char', maxDf: 1.0 }).fit(data);
    expect(v.vocabulary_.has('a')).toBe(true);
    expect(v.vocabulary_.size).toBe(6);
    expect(v.stopWords_.size).toBe(0);
    v = new CountVectorizer({ analyzer: 'char', maxDf: 0.5 }).fit(data);
    expect(v.vocabulary_.has('a')).toBe(false);
    expect(v.vocabulary_.size).toBe(4);
    expect(v.stopWords_).toEqual(new Set(['a', 'e']));
  });
  it('test_vectorizer_min_df', () => {
    const data = ['abc', 'dea', 'eat'];
    let v = new CountVectorizer({ analyzer: 'char', minDf: 1 }).fit(data);
    expect(v.vocabulary_.size).toBe(6);
    expect(v.stopWords_.size).toBe(0);
    v = new CountVectorizer({ analyzer: 'char', minDf: 2 }).fit(data);
    expect(v.vocabulary_.has('c')).toBe(false);
    expect(v.vocabulary_.size).toBe(2);
    expect(v.stopWords_.size).toBe(4);
    v = new CountVectorizer({ analyzer: 'char', minDf: 0.8 }).fit(data);
    expect(v.vocabulary_.size).toBe(1);
    expect(v.stopWords_.size).toBe(5);
  });
  it('test_count_binary_occurrences', () => {
    const data = ['aaabc', 'abbde'];
    const v = new CountVectorizer({ analyzer: 'char', maxDf: 1.0 });
    expect(dense(v.fitTransform(data))).toEqual([
      [3, 1, 1, 0, 0],
      [1, 2, 0, 1, 1],
    ]);
    expect(v.getFeatureNamesOut()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(dense(new CountVectorizer({ analyzer: 'char', binary: true }).fitTransform(data))).toEqual([
      [1, 1, 1, 0, 0],
      [1, 1, 0, 1, 1],
    ]);
    const X = new CountVectorizer({ analyzer: 'char', binary: true, dtype: 'float32' }).fitTransform(data);
    expect(X.data).toBeInstanceOf(Float32Array);
  });
  it('test_vectorizer_unicode: Cyrillic counts equal HashingVectorizer counts', () => {
    const doc =
      'Машинное обучение — обширный подраздел искусственного интеллекта, изучающий методы построения ' +
      'алгоритмов, способных обучаться.';
    const counted = new CountVectorizer().fitTransform([doc]);
    expect(counted.shape).toEqual([1, 12]);
    const hashed = new HashingVectorizer({ norm: null, alternateSign: false }).transform([doc]);
    expect(counted.nnz).toBe(hashed.nnz);
    expect(Array.from(counted.data).sort()).toEqual(Array.from(hashed.data).sort());
  });
  it('test_vectorizer_string_object_as_input', () => {
    for (const v of [new CountVectorizer(), new TfidfVectorizer()]) {
      throwsCode(() => v.fitTransform('hello world!' as never), 'INVALID_INPUT', /string object received/);
      throwsCode(() => v.fit('hello world!' as never), 'INVALID_INPUT', /string object received/);
      v.fit(['some text', 'some other text']);
      throwsCode(() => v.transform('hello world!' as never), 'INVALID_INPUT', /string object received/);
    }
  });
  it('test_vectorizers_invalid_ngram_range', () => {
    for (const make of [
      () => new CountVectorizer({ ngramRange: [2, 1] }),
      () => new TfidfVectorizer({ ngramRange: [2, 1] }),
    ]) {
      throwsCode(make, 'INVALID_PARAMETER', /lower boundary larger than the upper boundary/);
    }
  });
  it('test_tie_breaking_sample_order_invariance', () => {
    const vec = new CountVectorizer({ maxFeatures: 1 });
    const vocab1 = new Map(vec.fit(['hello', 'world']).vocabulary_);
    const vocab2 = new Map(vec.fit(['world', 'hello']).vocabulary_);
    expect(vocab1).toEqual(vocab2);
  });
  it('max_df below min_df is refused as scikit-learn refuses it', () => {
    throwsCode(
      () => new CountVectorizer({ maxDf: 0.1, minDf: 5 }).fit(ALL_FOOD_DOCS),
      'INVALID_PARAMETER',
      /max_df corresponds to < documents than min_df/,
    );
    throwsCode(
      () => new CountVectorizer({ minDf: 0.99, maxDf: 0.99 }).fit(['ab cd', 'ef gh']),
      'INVALID_INPUT',
      /After pruning, no terms remain/,
    );
  });
});

describe('TfidfTransformer and TfidfVectorizer (test_text.py)', () => {
  const X3 = [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 0],
  ];
  it('test_tf_idf_smoothing and test_tfidf_no_smoothing: rows of unit l2 norm', () => {
    for (const smoothIdf of [true, false]) {
      const tfidf = dense(new TfidfTransformer({ smoothIdf, norm: 'l2' }).fitTransform(X3));
      for (const row of tfidf) {
        expect(row.every((x) => x >= 0)).toBe(true);
        expect(row.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
      }
    }
    // a feature no sample has: smoothing keeps idf finite, no smoothing divides by zero (inf, as numpy)
    const X = [
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
    ];
    expect(Array.from(new TfidfTransformer().fit(X).idf_).every(Number.isFinite)).toBe(true);
    expect(new TfidfTransformer({ smoothIdf: false }).fit(X).idf_[2]).toBe(Infinity);
  });
  it('test_sublinear_tf', () => {
    const tfidf = dense(
      new TfidfTransformer({ sublinearTf: true, useIdf: false, norm: null }).fitTransform([[1], [2], [3]]),
    ).map((r) => r[0]!);
    expect(tfidf[0]).toBe(1);
    expect(tfidf[1]).toBe(1 + Math.log(2));
    expect(tfidf[2]).toBe(1 + Math.log(3));
  });
  it('test_transformer_idf_setter and test_tfidf_vectorizer_setter (through setFittedState)', () => {
    const X = new CountVectorizer().fitTransform(JUNK_FOOD_DOCS);
    const orig = new TfidfTransformer().fit(X);
    const copy = new TfidfTransformer().setFittedState({ idf_: orig.idf_ });
    expect(dense(copy.transform(X))).toEqual(dense(orig.transform(X)));
    const tv = new TfidfVectorizer().fit(JUNK_FOOD_DOCS);
    const tvCopy = new TfidfVectorizer({ vocabulary: tv.vocabulary_ }).setFittedState(tv.getFittedState());
    expect(dense(tvCopy.transform(JUNK_FOOD_DOCS))).toEqual(dense(tv.transform(JUNK_FOOD_DOCS)));
    throwsCode(
      () => new TfidfVectorizer({ useIdf: false }).setFittedState(tv.getFittedState()),
      'INVALID_INPUT',
      /idf_ must be null when useIdf is false/,
    );
  });
  it('test_tfidfvectorizer_invalid_idf_attr: idf_ of the wrong length', () => {
    const tv = new TfidfVectorizer().fit(JUNK_FOOD_DOCS);
    const state = tv.getFittedState();
    throwsCode(
      () => new TfidfVectorizer().setFittedState({ ...state, idf_: new Float64Array(state.idf_!.length + 1).fill(1) }),
      'INVALID_INPUT',
      /idf_ has 7 entries but vocabulary_ has 6 terms/,
    );
  });
  it('test_tfidfvectorizer_binary', () => {
    const v = new TfidfVectorizer({ binary: true, useIdf: false, norm: null });
    expect(dense(v.fitTransform(['hello world', 'hello hello'])).flat()).toEqual([1, 1, 1, 0]);
    expect(dense(v.transform(['hello world', 'hello hello'])).flat()).toEqual([1, 1, 1, 0]);
  });
  it('test_tfidf_vectorizer_with_fixed_vocabulary and test_vectorizer_vocab_clone', () => {
    const v = new TfidfVectorizer({ vocabulary: ['pizza', 'celeri'] });
    expect(dense(v.fitTransform(ALL_FOOD_DOCS))).toEqual(dense(v.transform(ALL_FOOD_DOCS)));
    const a = new TfidfVectorizer({ vocabulary: ['the'] }).fit(ALL_FOOD_DOCS);
    const b = TfidfVectorizer.fromSklearnParams(a.toSklearnParams()).fit(ALL_FOOD_DOCS);
    expect(b.vocabulary_).toEqual(a.vocabulary_);
  });
  it('test_tfidf_transformer_type / test_tfidf_vectorizer_type: float32 in, float32 out', () => {
    const X = new CsrMatrix({
      indptr: [0, 2, 3],
      indices: [0, 2, 1],
      data: new Float32Array([1, 2, 3]),
      shape: [2, 3],
    });
    expect(new TfidfTransformer().fitTransform(X).data).toBeInstanceOf(Float32Array);
    expect(new TfidfVectorizer({ dtype: 'float32' }).fitTransform(JUNK_FOOD_DOCS).data).toBeInstanceOf(Float32Array);
    expect(new TfidfVectorizer().fitTransform(JUNK_FOOD_DOCS).data).toBeInstanceOf(Float64Array);
    throwsCode(() => new TfidfVectorizer({ dtype: 'int64' as 'float64' }), 'INVALID_PARAMETER');
  });
  it('n_features_in_ and a wrong width at transform', () => {
    const t = new TfidfTransformer().fit(X3);
    expect(t.nFeaturesIn_).toBe(3);
    throwsCode(() => t.transform([[1, 2]]), 'INVALID_INPUT', /X has 2 features, but TfidfTransformer is expecting 3/);
  });
});
