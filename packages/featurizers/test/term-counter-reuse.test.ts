/**
 * A fitted vocabulary keeps its per-column counter between transform calls (term-counter.ts), so one
 * document costs no counter allocation. A call that fails part-way must leave that counter clean: the next
 * call counts exactly as a fresh vectorizer does.
 */
import { CountVectorizer, TfidfVectorizer } from '@icepickle/featurizers';
import { describe, expect, it } from 'vitest';

const corpus = ['the cat sat on the mat', 'the dog sat', 'a cat and a dog and a cat', 'mat mat mat'];

function parts(X: { indptr: Int32Array; indices: Int32Array; data: Float64Array | Float32Array }) {
  return { indptr: [...X.indptr], indices: [...X.indices], data: [...X.data] };
}

describe('the reused counter', () => {
  for (const [name, make] of [
    ['CountVectorizer', () => new CountVectorizer({ ngramRange: [1, 2] })],
    ['TfidfVectorizer', () => new TfidfVectorizer({ ngramRange: [1, 2] })],
  ] as const) {
    it(`${name}: reused counter counts as a fresh vectorizer's, also after a refused call`, () => {
      const used = make().fit(corpus);
      const fresh = make().fit(corpus);
      const kept = used.transform(corpus); // must not share arrays with the calls after it
      for (const doc of corpus) used.transform([doc]); // the counter is now reused
      // the first document is counted, then the second is refused mid-call
      expect(() => used.transform(['the cat the cat sat', 42 as unknown as string])).toThrow(/document 1/);
      for (const doc of corpus) expect(parts(used.transform([doc]))).toEqual(parts(fresh.transform([doc])));
      expect(parts(used.transform(corpus))).toEqual(parts(fresh.transform(corpus)));
      expect(parts(kept)).toEqual(parts(fresh.transform(corpus)));
    });
  }

  it('a transform called from inside another (a custom tokenizer) counts with its own arrays', () => {
    let inner: CountVectorizer | undefined;
    const split = (doc: string) => doc.split(' ');
    const reentrant = (doc: string) => {
      if (inner && doc.startsWith('the')) inner.transform(['mat cat dog', 'a a a']); // uses the same vocabulary
      return split(doc);
    };
    inner = new CountVectorizer({ tokenizer: reentrant, tokenPattern: null }).fit(corpus);
    const plain = new CountVectorizer({ tokenizer: split, tokenPattern: null }).fit(corpus);
    expect(parts(inner.transform(corpus))).toEqual(parts(plain.transform(corpus)));
  });
});
