import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, loadFixture } from '@icepickle/test-utils';
import { ENGLISH_STOP_WORDS, HashingVectorizer, murmurhash3_32 } from '@icepickle/featurizers';

interface HashingFixture {
  name: string;
  params: Record<string, unknown>;
  texts: string[];
  n_imdb_texts: number;
  output: { shape: [number, number]; indptr: number[]; indices: number[]; data: number[]; explicit_zeros: number };
  analyzed_crafted: string[][];
  warnings: unknown[];
}

const configs = readdirSync(fixturePath('hashing'))
  .filter((f) => f.endsWith('.json') && !['murmur.json', 'english_stop_words.json'].includes(f))
  .map((f) => f.replace(/\.json$/, ''));

/** Bitwise equality of doubles, -0 and +0 told apart. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('HashingVectorizer vs scikit-learn 1.2.1 fixtures', () => {
  it('covers every config in packages/test-utils/fixtures/sklearn/hashing', () => {
    expect(configs.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of configs) {
    it(`${name}: CSR identical bit for bit`, () => {
      const fx = loadFixture<HashingFixture>(`hashing/${name}.json`);
      const hv = HashingVectorizer.fromSklearnParams(fx.params);
      const X = hv.transform(fx.texts);
      expect(X.shape).toEqual(fx.output.shape);
      expect(Array.from(X.indptr)).toEqual(fx.output.indptr);
      expect(Array.from(X.indices)).toEqual(fx.output.indices);
      expect(sameBits(X.data, fx.output.data)).toBe(-1);
      let zeros = 0;
      for (const v of X.data) if (v === 0) zeros++;
      expect(zeros).toBe(fx.output.explicit_zeros);
    });

    it(`${name}: buildAnalyzer matches analyzed_crafted`, () => {
      const fx = loadFixture<HashingFixture>(`hashing/${name}.json`);
      const analyze = HashingVectorizer.fromSklearnParams(fx.params).buildAnalyzer();
      const crafted = fx.texts.slice(fx.n_imdb_texts);
      crafted.forEach((text, i) =>
        expect(analyze(text), `crafted line ${i}: ${JSON.stringify(text)}`).toEqual(fx.analyzed_crafted[i]),
      );
    });

    it(`${name}: toSklearnParams round-trips get_params()`, () => {
      const fx = loadFixture<HashingFixture>(`hashing/${name}.json`);
      expect(HashingVectorizer.fromSklearnParams(fx.params).toSklearnParams()).toEqual(fx.params);
    });
  }

  it('the explicit zero from the crafted collision pair is stored (default config, document 168)', () => {
    const fx = loadFixture<HashingFixture>('hashing/default.json');
    const X = new HashingVectorizer().transform([fx.texts[168]!]);
    expect(Array.from(X.data).some((v) => v === 0)).toBe(true);
  });
});

describe('murmurhash3_32 vs sklearn.utils.murmurhash3_32', () => {
  const mm = loadFixture<{
    entries: {
      token: string;
      utf8_hex: string;
      signed: number;
      unsigned: number;
      index_2_20: number;
      index_1000: number;
      sign: number;
    }[];
    other_seeds: { token: string; seed: number; signed: number; unsigned: number }[];
  }>('hashing/murmur.json');

  it('every entry, signed and unsigned, string and bytes', () => {
    expect(mm.entries.length).toBeGreaterThan(100);
    for (const e of mm.entries) {
      expect(murmurhash3_32(e.token), e.token).toBe(e.signed);
      expect(murmurhash3_32(e.token, 0, true), e.token).toBe(e.unsigned);
      expect(murmurhash3_32(Buffer.from(e.utf8_hex, 'hex')), e.token).toBe(e.signed);
    }
  });

  it('column and sign rules (including -2**31) through a one-token vectorizer', () => {
    for (const e of mm.entries) {
      if (e.token.length === 0) continue;
      for (const [n, expected] of [
        [2 ** 20, e.index_2_20],
        [1000, e.index_1000],
      ] as const) {
        const hv = new HashingVectorizer({ analyzer: (t) => [t], nFeatures: n, norm: null });
        const X = hv.transform([e.token]);
        expect(Array.from(X.indices)).toEqual([expected]);
        expect(Array.from(X.data)).toEqual([e.sign]);
      }
    }
  });

  it('other seeds', () => {
    for (const e of mm.other_seeds) {
      expect(murmurhash3_32(e.token, e.seed)).toBe(e.signed);
      expect(murmurhash3_32(e.token, e.seed, true)).toBe(e.unsigned);
    }
  });
});

describe('ENGLISH_STOP_WORDS', () => {
  it('is scikit-learn list', () => {
    expect([...ENGLISH_STOP_WORDS]).toEqual(loadFixture<{ words: string[] }>('hashing/english_stop_words.json').words);
  });
});
