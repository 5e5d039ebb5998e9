/**
 * What HashingVectorizer compiles from its options, apart from the class: the checks (scikit-learn's
 * messages), the token pattern, the stop list and the string analyzer. CountVectorizer and TfidfVectorizer
 * analyse text with it too, without bundling HashingVectorizer's hashing and transform code.
 */
import { IcepickleError } from '@icepickle/core';
import { charNgrams, charWbNgrams, defaultTokenize, preprocess, wordNgrams } from './analyzers.js';
import { decodeBytes } from './decode.js';
import type { HashingVectorizerParams } from './hashing-vectorizer.js';
import { findAll, translatePythonPattern, type TranslatedPattern } from './python-regex.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

/**
 * scikit-learn's default `token_pattern`: tokens of 2 or more alphanumeric characters (punctuation always separates).
 */
export const DEFAULT_TOKEN_PATTERN = String.raw`(?u)\b\w\w+\b`;

export const HASHING_DEFAULTS: HashingVectorizerParams = {
  input: 'content',
  encoding: 'utf-8',
  decodeError: 'strict',
  stripAccents: null,
  lowercase: true,
  preprocessor: null,
  tokenizer: null,
  stopWords: null,
  tokenPattern: DEFAULT_TOKEN_PATTERN,
  ngramRange: [1, 1],
  analyzer: 'word',
  nFeatures: 2 ** 20,
  binary: false,
  norm: 'l2',
  alternateSign: true,
  dtype: 'float64',
};

export const SCOPE = 'HashingVectorizer';
const INT32_MAX = 2147483647;

export function badParam(what: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope: SCOPE, detail: what });
}
export function badInput(what: string, cause?: unknown): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: what, cause });
}

/** Validated, ready-to-run form of the parameters. */
export interface Compiled {
  p: HashingVectorizerParams;
  range: { min: number; max: number };
  stopWords: ReadonlySet<string> | null;
  pattern: TranslatedPattern | null;
  defaultPattern: boolean;
  float32: boolean;
}

const patternCache = new Map<string, TranslatedPattern>();
let englishSet: ReadonlySet<string> | undefined;

/** Validates HashingVectorizer's options (scikit-learn's checks and messages) and compiles them. */
export function compileHashing(p: HashingVectorizerParams): Compiled {
  if (p.input !== 'content') {
    if (p.input === 'file' || p.input === 'filename') {
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: SCOPE,
        detail: `input=${JSON.stringify(p.input)} is not supported: pass the documents' contents (input='content')`,
      });
    }
    throw badParam(`input must be 'content', got ${JSON.stringify(p.input)}`);
  }
  if (typeof p.encoding !== 'string') throw badParam(`encoding must be a string, got ${typeof p.encoding}`);
  if (!['strict', 'ignore', 'replace'].includes(p.decodeError)) {
    throw badParam(`decodeError must be 'strict', 'ignore' or 'replace', got ${JSON.stringify(p.decodeError)}`);
  }
  if (
    !(
      p.stripAccents === null ||
      p.stripAccents === 'ascii' ||
      p.stripAccents === 'unicode' ||
      typeof p.stripAccents === 'function'
    )
  ) {
    throw badParam(
      `Invalid value for "stripAccents": ${JSON.stringify(p.stripAccents)} (expected 'ascii', 'unicode', a function or null)`,
    );
  }
  if (typeof p.lowercase !== 'boolean')
    throw badParam(`lowercase must be a boolean, got ${JSON.stringify(p.lowercase)}`);
  if (typeof p.binary !== 'boolean') throw badParam(`binary must be a boolean, got ${JSON.stringify(p.binary)}`);
  if (typeof p.alternateSign !== 'boolean')
    throw badParam(`alternateSign must be a boolean, got ${JSON.stringify(p.alternateSign)}`);
  if (p.preprocessor !== null && typeof p.preprocessor !== 'function')
    throw badParam('preprocessor must be a function or null');
  if (p.tokenizer !== null && typeof p.tokenizer !== 'function') throw badParam('tokenizer must be a function or null');
  if (
    !(typeof p.analyzer === 'function' || p.analyzer === 'word' || p.analyzer === 'char' || p.analyzer === 'char_wb')
  ) {
    throw badParam(
      `${JSON.stringify(p.analyzer)} is not a valid tokenization scheme/analyzer (expected 'word', 'char', 'char_wb' or a function)`,
    );
  }
  if (!Number.isInteger(p.nFeatures) || p.nFeatures < 1 || p.nFeatures >= INT32_MAX) {
    throw badParam(`nFeatures must be an integer in the range [1, 2147483647), got ${JSON.stringify(p.nFeatures)}`);
  }
  if (!(p.norm === null || p.norm === 'l1' || p.norm === 'l2'))
    throw badParam(`norm must be 'l1', 'l2' or null, got ${JSON.stringify(p.norm)}`);
  if (p.dtype !== 'float64' && p.dtype !== 'float32')
    throw badParam(`dtype must be 'float64' or 'float32', got ${JSON.stringify(p.dtype)}`);
  const r = p.ngramRange;
  if (
    !Array.isArray(r) ||
    r.length !== 2 ||
    !Number.isInteger(r[0]) ||
    !Number.isInteger(r[1]) ||
    r[0]! < 0 ||
    r[1]! < 0
  ) {
    throw badParam(`ngramRange must be two non-negative integers [min, max], got ${JSON.stringify(r)}`);
  }
  if (r[0]! > r[1]!) {
    throw badParam(`Invalid value for ngramRange=${JSON.stringify(r)}: lower boundary larger than the upper boundary.`);
  }
  let stopWords: ReadonlySet<string> | null = null;
  if (p.stopWords === 'english') stopWords = englishSet ??= new Set(ENGLISH_STOP_WORDS);
  else if (typeof p.stopWords === 'string') throw badParam(`not a built-in stop list: ${p.stopWords}`);
  else if (Array.isArray(p.stopWords)) {
    for (const w of p.stopWords) if (typeof w !== 'string') throw badParam('stopWords must be strings');
    stopWords = new Set(p.stopWords);
  } else if (p.stopWords !== null) throw badParam(`stopWords must be 'english', a list of strings or null`);
  let pattern: TranslatedPattern | null = null;
  const usesPattern = p.analyzer === 'word' && p.tokenizer === null;
  // `(?u)` changes nothing for str patterns in Python 3: both spellings take the built-in scanner.
  const defaultPattern = p.tokenPattern === DEFAULT_TOKEN_PATTERN || p.tokenPattern === String.raw`\b\w\w+\b`;
  if (usesPattern && !defaultPattern) {
    if (typeof p.tokenPattern !== 'string')
      throw badParam(
        `tokenPattern must be a string (a Python regular expression), got ${JSON.stringify(p.tokenPattern)}`,
      );
    pattern = patternCache.get(p.tokenPattern) ?? translatePythonPattern(p.tokenPattern);
    patternCache.set(p.tokenPattern, pattern);
    if (pattern.groups > 1) {
      throw badParam('More than 1 capturing group in token pattern. Only a single group should be captured.');
    }
  }
  return { p, range: { min: r[0]!, max: r[1]! }, stopWords, pattern, defaultPattern, float32: p.dtype === 'float32' };
}

/** A document as text: strings as they are, UTF-8 bytes decoded (scikit-learn's `decode`). */
export function decodeDocument(
  raw: unknown,
  encoding: string,
  decodeError: HashingVectorizerParams['decodeError'],
  row: number,
): string {
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return decodeBytes(raw, encoding, decodeError, row);
  if (typeof raw === 'number' && Number.isNaN(raw))
    throw badInput(`document ${row} is NaN, which is an invalid document; expected a string or bytes`);
  throw badInput(
    `document ${row} is ${raw === null ? 'null' : typeof raw}; expected a string or a Uint8Array of UTF-8 bytes`,
  );
}

export function preprocessWith(p: HashingVectorizerParams, doc: string): string {
  if (p.preprocessor !== null) return p.preprocessor(doc);
  return preprocess(doc, p.lowercase, p.stripAccents);
}

export function tokenize(c: Compiled, doc: string): string[] {
  if (c.p.tokenizer !== null) return [...c.p.tokenizer(doc)];
  if (c.pattern === null) return defaultTokenize(doc);
  return findAll(c.pattern, doc);
}

export function checkFeatures(features: unknown, row: number): readonly string[] {
  if (!Array.isArray(features)) {
    const iterable =
      typeof features === 'object' &&
      features !== null &&
      typeof (features as Iterable<unknown>)[Symbol.iterator] === 'function';
    if (!iterable)
      throw badInput(
        `the analyzer / tokenizer returned ${typeof features} for document ${row}, expected an array of strings`,
      );
    features = Array.from(features as Iterable<unknown>);
  }
  for (const f of features as unknown[])
    if (typeof f !== 'string')
      throw badInput(`the analyzer / tokenizer returned a ${typeof f} feature for document ${row}, expected strings`);
  return features as readonly string[];
}

/** The string-by-string analyzer (`build_analyzer()`): readable, and a cross-check for the hot path. */
export function analyzeToStrings(c: Compiled, doc: string): string[] {
  const p = c.p;
  if (typeof p.analyzer === 'function') return [...checkFeatures(p.analyzer(doc), 0)];
  const pre = preprocessWith(p, doc);
  const range: [number, number] = [c.range.min, c.range.max];
  if (p.analyzer === 'char') return charNgrams(pre, range);
  if (p.analyzer === 'char_wb') return charWbNgrams(pre, range);
  return wordNgrams(tokenize(c, pre), range, c.stopWords);
}
