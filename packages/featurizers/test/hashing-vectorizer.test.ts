import { describe, expect, it } from 'vitest';
import { isIcepickleError, type IcepickleErrorCode } from '@icepickle/core';
import { loadFixture } from '@icepickle/test-utils';
import { HashingVectorizer } from '@icepickle/featurizers';
import { UNICODE_CORPUS } from './unicode-corpus.js';

function codeOf(fn: () => unknown): IcepickleErrorCode | 'no error' | 'not icepickle' {
  try {
    fn();
  } catch (e) {
    return isIcepickleError(e) ? e.code : 'not icepickle';
  }
  return 'no error';
}

const imdb = loadFixture<{ texts: string[] }>('hashing/default.json').texts;

describe('bad input, as scikit-learn refuses it', () => {
  it('non-string documents', () => {
    const hv = new HashingVectorizer();
    for (const bad of [3, null, undefined, {}, ['a'], Number.NaN]) {
      expect(codeOf(() => hv.transform(['fine', bad as unknown as string]))).toBe('INVALID_INPUT');
    }
    expect(() => hv.transform(['ok', 3 as unknown as string])).toThrow(/document 1 is number/);
    expect(codeOf(() => hv.transform('a single string' as unknown as string[]))).toBe('INVALID_INPUT');
    expect(codeOf(() => hv.fit('a single string'))).toBe('INVALID_INPUT');
    expect(codeOf(() => hv.transform([]))).toBe('INVALID_INPUT');
    expect(codeOf(() => hv.transform(42 as unknown as string[]))).toBe('INVALID_INPUT');
  });

  it('nFeatures < 1, not an integer, or beyond int32', () => {
    for (const n of [0, -1, 1.5, Number.NaN, 2 ** 31 - 1, 2 ** 31, '8' as unknown as number]) {
      expect(
        codeOf(() => new HashingVectorizer({ nFeatures: n }).transform(['a b'])),
        String(n),
      ).toBe('INVALID_PARAMETER');
      expect(codeOf(() => new HashingVectorizer({ nFeatures: n }).fit())).toBe('INVALID_PARAMETER');
    }
    expect(codeOf(() => new HashingVectorizer({ nFeatures: 1 }).transform(['aa bb']))).toBe('no error');
    expect(codeOf(() => new HashingVectorizer({ nFeatures: 2 ** 31 - 2 }).transform(['aa bb']))).toBe('no error');
  });

  it('ngramRange with min > max (and malformed ranges)', () => {
    expect(() => new HashingVectorizer({ ngramRange: [2, 1] }).transform(['a b'])).toThrow(
      /lower boundary larger than the upper boundary/,
    );
    for (const r of [[2, 1], [1], [1.5, 2], [-1, 1], 'ab']) {
      expect(
        codeOf(() => new HashingVectorizer({ ngramRange: r as unknown as [number, number] }).transform(['a'])),
      ).toBe('INVALID_PARAMETER');
    }
  });

  it('a tokenPattern with more than one capture group', () => {
    expect(codeOf(() => new HashingVectorizer({ tokenPattern: String.raw`(a)(b)` }).transform(['ab']))).toBe(
      'INVALID_PARAMETER',
    );
    // Not checked when the pattern is unused (custom tokenizer), as in scikit-learn.
    expect(
      codeOf(() => new HashingVectorizer({ tokenPattern: '(a)(b)', tokenizer: (d) => d.split(' ') }).transform(['ab'])),
    ).toBe('no error');
  });

  it('other invalid options', () => {
    const bad: Record<string, unknown>[] = [
      { analyzer: 'foo' },
      { stripAccents: 'foo' },
      { stopWords: 'french' },
      { norm: 'l3' },
      { dtype: 'int32' },
      { decodeError: 'bogus' },
      { lowercase: 'yes' },
      { tokenPattern: null },
    ];
    for (const p of bad)
      expect(
        codeOf(() => new HashingVectorizer(p).transform(['a'])),
        JSON.stringify(p),
      ).toBe('INVALID_PARAMETER');
    expect(codeOf(() => new HashingVectorizer({ input: 'filename' as 'content' }).transform(['a']))).toBe(
      'NOT_SUPPORTED',
    );
    expect(codeOf(() => new HashingVectorizer({ bogus: 1 } as never))).toBe('INVALID_PARAMETER');
    expect(codeOf(() => HashingVectorizer.fromSklearnParams({ n_features: 8, vocabulary: null }))).toBe(
      'INVALID_PARAMETER',
    );
  });
});

describe('streaming', () => {
  const texts = [...imdb.slice(0, 60), ...UNICODE_CORPUS];
  for (const params of [
    {},
    { ngramRange: [1, 2] as [number, number] },
    { analyzer: 'char_wb' as const, ngramRange: [2, 4] as [number, number] },
  ]) {
    it(`batches of any size give the same rows as one call ${JSON.stringify(params)}`, () => {
      const hv = new HashingVectorizer(params);
      const whole = hv.transform(texts);
      for (const size of [1, 2, 7, 33, texts.length]) {
        const parts = [];
        for (let i = 0; i < texts.length; i += size) parts.push(hv.transform(texts.slice(i, i + size)));
        const X =
          parts.length === 1
            ? parts[0]!
            : (parts[0]!.constructor as typeof import('@icepickle/core').CsrMatrix).vstack(parts);
        expect(Array.from(X.indptr)).toEqual(Array.from(whole.indptr));
        expect(Array.from(X.indices)).toEqual(Array.from(whole.indices));
        expect(Array.from(X.data)).toEqual(Array.from(whole.data));
      }
    });
  }

  it('accepts any iterable (a generator) and sizes the arrays to the output', () => {
    function* gen() {
      yield* texts;
    }
    const hv = new HashingVectorizer();
    const X = hv.transform(gen());
    const Y = hv.transform(texts);
    expect(Array.from(X.data)).toEqual(Array.from(Y.data));
    expect(X.indices.length).toBe(X.nnz);
    expect(X.data.length).toBe(X.nnz);
  });
});

describe('API', () => {
  it('fit / partialFit are no-ops returning this; fitTransform = transform', () => {
    const hv = new HashingVectorizer({ nFeatures: 64 });
    expect(hv.fit(['x'])).toBe(hv);
    expect(hv.partialFit(['x'])).toBe(hv);
    const a = hv.fitTransform(['hello world', 'again']);
    const b = hv.transform(['hello world', 'again']);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it('getParams is plain JSON data, camelCase, with scikit-learn defaults', () => {
    const p = new HashingVectorizer().getParams();
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(p).toEqual({
      input: 'content',
      encoding: 'utf-8',
      decodeError: 'strict',
      stripAccents: null,
      lowercase: true,
      preprocessor: null,
      tokenizer: null,
      stopWords: null,
      tokenPattern: String.raw`(?u)\b\w\w+\b`,
      ngramRange: [1, 1],
      analyzer: 'word',
      nFeatures: 1048576,
      binary: false,
      norm: 'l2',
      alternateSign: true,
      dtype: 'float64',
    });
    // the default config's params in the fixture are scikit-learn's own get_params()
    expect(new HashingVectorizer().toSklearnParams()).toEqual(
      loadFixture<{ params: unknown }>('hashing/default.json').params,
    );
  });

  it('toSklearnParams refuses callables (Python could not rebuild them)', () => {
    expect(codeOf(() => new HashingVectorizer({ analyzer: (d) => [d] }).toSklearnParams())).toBe('NOT_SUPPORTED');
  });

  it('float32 dtype: scikit-learn divides in double, then rounds to float32', () => {
    const texts = imdb.slice(0, 20);
    const X = new HashingVectorizer({ dtype: 'float32' }).transform(texts);
    const Y = new HashingVectorizer().transform(texts);
    expect(X.data).toBeInstanceOf(Float32Array);
    expect(Array.from(X.data)).toEqual(Array.from(Y.data, (v) => Math.fround(v)));
  });

  it('custom preprocessor, tokenizer and analyzer', () => {
    const hv = new HashingVectorizer({
      preprocessor: (d) => d.toUpperCase(),
      tokenizer: (d) => d.split('-'),
      ngramRange: [1, 2],
    });
    expect(hv.buildAnalyzer()('a-b-c')).toEqual(['A', 'B', 'C', 'A B', 'B C']);
    const same = new HashingVectorizer({ analyzer: () => ['A', 'B', 'C', 'A B', 'B C'] });
    expect(Array.from(hv.transform(['a-b-c']).indices)).toEqual(Array.from(same.transform(['x']).indices));
    expect(codeOf(() => new HashingVectorizer({ analyzer: () => 5 as never }).transform(['x']))).toBe('INVALID_INPUT');
  });

  it('UTF-8 byte documents decode as Python bytes.decode (BOM kept, errors per decodeError)', () => {
    const hv = new HashingVectorizer({ analyzer: 'char', ngramRange: [1, 1], norm: null });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
    expect(hv.buildAnalyzer()(bom)).toEqual(['\ufeff', 'a']);
    const invalid = new Uint8Array([0x61, 0xff, 0xe2, 0x82, 0x62]);
    expect(codeOf(() => hv.transform([invalid]))).toBe('INVALID_INPUT');
    expect(
      new HashingVectorizer({ analyzer: 'char', ngramRange: [1, 1], decodeError: 'replace' }).buildAnalyzer()(invalid),
    ).toEqual(['a', '\ufffd', '\ufffd', 'b']);
    expect(
      new HashingVectorizer({ analyzer: 'char', ngramRange: [1, 1], decodeError: 'ignore' }).buildAnalyzer()(invalid),
    ).toEqual(['a', 'b']);
    expect(codeOf(() => new HashingVectorizer({ encoding: 'latin-1' }).transform([bom]))).toBe('NOT_SUPPORTED');
  });
});
