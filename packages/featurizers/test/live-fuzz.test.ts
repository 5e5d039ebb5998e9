/**
 * Random documents over the whole code space (weighted towards the characters where Python and JavaScript
 * disagree), compared live with scikit-learn: CSR bit for bit and analyzer output, several configs.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasSklearn, runPythonJson } from '@icepickle/test-utils';
import { HashingVectorizer, type SklearnHashingParams } from '@icepickle/featurizers';

const script = fileURLToPath(new URL('./fixtures/hashing_live.py', import.meta.url));

/** mulberry32: a small deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [
  ...'ΣσςİıIißẞǅǄǆǈǋǲﬁﬂﬀⅫⅻ①½²³₂ΩKÅ℃㎏ＡＢＣａｂｃ０１２',
  '\u0300',
  '\u0301',
  '\u0308',
  '\u0327',
  '\u0345',
  '\u0307',
  '\u093f',
  '\u0940',
  '\u0e31',
  '\u05b8',
  '\u064e',
  '\u200d',
  '\u200c',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u180e',
  '\u034f',
  '\u00a0',
  '\u0085',
  '\u001c',
  '\u001d',
  '\u001e',
  '\u001f',
  '\u2028',
  '\u2029',
  '\u3000',
  '\u2002',
  '\u1680',
  '\u202f',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u1c89',
  '\u1c8a',
  '\u{1e030}',
  '\u{11f04}',
  '\u{1fae8}',
  '\u{a7d5}',
  ...'👍🏽👨‍👩‍👧🇫🇷❤️',
  '\u{1d400}',
  '\u{1d538}',
  '\u{10400}',
  '\u{10428}',
  '\u{1e900}',
  '\u{1e922}',
  '_',
  "'",
  '-',
  '.',
  ',',
];
const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      ';

function randomDoc(next: () => number): string {
  const len = Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < len; i++) {
    const r = next();
    if (r < 0.45) s += ASCII[Math.floor(next() * ASCII.length)];
    else if (r < 0.75) s += SPECIAL[Math.floor(next() * SPECIAL.length)];
    else if (r < 0.93) {
      let c = Math.floor(next() * 0x10000);
      if (c >= 0xd800 && c < 0xe000) c = 0x20;
      s += String.fromCodePoint(c);
    } else s += String.fromCodePoint(0x10000 + Math.floor(next() * 0x30000));
  }
  return s;
}

const CONFIGS: { name: string; params: Partial<SklearnHashingParams> }[] = [
  { name: 'default', params: {} },
  { name: 'ngram_1_3_stop', params: { ngram_range: [1, 3], stop_words: 'english' } },
  { name: 'char_1_3', params: { analyzer: 'char', ngram_range: [1, 3] } },
  { name: 'char_wb_2_5', params: { analyzer: 'char_wb', ngram_range: [2, 5] } },
  { name: 'char_wb_2_4_no_lower', params: { analyzer: 'char_wb', ngram_range: [2, 4], lowercase: false } },
  { name: 'strip_unicode', params: { strip_accents: 'unicode', ngram_range: [1, 2] } },
  { name: 'strip_ascii_char', params: { strip_accents: 'ascii', analyzer: 'char', ngram_range: [2, 3] } },
  { name: 'single_char_tokens', params: { token_pattern: String.raw`(?u)\b\w+\b`, n_features: 1000 } },
];

describe.runIf(hasSklearn())('random documents vs scikit-learn (live)', () => {
  const next = rng(20261123);
  const texts = Array.from({ length: 400 }, () => randomDoc(next));
  const live = runPythonJson<{
    results: {
      error?: string;
      output?: { indptr: number[]; indices: number[]; data: number[] };
      analyzed: unknown[];
    }[];
  }>(script, { texts, configs: CONFIGS });

  for (const [k, cfg] of CONFIGS.entries()) {
    it(cfg.name, () => {
      const ref = live.results[k]!;
      expect(ref.error).toBeUndefined();
      const hv = HashingVectorizer.fromSklearnParams(cfg.params);
      const analyze = hv.buildAnalyzer();
      texts.forEach((t, i) => expect(analyze(t), `text ${i} ${JSON.stringify(t)}`).toEqual(ref.analyzed[i]));
      const X = hv.transform(texts);
      expect(Array.from(X.indptr)).toEqual(ref.output!.indptr);
      expect(Array.from(X.indices)).toEqual(ref.output!.indices);
      expect(Array.from(X.data)).toEqual(ref.output!.data);
    });
  }
});
