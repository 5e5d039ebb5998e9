/**
 * The warnings about options a vectorizer will not use, against scikit-learn 1.2.1's own
 * (`_warn_for_unused_params`, raised by fit), for HashingVectorizer, CountVectorizer and TfidfVectorizer.
 */
import { CountVectorizer, HashingVectorizer, TfidfVectorizer } from '@icepickle/featurizers';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

/** A case in scikit-learn's words; 'fn' stands for a callable (str.split / str.lower on the Python side). */
interface Case {
  tokenizer?: 'fn' | null;
  preprocessor?: 'fn';
  analyzer?: 'word' | 'char' | 'char_wb' | 'fn';
  stop_words?: 'english' | string[];
  token_pattern?: string | null;
  ngram_range?: [number, number];
}

const CASES: Case[] = [
  {},
  { tokenizer: 'fn' },
  { tokenizer: 'fn', token_pattern: null },
  { analyzer: 'char', stop_words: 'english' },
  { analyzer: 'char_wb', token_pattern: String.raw`\S+` },
  { analyzer: 'char_wb', token_pattern: String.raw`(?u)\b\w\w+\b` },
  { analyzer: 'char', tokenizer: 'fn' },
  { analyzer: 'fn', preprocessor: 'fn', ngram_range: [1, 2] },
  { analyzer: 'fn', stop_words: ['a'], tokenizer: 'fn', token_pattern: String.raw`\w+` },
  { analyzer: 'word', stop_words: 'english', ngram_range: [1, 3] },
];
const CLASSES = { HashingVectorizer, CountVectorizer, TfidfVectorizer } as const;
const DOCS = ['the cat sat', 'a dog ran far'];

const PY = String.raw`
import json, sys, warnings
from sklearn.feature_extraction import text
cases, docs = json.load(sys.stdin)
out = []
for name in ["HashingVectorizer", "CountVectorizer", "TfidfVectorizer"]:
    for case in cases:
        p = {k: (str.split if v == "fn" and k in ("tokenizer", "analyzer") else str.lower if v == "fn" else v)
             for k, v in case.items()}
        if "ngram_range" in p: p["ngram_range"] = tuple(p["ngram_range"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(text, name)(**p).fit(docs)
        seen = []
        for w in caught:
            m = f"{w.category.__name__}: {w.message}"
            if m not in seen: seen.append(m)
        out.append(seen)
print(json.dumps(out))
`;

function tsOptions(c: Case): Record<string, unknown> {
  const split = (s: string) => s.split(' ');
  const o: Record<string, unknown> = {};
  if (c.tokenizer !== undefined) o.tokenizer = c.tokenizer === 'fn' ? split : null;
  if (c.preprocessor) o.preprocessor = (s: string) => s.toLowerCase();
  if (c.analyzer) o.analyzer = c.analyzer === 'fn' ? split : c.analyzer;
  if (c.stop_words) o.stopWords = c.stop_words;
  if (c.token_pattern !== undefined) o.tokenPattern = c.token_pattern;
  if (c.ngram_range) o.ngramRange = c.ngram_range;
  return o;
}

function ourWarnings(name: keyof typeof CLASSES, c: Case): string[] {
  const warned: string[] = [];
  const logger = { warn: (m: string) => warned.push(m), info: () => {} };
  const Class = CLASSES[name] as unknown as new (o: object) => { fit(d: string[]): unknown };
  new Class({ ...tsOptions(c), logger }).fit(DOCS);
  return warned;
}

describe.runIf(hasSklearn())('unused parameters warned at fit, as scikit-learn does (live)', () => {
  const expected = runPythonCode<string[][]>(PY, [CASES, DOCS]);

  it('scikit-learn warns in these cases (the test can fail)', () => {
    expect(expected.flat().length).toBeGreaterThan(10);
  });

  Object.keys(CLASSES).forEach((name, k) => {
    it.each(CASES.map((c, i) => [JSON.stringify(c), c, i] as const))(`${name} %s`, (_label, c, i) => {
      expect(ourWarnings(name as keyof typeof CLASSES, c)).toEqual(expected[k * CASES.length + i]);
    });
  });

  it('transform alone does not warn (scikit-learn warns at fit only)', () => {
    const warned: string[] = [];
    const logger = { warn: (m: string) => warned.push(m), info: () => {} };
    new HashingVectorizer({ analyzer: 'char', stopWords: 'english', logger }).transform(DOCS);
    expect(warned).toEqual([]);
  });
});
