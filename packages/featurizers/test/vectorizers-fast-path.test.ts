/**
 * The byte paths (ASCII unigrams, the fused word scanner, character n-grams by bytes) against the plain string
 * path: the same options given as a callable analyzer (HashingVectorizer's own buildAnalyzer, which always
 * takes the string path) must give the same vocabulary and the same CSR, bit for bit. No Python needed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CountVectorizer, HashingVectorizer, type HashingVectorizerParams } from '@icepickle/featurizers';
import type { Corpus } from './vectorizers-compare.js';

const MULTILINGUAL = JSON.parse(
  readFileSync(new URL('./fixtures/vectorizers/multilingual.json', import.meta.url), 'utf8'),
) as Corpus;
const DOCS = [
  ...MULTILINGUAL.fit,
  'Plain ASCII text, the movie was GREAT great_fun x y zz 42 4x4',
  'UPPER lower MiXeD under_score 1st 2nd',
  '\ufeffbom x\ufeffy the movie',
  // Latin-1 only (the ASCII path's two-byte characters): letters, their upper cases, ß µ ª º ÿ, digits ¹²³¼½¾,
  // separators × ÷ « » £ and the C1 controls of mis-decoded cp1252, one-character tokens
  'Café CRÈME naïve FAÇADE ÀÉÎÕÜÞ ÿ ß µ ªº x¹²³ ¼½¾ a×b c÷d é x É é£10 «quoted» \u0085next\u0096dash\u0097 Ø',
  String.fromCharCode(...Array.from({ length: 128 }, (_v, i) => 0x80 + i)),
  Array.from({ length: 64 }, (_v, i) => String.fromCharCode(0xc0 + i, 0x41 + (i % 26), 0xbf - (i % 32))).join(' '),
];

const OPTIONS: Partial<HashingVectorizerParams>[] = [
  {},
  { lowercase: false },
  { ngramRange: [1, 3] },
  { ngramRange: [2, 2], stopWords: 'english' },
  { stripAccents: 'unicode' },
  { analyzer: 'char', ngramRange: [1, 3] },
  { analyzer: 'char', ngramRange: [2, 4], lowercase: false },
  { analyzer: 'char_wb', ngramRange: [1, 4] },
  { analyzer: 'char_wb', ngramRange: [3, 5], stripAccents: 'ascii' },
];

describe('fast paths equal the string path', () => {
  for (const options of OPTIONS) {
    it(JSON.stringify(options), () => {
      const analyze = new HashingVectorizer(options).buildAnalyzer();
      const fast = new CountVectorizer(options as never);
      const plain = new CountVectorizer({ analyzer: (doc: string) => analyze(doc) });
      const a = fast.fitTransform(DOCS);
      const b = plain.fitTransform(DOCS);
      expect(fast.getFeatureNamesOut()).toEqual(plain.getFeatureNamesOut());
      expect(a.indptr).toEqual(b.indptr);
      expect(a.indices).toEqual(b.indices);
      expect(a.data).toEqual(b.data);
      const c = fast.transform(MULTILINGUAL.transform);
      const d = plain.transform(MULTILINGUAL.transform);
      expect(c.indices).toEqual(d.indices);
      expect(c.data).toEqual(d.data);
    });
  }
});
