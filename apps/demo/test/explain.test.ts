/** The page's explanation adds up: per-term shares rebuild the hashed row and the decision function. */
import { readFileSync } from 'node:fs';
import { LogisticRegression, SGDClassifier } from '@icepickle/core';
import { HashingVectorizer, TfidfVectorizer } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { fixturePath, hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { DemoModel, UserError } from '../web/src/demo-model.js';
import { explain, explainRow, hashedColumn } from '../web/src/explain.js';
import { parseReviews } from '../src/csv.js';
import { imdbCsv } from '../src/paths.js';

const reviews = parseReviews(readFileSync(imdbCsv, 'utf8')).slice(0, 40);
const texts = [...reviews.map((r) => r.text), 'Café crème — naïve plot, great great great acting!', 'a b c'];

describe('explain', () => {
  const vectorizer = new HashingVectorizer({ nFeatures: 2 ** 18, ngramRange: [1, 2] });
  const model = new SGDClassifier({ loss: 'log_loss', shuffle: false, maxIter: 5, tol: null });
  model.fit(
    vectorizer.transform(reviews.map((r) => r.text)),
    reviews.map((r) => r.label),
  );
  const { coef, intercept } = model.getCoefficients();

  it('rebuilds each hashed row from its terms, and the decision function from their contributions', () => {
    const X = vectorizer.transform(texts);
    const decisions = model.decisionFunction(X) as number[];
    texts.forEach((text, i) => {
      const e = explain(vectorizer, coef, intercept[0]!, text);
      const byColumn = new Map<number, number>();
      for (const c of e.contributions) byColumn.set(c.column, (byColumn.get(c.column) ?? 0) + c.contribution);
      for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) {
        const col = X.indices[k]!;
        expect(byColumn.get(col) ?? 0).toBeCloseTo(coef[col]! * X.data[k]!, 12);
      }
      expect(e.decision).toBeCloseTo(decisions[i]!, 10);
      for (let j = 1; j < e.contributions.length; j++) {
        expect(Math.abs(e.contributions[j - 1]!.contribution)).toBeGreaterThanOrEqual(
          Math.abs(e.contributions[j]!.contribution),
        );
      }
    });
  });

  it('hashes terms to the columns and signs scikit-learn uses', () => {
    if (!hasSklearn()) return;
    const terms = ['great', 'great acting', 'naïve plot', 'café', 'the movie', 'x'];
    const ours = terms.map((t) => hashedColumn(t, 2 ** 18, true));
    const theirs = runPythonCode<{ column: number; sign: number }[]>(
      `import json, sys
from sklearn.feature_extraction import FeatureHasher
terms = json.load(sys.stdin)
X = FeatureHasher(n_features=2**18, input_type='string').transform([[t] for t in terms])
out = []
for i in range(len(terms)):
    row = X.getrow(i)
    out.append({'column': int(row.indices[0]), 'sign': int(row.data[0])})
print(json.dumps(out))`,
      terms,
    );
    expect(ours).toEqual(theirs);
  });
});

describe('explainRow (a vocabulary: one term per column)', () => {
  it('names each stored column by its term, and its shares add up to the decision function', () => {
    const tfidf = new TfidfVectorizer({ analyzer: 'char_wb', ngramRange: [2, 4], sublinearTf: true });
    const X = tfidf.fitTransform(reviews.map((r) => r.text));
    const model = new LogisticRegression({ C: 10 }).fit(
      X,
      reviews.map((r) => r.label),
    );
    const { coef, intercept } = model.getCoefficients();
    const names = tfidf.getFeatureNamesOut();
    const Xt = tfidf.transform(texts);
    const decisions = model.decisionFunction(Xt) as number[];
    texts.forEach((text, i) => {
      const row = tfidf.transform([text]);
      const e = explainRow(names, coef, intercept[0]!, { indices: row.indices, values: row.data });
      expect(e.contributions).toHaveLength(row.indices.length);
      for (const c of e.contributions) expect(tfidf.vocabulary_.get(c.term)).toBe(c.column);
      expect(e.decision).toBeCloseTo(decisions[i]!, 10);
      for (let j = 1; j < e.contributions.length; j++) {
        expect(Math.abs(e.contributions[j - 1]!.contribution)).toBeGreaterThanOrEqual(
          Math.abs(e.contributions[j]!.contribution),
        );
      }
    });
  });
});

describe('DemoModel', () => {
  it('keeps the model on every bad load and says why in plain words', async () => {
    const demo = new DemoModel(hdf5Wasm());
    await expect(demo.load(new Uint8Array(0), 'empty.h5')).rejects.toThrow(/“empty\.h5” is empty/);
    const pretrained = readFileSync(fixturePath('finetune/pretrained.h5'));
    await expect(demo.load(pretrained, 'pretrained.h5')).rejects.toThrow(UserError);
    await expect(demo.load(pretrained, 'pretrained.h5')).rejects.toThrow(
      /expects 65,536 features, but this page hashes reviews into 262,144/,
    );
    // the reason is the error's detail, without the [icepickle] [scope] file: prefix of its message
    const junk = await demo.load(new TextEncoder().encode('not a model\n'), 'notes.h5').catch((e: Error) => e);
    expect((junk as Error).message).toMatch(
      /^“notes\.h5” is not an icepickle model this page can read \(no HDF5 signature/,
    );
    expect((junk as Error).message).not.toContain('[icepickle]');
    expect(demo.loaded).toBe(false);
    expect(() => demo.predict('hello')).toThrow(/No model is loaded/);
  });
});
