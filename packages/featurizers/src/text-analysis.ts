/**
 * The analysis shared by CountVectorizer and TfidfVectorizer: decoding, preprocessing, tokenizing, stop
 * words and n-grams exactly as HashingVectorizer does them (sklearn/feature_extraction/text.py
 * `build_analyzer`). The string analyzer is HashingVectorizer's own (hashing-analysis.ts), so both vectorizers
 * tokenise identically by construction. The default word analyzer (the `(?u)\b\w\w+\b` pattern, no custom
 * tokenizer) also has a fast path: HashingVectorizer's fused scanner writes the tokens as UTF-8 "t1 t2 t3",
 * so every word n-gram is one byte range that a TermTable looks up without making a string.
 */
import { IcepickleError, isIcepickleError } from '@icepickle/core';
import { preprocess, type StripAccents } from './analyzers.js';
import { decodeBytes } from './decode.js';
import { DocBuffer, FusedWordScanner } from './hashing-kernel.js';
import { DEFAULT_TOKEN_PATTERN, HASHING_DEFAULTS, analyzeToStrings, compileHashing } from './hashing-analysis.js';
import type { Analyzer, HashingVectorizerParams } from './hashing-vectorizer.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

/** The options of HashingVectorizer that decide the features (everything but hashing and normalising). */
export type AnalysisParams = Pick<
  HashingVectorizerParams,
  | 'input'
  | 'encoding'
  | 'decodeError'
  | 'stripAccents'
  | 'lowercase'
  | 'preprocessor'
  | 'tokenizer'
  | 'stopWords'
  | 'tokenPattern'
  | 'ngramRange'
  | 'analyzer'
>;

export const ANALYSIS_DEFAULTS: AnalysisParams = {
  input: 'content',
  encoding: 'utf-8',
  decodeError: 'strict',
  stripAccents: null as StripAccents,
  lowercase: true,
  preprocessor: null,
  tokenizer: null,
  stopWords: null,
  tokenPattern: DEFAULT_TOKEN_PATTERN,
  ngramRange: [1, 1],
  analyzer: 'word' as Analyzer,
};

/** An error raised by the HashingVectorizer machinery, re-scoped to the vectorizer the caller used. */
export function rescope(error: unknown, scope: string): unknown {
  if (isIcepickleError(error) && error.scope === 'HashingVectorizer') {
    return new IcepickleError(error.code, { scope, detail: error.detail, cause: error });
  }
  return error;
}

let englishStopWords: ReadonlySet<string> | undefined;

export class TextAnalysis {
  /** True when the byte fast path applies (default word pattern, no tokenizer, n ≥ 1). */
  readonly fast: boolean;
  /** The fast path's special case: unigrams, no stop words, no preprocessing but `str.lower()` (ascii-unigrams.ts). */
  readonly asciiUnigrams: boolean;
  readonly lowercase: boolean;
  /** Character n-grams looked up by bytes (char-ngrams.ts): 'char' / 'char_wb' analyzers with n ≥ 1. */
  readonly charBytes: 'char' | 'char_wb' | null;
  readonly doc = new DocBuffer();
  readonly minN: number;
  readonly maxN: number;
  /** Preprocessing fused into the scan: Python's `str.lower()` only. */
  private readonly fusedLower: boolean;
  private readonly stopWords: ReadonlySet<string> | null;
  private readonly analyzer: (doc: string) => string[];
  readonly scanner = new FusedWordScanner();

  /** Validates the options (INVALID_PARAMETER / NOT_SUPPORTED scoped to `scope`). */
  constructor(
    private readonly p: AnalysisParams,
    private readonly scope: string,
  ) {
    try {
      // HashingVectorizer's own checks and analyzer (hashing-analysis.ts), on a copy of the options
      const options = { ...HASHING_DEFAULTS, ...p, norm: null, alternateSign: false };
      for (const [key, value] of Object.entries(options))
        if (Array.isArray(value)) (options as Record<string, unknown>)[key] = [...value];
      const compiled = compileHashing(options);
      this.analyzer = (doc) => analyzeToStrings(compiled, doc);
    } catch (e) {
      throw rescope(e, scope);
    }
    this.minN = p.ngramRange[0];
    this.maxN = p.ngramRange[1];
    const defaultPattern = p.tokenPattern === DEFAULT_TOKEN_PATTERN || p.tokenPattern === String.raw`\b\w\w+\b`;
    this.fast = p.analyzer === 'word' && p.tokenizer === null && defaultPattern && this.minN >= 1;
    this.fusedLower = p.preprocessor === null && p.lowercase && p.stripAccents === null;
    this.lowercase = p.lowercase;
    this.charBytes = (p.analyzer === 'char' || p.analyzer === 'char_wb') && this.minN >= 1 ? p.analyzer : null;
    this.asciiUnigrams =
      this.fast &&
      this.minN === 1 &&
      this.maxN === 1 &&
      p.stopWords === null &&
      p.preprocessor === null &&
      p.stripAccents === null;
    if (p.stopWords === 'english') this.stopWords = englishStopWords ??= new Set(ENGLISH_STOP_WORDS);
    else this.stopWords = Array.isArray(p.stopWords) ? new Set(p.stopWords as readonly string[]) : null;
  }

  /** A document as text: strings as they are, bytes decoded (sklearn's `decode`). */
  decode(raw: unknown, row: number): string {
    if (typeof raw === 'string') return raw;
    if (raw instanceof Uint8Array) {
      try {
        return decodeBytes(raw, this.p.encoding, this.p.decodeError, row);
      } catch (e) {
        throw rescope(e, this.scope);
      }
    }
    const what = typeof raw === 'number' && Number.isNaN(raw) ? 'NaN' : raw === null ? 'null' : typeof raw;
    throw new IcepickleError('INVALID_INPUT', {
      scope: this.scope,
      detail: `document ${row} is ${what}; expected a string or a Uint8Array of UTF-8 bytes`,
    });
  }

  /** The document's features as strings (`build_analyzer()(doc)`). */
  features(text: string): string[] {
    try {
      return this.analyzer(text);
    } catch (e) {
      throw rescope(e, this.scope);
    }
  }

  /** Fast path: scans the document into `scanner` (tokens after stop words, as "t1 t2 t3" UTF-8). */
  scan(text: string): FusedWordScanner {
    if (this.fusedLower) this.scanner.scan(text, true, this.stopWords);
    else this.scanner.scan(this.preprocess(text), false, this.stopWords);
    return this.scanner;
  }

  /**
   * Character path: the document in `doc`, preprocessed, whitespace-normalised and encoded; false when it
   * holds a lone surrogate (no UTF-8 form: the caller takes the string analyzer, which needs none).
   */
  loadChars(text: string): boolean {
    if (this.fusedLower) this.doc.load(text, true);
    else this.doc.load(this.preprocess(text), false);
    this.doc.normalizeWhitespace();
    this.doc.encode();
    return this.doc.surrogates === 0;
  }

  private preprocess(text: string): string {
    const pre =
      this.p.preprocessor !== null
        ? this.p.preprocessor(text)
        : preprocess(text, this.p.lowercase, this.p.stripAccents);
    if (typeof pre !== 'string') {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.scope,
        detail: `the preprocessor returned ${typeof pre}, expected a string`,
      });
    }
    return pre;
  }
}
