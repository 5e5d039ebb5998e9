/**
 * Live parity with scikit-learn (/usr/bin/python3) on a unicode corpus beyond the fixtures: the CSR of every
 * config must be identical bit for bit, and the analyzer output identical feature for feature.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasSklearn, runPythonJson } from '@icepickle/test-utils';
import { HashingVectorizer, isIcepickleErrorLike, type SklearnHashingParams } from './helpers.js';
import { LONE_SURROGATE_TEXTS, UNICODE_CORPUS } from './unicode-corpus.js';

const script = fileURLToPath(new URL('./fixtures/hashing_live.py', import.meta.url));

interface LiveResult {
  name: string;
  error?: string;
  output?: { shape: [number, number]; indptr: number[]; indices: number[]; data: number[] };
  analyzed: (string[] | { error: string })[];
}

const CONFIGS: { name: string; params: Partial<SklearnHashingParams> }[] = [
  { name: 'default', params: {} },
  { name: 'ngram_1_2', params: { ngram_range: [1, 2] } },
  { name: 'ngram_2_3_stop_english', params: { ngram_range: [2, 3], stop_words: 'english' } },
  { name: 'char_1_3', params: { analyzer: 'char', ngram_range: [1, 3] } },
  { name: 'char_wb_2_4', params: { analyzer: 'char_wb', ngram_range: [2, 4] } },
  { name: 'char_wb_1_5_lower_false', params: { analyzer: 'char_wb', ngram_range: [1, 5], lowercase: false } },
  { name: 'strip_accents_ascii', params: { strip_accents: 'ascii' } },
  { name: 'strip_accents_unicode', params: { strip_accents: 'unicode' } },
  {
    name: 'strip_accents_unicode_char_wb',
    params: { strip_accents: 'unicode', analyzer: 'char_wb', ngram_range: [2, 4] },
  },
  { name: 'lowercase_false', params: { lowercase: false } },
  { name: 'token_single_char', params: { token_pattern: String.raw`(?u)\b\w+\b` } },
  { name: 'token_letters_only', params: { token_pattern: String.raw`[^\W\d_]+` } },
  { name: 'token_non_space', params: { token_pattern: String.raw`\S+` } },
  { name: 'token_one_group', params: { token_pattern: String.raw`(?:^|\s)([^\s\d]+)` } },
  { name: 'token_apostrophes', params: { token_pattern: String.raw`(?u)\b\w[\w'’-]*\w\b` } },
  { name: 'l1_binary_float32_1000', params: { norm: 'l1', binary: true, dtype: 'float32', n_features: 1000 } },
  { name: 'no_sign_no_norm_ngram_1_3', params: { alternate_sign: false, norm: null, ngram_range: [1, 3] } },
  { name: 'float32_l2_char', params: { dtype: 'float32', analyzer: 'char', ngram_range: [2, 2], n_features: 2 ** 10 } },
];

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe.runIf(hasSklearn())('live scikit-learn parity on a unicode corpus', () => {
  const texts = [...UNICODE_CORPUS];
  const live = runPythonJson<{ sklearn: string; results: LiveResult[] }>(script, { texts, configs: CONFIGS });

  it('runs scikit-learn 1.2.1', () => {
    expect(live.sklearn).toBe('1.2.1');
    expect(live.results.length).toBe(CONFIGS.length);
  });

  for (const [k, cfg] of CONFIGS.entries()) {
    it(`${cfg.name}: identical CSR and analyzer output`, () => {
      const ref = live.results[k]!;
      expect(ref.error).toBeUndefined();
      const hv = HashingVectorizer.fromSklearnParams(cfg.params);
      const analyze = hv.buildAnalyzer();
      texts.forEach((t, i) =>
        expect(analyze(t), `${cfg.name} text ${i} ${JSON.stringify(t)}`).toEqual(ref.analyzed[i]),
      );
      const X = hv.transform(texts);
      const out = ref.output!;
      expect(X.shape).toEqual(out.shape);
      expect(Array.from(X.indptr)).toEqual(out.indptr);
      expect(Array.from(X.indices)).toEqual(out.indices);
      expect(sameBits(X.data, out.data)).toBe(-1);
    });
  }

  it('Python rebuilds the same vectorizer from toSklearnParams() (full get_params() JSON)', () => {
    const ours = [
      new HashingVectorizer({ ngramRange: [1, 3], stopWords: 'english', nFeatures: 2 ** 12, norm: 'l1' }),
      new HashingVectorizer({ analyzer: 'char_wb', ngramRange: [3, 5], stripAccents: 'unicode', alternateSign: false }),
      new HashingVectorizer({ tokenPattern: String.raw`[^\W\d_]+`, lowercase: false, binary: true, dtype: 'float32' }),
    ];
    const configs = ours.map((hv, i) => ({
      name: `rebuilt_${i}`,
      params: JSON.parse(JSON.stringify(hv.toSklearnParams())),
    }));
    const ref = runPythonJson<{ results: LiveResult[] }>(script, { texts, configs }).results;
    ours.forEach((hv, i) => {
      const X = hv.transform(texts);
      expect(ref[i]!.error).toBeUndefined();
      expect(Array.from(X.indices)).toEqual(ref[i]!.output!.indices);
      expect(sameBits(X.data, ref[i]!.output!.data)).toBe(-1);
    });
  });

  it('lone surrogates: word analyzer skips them, char analyzers refuse them, as scikit-learn does', () => {
    const configs = [
      { name: 'word', params: {} },
      { name: 'char', params: { analyzer: 'char', ngram_range: [2, 3] } },
      { name: 'char_wb', params: { analyzer: 'char_wb', ngram_range: [2, 4] } },
      { name: 'ascii', params: { strip_accents: 'ascii', analyzer: 'char', ngram_range: [1, 2] } },
      { name: 'unicode', params: { strip_accents: 'unicode' } },
    ] as const;
    const ref = runPythonJson<{ results: LiveResult[] }>(script, { texts: LONE_SURROGATE_TEXTS, configs }).results;
    expect(ref[0]!.error).toBeUndefined();
    expect(ref[1]!.error).toMatch(/UnicodeEncodeError/);
    expect(ref[2]!.error).toMatch(/UnicodeEncodeError/);
    expect(ref[3]!.error).toBeUndefined();
    expect(ref[4]!.error).toBeUndefined();
    // NFKD still decomposes around a lone surrogate (the engine's normalize() alone would not)
    expect(ref[4]!.analyzed[3]).toEqual(['cafe', 'naive']);
    for (const [k, cfg] of configs.entries()) {
      const hv = HashingVectorizer.fromSklearnParams(cfg.params as Record<string, unknown>);
      // The analyzer itself works on the surrogate as one code point, as Python's does.
      LONE_SURROGATE_TEXTS.forEach((t, i) => expect(hv.buildAnalyzer()(t)).toEqual(ref[k]!.analyzed[i]));
      if (ref[k]!.error) {
        let caught: unknown;
        try {
          hv.transform(LONE_SURROGATE_TEXTS);
        } catch (e) {
          caught = e;
        }
        expect(isIcepickleErrorLike(caught, 'INVALID_INPUT')).toBe(true);
        expect(String((caught as Error).message)).toMatch(/lone surrogate U\+D800/);
      } else {
        const X = hv.transform(LONE_SURROGATE_TEXTS);
        expect(Array.from(X.indices)).toEqual(ref[k]!.output!.indices);
        expect(sameBits(X.data, ref[k]!.output!.data)).toBe(-1);
      }
    }
  });
});
