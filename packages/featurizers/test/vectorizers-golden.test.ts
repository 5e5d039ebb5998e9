/**
 * The live comparison's configs on the multilingual corpus, against golden output recorded from scikit-learn
 * 1.2.1 by fixtures/generate_vectorizer_goldens.py, so it runs where Python is absent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Config, type Corpus, type RefResult, compareWithReference } from './vectorizers-compare.js';

const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/vectorizers/${name}`, import.meta.url), 'utf8')) as T;
const CONFIGS = read<Config[]>('configs.json');
const CORPUS = read<Corpus>('multilingual.json');
const GOLDEN = read<{ sklearn: string; results: RefResult[] }>('golden.json');

describe('vectorizers against scikit-learn goldens (multilingual corpus)', () => {
  it('has a golden for every config, from scikit-learn 1.2.1', () => {
    expect(GOLDEN.sklearn).toBe('1.2.1');
    expect(GOLDEN.results.map((r) => r.config)).toEqual(CONFIGS.map((c) => c.name));
  });
  for (const config of CONFIGS) {
    it(config.name, () => {
      compareWithReference(config, CORPUS, GOLDEN.results.find((r) => r.config === config.name)!);
    });
  }
});
