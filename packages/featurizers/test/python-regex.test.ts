/** Custom token patterns in Python syntax: our translation's findall vs Python's re.findall, live. */
import { describe, expect, it } from 'vitest';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { isIcepickleError } from '@icepickle/core';
import { HashingVectorizer, translatePythonPattern } from '@icepickle/featurizers';
import { findAll } from '../src/python-regex.js';
import { UNICODE_CORPUS } from './unicode-corpus.js';

const PATTERNS = [
  String.raw`(?u)\b\w\w+\b`,
  String.raw`(?u)\b\w+\b`,
  String.raw`\w+`,
  String.raw`\W+`,
  String.raw`[^\W\d_]+`,
  String.raw`\S+`,
  String.raw`\s+`,
  String.raw`\d+`,
  String.raw`\D+`,
  String.raw`\b\w`,
  String.raw`\w\b`,
  String.raw`\B\w+\B`,
  String.raw`[\w-]+`,
  String.raw`[\w'’-]+`,
  String.raw`[-\w]+`,
  String.raw`(?:^|\s)(\w+)`,
  String.raw`(?P<word>\w+)`,
  String.raw`(\w)\1`,
  String.raw`\w+$`,
  String.raw`^\w+`,
  String.raw`(?m)^\w+`,
  String.raw`(?m)\w+$`,
  String.raw`.{2}`,
  String.raw`(?s).{3}`,
  String.raw`[a-z]{2,}`,
  String.raw`\w{2,4}`,
  String.raw`\x41\w*|\u00e9\w*|\U0001d400+`,
  String.raw`[\u0370-\u03ff]+`,
  String.raw`\#\w+|@\w+|\$\d+(?:\.\d\d)?`,
  String.raw`(?x) \w+ # words only`,
  String.raw`[]a]+`,
  String.raw`\w+(?=\s)`,
  String.raw`(?<=\s)\w+`,
  String.raw`\Aa\w*|\w+\Z`,
  String.raw`(?i)straße|ǅ|σ+`,
  String.raw`(?a)\w+`,
  String.raw`a{1}b|{|}`,
  String.raw`\0|\101\w*`,
  String.raw`[^\s\d]+`,
  String.raw`(?#comment)\w\w`,
  String.raw`\b[a-zA-Z]{3,}\b`,
  String.raw`(?u)\b\w\w+\b|[^\w\s]`,
  String.raw`\w+|\$[\d\.]+|\S+`,
  String.raw`(?i)k+|ǆ+`,
  String.raw`[^\W_]+(?:['’][^\W_]+)*`,
  String.raw`\d{1,3}(?:[.,]\d{3})*`,
  String.raw`[\u4e00-\u9fff]|[\uac00-\ud7a3]+|\w+`,
];

const TEXTS = [
  ...UNICODE_CORPUS,
  'abc def\n',
  'line one\nline two\n',
  'aab AAB a{b} Straße STRASSE ǆ ΣΣσ',
  'trailing\n\n',
];

describe('translatePythonPattern (offline)', () => {
  it('rejects what it cannot translate, with NOT_SUPPORTED', () => {
    for (const p of [
      String.raw`(?i:a)b`,
      String.raw`(?>a)`,
      String.raw`a++`,
      String.raw`\N{BULLET}`,
      String.raw`(?(1)a|b)`,
    ]) {
      expect(() => translatePythonPattern(p), p).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    }
  });

  it('rejects invalid patterns with INVALID_PARAMETER', () => {
    for (const p of ['(', '[a', String.raw`\q`, String.raw`a\ `.slice(0, 2)]) {
      let caught: unknown;
      try {
        translatePythonPattern(p);
      } catch (e) {
        caught = e;
      }
      expect(isIcepickleError(caught, 'INVALID_PARAMETER'), p).toBe(true);
    }
  });

  it('counts capture groups as Python does', () => {
    expect(translatePythonPattern(String.raw`(a)(?:b)(?P<c>d)(?=e)`).groups).toBe(2);
    expect(() => new HashingVectorizer({ tokenPattern: String.raw`(\w)(\w)` }).transform(['ab'])).toThrow(
      /More than 1 capturing group/,
    );
  });
});

describe.runIf(hasSklearn())('translatePythonPattern vs Python re.findall (live)', () => {
  const ref = runPythonCode<(string[] | string)[][]>(
    [
      'import json, re, sys',
      'd = json.load(sys.stdin)',
      'out = []',
      'for p in d["patterns"]:',
      '    try:',
      '        r = re.compile(p)',
      '        out.append([r.findall(t) for t in d["texts"]])',
      '    except re.error as e:',
      '        out.append("error: " + str(e))',
      'json.dump(out, sys.stdout)',
    ].join('\n'),
    { patterns: PATTERNS, texts: TEXTS },
  );

  for (const [k, pattern] of PATTERNS.entries()) {
    it(`findall ${pattern}`, () => {
      expect(typeof ref[k], String(ref[k])).not.toBe('string');
      const t = translatePythonPattern(pattern);
      TEXTS.forEach((text, i) =>
        expect(findAll(t, text), `text ${i} ${JSON.stringify(text)}`).toEqual((ref[k] as string[][])[i]),
      );
    });
  }
});
