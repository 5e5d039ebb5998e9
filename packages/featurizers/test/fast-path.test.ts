/**
 * The byte-level hot path (hashing-kernel.ts, hashing/) against the string-by-string analyzers (analyzers.ts) run
 * through murmurhash3_32: same CSR for configurations beyond the fixtures (odd n-gram ranges included).
 */
import { describe, expect, it } from 'vitest';
import { loadFixture } from '@icepickle/test-utils';
import { HashingVectorizer, type HashingVectorizerParams } from '@icepickle/featurizers';
import { UNICODE_CORPUS } from './unicode-corpus.js';

const texts = [...loadFixture<{ texts: string[] }>('hashing/default.json').texts.slice(140), ...UNICODE_CORPUS];

const CONFIGS: Partial<HashingVectorizerParams>[] = [
  {},
  { ngramRange: [0, 1] },
  { ngramRange: [0, 2] },
  { ngramRange: [2, 2] },
  { ngramRange: [1, 4], stopWords: 'english' },
  { ngramRange: [3, 5], stopWords: ['the', 'a', 'of'] },
  { stopWords: 'english', lowercase: false },
  { stripAccents: 'ascii', ngramRange: [1, 2] },
  { stripAccents: (d) => d.replace(/[aeiou]/g, '') },
  { analyzer: 'char', ngramRange: [1, 1] },
  { analyzer: 'char', ngramRange: [0, 2], lowercase: false },
  { analyzer: 'char', ngramRange: [4, 7], stripAccents: 'unicode' },
  { analyzer: 'char_wb', ngramRange: [1, 1] },
  { analyzer: 'char_wb', ngramRange: [3, 8] },
  { analyzer: 'char_wb', ngramRange: [0, 2] },
  { tokenPattern: String.raw`\S+`, ngramRange: [1, 3] },
  { tokenPattern: String.raw`\b\w\w+\b`, ngramRange: [1, 2] },
  { preprocessor: (d) => d.toUpperCase(), ngramRange: [1, 2] },
  { nFeatures: 7, alternateSign: false, norm: 'l1' },
  { nFeatures: 1, binary: true },
];

describe('hot path == string analyzers + murmurhash3_32', () => {
  for (const cfg of CONFIGS) {
    it(
      JSON.stringify(cfg, (_k, v) => (typeof v === 'function' ? String(v) : v)),
      () => {
        const fast = new HashingVectorizer(cfg);
        const slow = new HashingVectorizer({
          ...cfg,
          analyzer: fast.buildAnalyzer(),
          preprocessor: null,
          stripAccents: null,
        });
        const a = fast.transform(texts);
        const b = slow.transform(texts);
        expect(Array.from(a.indptr)).toEqual(Array.from(b.indptr));
        expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
        expect(Array.from(a.data)).toEqual(Array.from(b.data));
      },
    );
  }
});
