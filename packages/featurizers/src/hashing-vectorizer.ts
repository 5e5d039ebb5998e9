/**
 * scikit-learn's HashingVectorizer (1.2.1): stateless text → CSR, identical bit for bit. Options are plain
 * data (camelCase here, snake_case through toSklearnParams) so a saved pipeline can carry them and Python
 * can rebuild the same vectorizer.
 */
import { CsrMatrix, IcepickleError } from '@icepickle/core';
import { charNgrams, charWbNgrams, defaultTokenize, preprocess, wordNgrams, type StripAccents } from './analyzers.js';
import {
  CsrBuilder,
  DocBuffer,
  FusedWordScanner,
  RowAccumulator,
  StringTokens,
  hashCharNgrams,
  hashCharWbNgrams,
  hashDefaultUnigrams,
  hashStrings,
  hashWordNgrams,
} from './hashing-kernel.js';
import { decodeBytes } from './decode.js';
import { findAll, translatePythonPattern, type TranslatedPattern } from './python-regex.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

export const DEFAULT_TOKEN_PATTERN = String.raw`(?u)\b\w\w+\b`;

export type Analyzer = 'word' | 'char' | 'char_wb' | ((doc: string) => readonly string[]);
export type Document = string | Uint8Array;

export interface HashingVectorizerParams {
  /** Only 'content' (documents are the strings or UTF-8 bytes themselves). */
  input: 'content';
  /** Used for Uint8Array documents; only UTF-8 is supported. */
  encoding: string;
  decodeError: 'strict' | 'ignore' | 'replace';
  stripAccents: StripAccents;
  lowercase: boolean;
  preprocessor: ((doc: string) => string) | null;
  tokenizer: ((doc: string) => readonly string[]) | null;
  stopWords: 'english' | readonly string[] | null;
  /** A Python `re` pattern, translated to a JavaScript RegExp with Python's semantics (see python-regex.ts). */
  tokenPattern: string | null;
  ngramRange: readonly [number, number];
  analyzer: Analyzer;
  nFeatures: number;
  binary: boolean;
  norm: 'l1' | 'l2' | null;
  alternateSign: boolean;
  dtype: 'float64' | 'float32';
}

export type SklearnHashingParams = {
  input: string;
  encoding: string;
  decode_error: string;
  strip_accents: string | null;
  lowercase: boolean;
  preprocessor: null;
  tokenizer: null;
  stop_words: string | string[] | null;
  token_pattern: string | null;
  ngram_range: [number, number];
  analyzer: string;
  n_features: number;
  binary: boolean;
  norm: string | null;
  alternate_sign: boolean;
  dtype: string;
};

const DEFAULTS: HashingVectorizerParams = {
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

/** camelCase option ↔ scikit-learn parameter name; one table, never derived. */
const SKLEARN_NAMES: Record<keyof HashingVectorizerParams, keyof SklearnHashingParams> = {
  input: 'input',
  encoding: 'encoding',
  decodeError: 'decode_error',
  stripAccents: 'strip_accents',
  lowercase: 'lowercase',
  preprocessor: 'preprocessor',
  tokenizer: 'tokenizer',
  stopWords: 'stop_words',
  tokenPattern: 'token_pattern',
  ngramRange: 'ngram_range',
  analyzer: 'analyzer',
  nFeatures: 'n_features',
  binary: 'binary',
  norm: 'norm',
  alternateSign: 'alternate_sign',
  dtype: 'dtype',
};

const SCOPE = 'HashingVectorizer';
const INT32_MAX = 2147483647;

function badParam(what: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope: SCOPE, detail: what });
}
function badInput(what: string, cause?: unknown): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: what, cause });
}

/** Validated, ready-to-run form of the parameters. */
interface Compiled {
  p: HashingVectorizerParams;
  range: { min: number; max: number };
  stopWords: ReadonlySet<string> | null;
  pattern: TranslatedPattern | null;
  defaultPattern: boolean;
  float32: boolean;
}

const patternCache = new Map<string, TranslatedPattern>();
let englishSet: ReadonlySet<string> | undefined;

export class HashingVectorizer {
  /** fit learns nothing and each document is hashed on its own (core's pipeline `Transformer.stateless`). */
  readonly stateless = true;
  input!: HashingVectorizerParams['input'];
  encoding!: string;
  decodeError!: HashingVectorizerParams['decodeError'];
  stripAccents!: StripAccents;
  lowercase!: boolean;
  preprocessor!: HashingVectorizerParams['preprocessor'];
  tokenizer!: HashingVectorizerParams['tokenizer'];
  stopWords!: HashingVectorizerParams['stopWords'];
  tokenPattern!: string | null;
  ngramRange!: readonly [number, number];
  analyzer!: Analyzer;
  nFeatures!: number;
  binary!: boolean;
  norm!: HashingVectorizerParams['norm'];
  alternateSign!: boolean;
  dtype!: HashingVectorizerParams['dtype'];

  /** Stores the options only; they are checked by fit / transform (scikit-learn's convention). */
  constructor(params: Partial<HashingVectorizerParams> = {}) {
    for (const key of Object.keys(params)) {
      if (!(key in DEFAULTS))
        throw badParam(`unknown option ${JSON.stringify(key)}; valid options are ${Object.keys(DEFAULTS).join(', ')}`);
    }
    Object.assign(this, DEFAULTS, params);
    this.ngramRange = [...this.ngramRange] as unknown as [number, number];
  }

  /** Every option, as given (the defaults are plain JSON data; callables stay callables). */
  getParams(): HashingVectorizerParams {
    const out = {} as Record<string, unknown>;
    for (const key of Object.keys(DEFAULTS) as (keyof HashingVectorizerParams)[]) {
      const v = this[key];
      out[key] = Array.isArray(v) ? [...v] : v;
    }
    return out as unknown as HashingVectorizerParams;
  }

  setParams(params: Partial<HashingVectorizerParams>): this {
    for (const key of Object.keys(params))
      if (!(key in DEFAULTS)) throw badParam(`unknown option ${JSON.stringify(key)}`);
    Object.assign(this, params);
    return this;
  }

  /** scikit-learn's `get_params()` as JSON (snake_case; `ngram_range` a 2-list, `dtype` its name). */
  toSklearnParams(): SklearnHashingParams {
    const c = this.compile();
    const p = c.p;
    for (const key of ['preprocessor', 'tokenizer', 'analyzer', 'stripAccents'] as const) {
      if (typeof p[key] === 'function') {
        throw new IcepickleError('NOT_SUPPORTED', {
          scope: SCOPE,
          detail: `option ${key} is a function, which has no scikit-learn (Python) equivalent to save`,
        });
      }
    }
    const out = {} as Record<string, unknown>;
    for (const key of Object.keys(SKLEARN_NAMES) as (keyof HashingVectorizerParams)[]) {
      const v = p[key];
      out[SKLEARN_NAMES[key]] = Array.isArray(v) ? [...v] : v;
    }
    return out as SklearnHashingParams;
  }

  /** Rebuilds a vectorizer from scikit-learn's `get_params()` (as written by toSklearnParams or Python). */
  static fromSklearnParams(params: Record<string, unknown>): HashingVectorizer {
    if (typeof params !== 'object' || params === null) throw badParam('fromSklearnParams expects an object');
    const byPython = new Map(Object.entries(SKLEARN_NAMES).map(([ts, py]) => [py as string, ts]));
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      const ts = byPython.get(key);
      if (ts === undefined) throw badParam(`unknown scikit-learn parameter ${JSON.stringify(key)}`);
      let v = value;
      if ((key === 'preprocessor' || key === 'tokenizer') && v !== null) {
        throw new IcepickleError('NOT_SUPPORTED', {
          scope: SCOPE,
          detail: `${key} must be null to rebuild from data (got ${JSON.stringify(v)})`,
        });
      }
      if (key === 'dtype' && typeof v === 'string') {
        const m = /(float32|float64)/.exec(v);
        if (m) v = m[1];
      }
      out[ts] = v;
    }
    const hv = new HashingVectorizer(out as Partial<HashingVectorizerParams>);
    hv.compile();
    return hv;
  }

  /** Validates the options (nothing is learnt); returns `this`. */
  fit(documents?: unknown): this {
    if (typeof documents === 'string')
      throw badInput('Iterable over raw text documents expected, string object received.');
    this.compile();
    return this;
  }

  partialFit(_documents?: unknown): this {
    this.compile();
    return this;
  }

  fitTransform(documents: Iterable<Document>): CsrMatrix {
    return this.fit(documents).transform(documents);
  }

  /** The analyzer as a function from one document to its features (before hashing), as `build_analyzer()`. */
  buildAnalyzer(): (doc: Document) => string[] {
    const c = this.compile();
    return (doc) => analyzeToStrings(c, this.decode(doc, 0));
  }

  /** The preprocessing step alone (lowercase, then accent stripping, or the custom preprocessor). */
  buildPreprocessor(): (doc: string) => string {
    const c = this.compile();
    return (doc) => preprocessWith(c.p, doc);
  }

  /** The tokenizer alone (`tokenPattern` findall with Python semantics, or the custom tokenizer). */
  buildTokenizer(): (doc: string) => string[] {
    const c = this.compile();
    return (doc) => tokenize(c, doc);
  }

  /**
   * Documents → CSR (n_documents × nFeatures). Accepts any iterable, so batches can be streamed: rows only
   * depend on their own document.
   */
  transform(documents: Iterable<Document>): CsrMatrix {
    if (typeof documents === 'string')
      throw badInput('Iterable over raw text documents expected, string object received.');
    if (
      documents === null ||
      documents === undefined ||
      typeof (documents as Iterable<Document>)[Symbol.iterator] !== 'function'
    ) {
      throw badInput(`documents must be an iterable of strings, got ${documents === null ? 'null' : typeof documents}`);
    }
    const c = this.compile();
    const ws = acquireWorkspace();
    try {
      return this.transformWith(c, documents, ws);
    } finally {
      releaseWorkspace(ws);
    }
  }

  private transformWith(c: Compiled, documents: Iterable<Document>, ws: Workspace): CsrMatrix {
    const p = c.p;
    const acc = ws.accumulator(p.nFeatures, p.alternateSign);
    const out = new CsrBuilder(Array.isArray(documents) ? documents.length : 16);
    const { doc, scanner, stringTokens } = ws;
    const builtinPreprocess = p.preprocessor === null;
    // Fast path: lowercase fused into decoding when nothing else preprocesses.
    const fusedLower = builtinPreprocess && p.lowercase && p.stripAccents === null;
    let row = 0;
    for (const raw of documents) {
      const text = this.decode(raw, row);
      if (typeof p.analyzer === 'function') {
        hashStrings(checkFeatures(p.analyzer(text), row), acc);
      } else {
        const pre = fusedLower ? text : preprocessWith(p, text);
        if (typeof pre !== 'string')
          throw badInput(`preprocessor returned ${typeof pre} for document ${row}, expected a string`);
        if (p.analyzer === 'word') {
          if (
            c.defaultPattern &&
            p.tokenizer === null &&
            c.stopWords === null &&
            c.range.max === 1 &&
            hashDefaultUnigrams(pre, fusedLower, acc)
          ) {
            // done: the default configuration, hashed while scanning
          } else if (c.defaultPattern && p.tokenizer === null) {
            scanner.scan(pre, fusedLower, c.stopWords);
            const r = scanner.ranges;
            hashWordNgrams(scanner.bytes, r.ts, r.te, r.count, c.range, acc);
          } else {
            const full = fusedLower ? preprocessWith(p, text) : pre;
            stringTokens.load(checkFeatures(tokenize(c, full), row), c.stopWords);
            const r = stringTokens.ranges;
            hashWordNgrams(stringTokens.bytes, r.ts, r.te, r.count, c.range, acc);
          }
        } else {
          doc.load(pre, fusedLower);
          doc.normalizeWhitespace();
          doc.encode();
          if (p.analyzer === 'char') hashCharNgrams(doc, c.range, acc);
          else hashCharWbNgrams(doc, c.range, acc);
        }
      }
      acc.drainInto(out);
      out.endRow(p.binary, p.norm, c.float32);
      row++;
    }
    if (row === 0) throw badInput('Cannot vectorize an empty sequence of documents (scikit-learn raises here too).');
    const nnz = out.nnz;
    // Hand over the builder's arrays when they are nearly full (no copy); trim them when not, so memory
    // stays proportional to the output.
    const tight = out.indices.length - nnz <= nnz / 8;
    const indices = tight ? out.indices.subarray(0, nnz) : out.indices.slice(0, nnz);
    const data = c.float32
      ? Float32Array.from(out.data.subarray(0, nnz))
      : tight
        ? out.data.subarray(0, nnz)
        : out.data.slice(0, nnz);
    return new CsrMatrix(
      { indptr: Int32Array.from(out.indptr), indices, data, shape: [row, p.nFeatures] },
      { validate: false },
    );
  }

  private decode(raw: unknown, row: number): string {
    if (typeof raw === 'string') return raw;
    if (raw instanceof Uint8Array) return decodeBytes(raw, this.encoding, this.decodeError, row);
    if (typeof raw === 'number' && Number.isNaN(raw))
      throw badInput(`document ${row} is NaN, which is an invalid document; expected a string or bytes`);
    throw badInput(
      `document ${row} is ${raw === null ? 'null' : typeof raw}; expected a string or a Uint8Array of UTF-8 bytes`,
    );
  }

  private compile(): Compiled {
    const p = this.getParams();
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
    if (p.tokenizer !== null && typeof p.tokenizer !== 'function')
      throw badParam('tokenizer must be a function or null');
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
      throw badParam(
        `Invalid value for ngramRange=${JSON.stringify(r)}: lower boundary larger than the upper boundary.`,
      );
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
}

/** Scratch buffers reused across transform calls (one set per concurrent call; re-entrant calls get their own). */
class Workspace {
  doc = new DocBuffer();
  scanner = new FusedWordScanner();
  stringTokens = new StringTokens();
  private acc: RowAccumulator | undefined;
  retainedBytes(): number {
    return (
      this.doc.cps.byteLength * 2 +
      this.doc.bytes.byteLength +
      this.scanner.bytes.byteLength +
      this.stringTokens.bytes.byteLength
    );
  }
  accumulator(nFeatures: number, alternateSign: boolean): RowAccumulator {
    if (this.acc === undefined || this.acc.nFeatures !== nFeatures || this.acc.alternateSign !== alternateSign) {
      this.acc = new RowAccumulator(nFeatures, alternateSign);
    }
    this.acc.clear();
    return this.acc;
  }
}

let idle: Workspace | null = null;
function acquireWorkspace(): Workspace {
  const ws = idle ?? new Workspace();
  idle = null;
  return ws;
}
function releaseWorkspace(ws: Workspace): void {
  // Keep the buffers for the next call unless a huge document inflated them.
  if (ws.retainedBytes() <= 1 << 24) idle = ws;
}

function preprocessWith(p: HashingVectorizerParams, doc: string): string {
  if (p.preprocessor !== null) return p.preprocessor(doc);
  return preprocess(doc, p.lowercase, p.stripAccents);
}

function tokenize(c: Compiled, doc: string): string[] {
  if (c.p.tokenizer !== null) return [...c.p.tokenizer(doc)];
  if (c.pattern === null) return defaultTokenize(doc);
  return findAll(c.pattern, doc);
}

function checkFeatures(features: unknown, row: number): readonly string[] {
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
function analyzeToStrings(c: Compiled, doc: string): string[] {
  const p = c.p;
  if (typeof p.analyzer === 'function') return [...checkFeatures(p.analyzer(doc), 0)];
  const pre = preprocessWith(p, doc);
  const range: [number, number] = [c.range.min, c.range.max];
  if (p.analyzer === 'char') return charNgrams(pre, range);
  if (p.analyzer === 'char_wb') return charWbNgrams(pre, range);
  return wordNgrams(tokenize(c, pre), range, c.stopWords);
}
