/**
 * scikit-learn's HashingVectorizer (1.2.1): stateless text → CSR, identical bit for bit. Options are plain
 * data (camelCase here, snake_case through toSklearnParams) so a saved pipeline can carry them and Python
 * can rebuild the same vectorizer.
 */
import { CsrMatrix, IcepickleError, type Logger } from '@icepickle/core';
import type { StripAccents } from './analyzers.js';
import {
  type Compiled,
  HASHING_DEFAULTS as DEFAULTS,
  SCOPE,
  analyzeToStrings,
  badInput,
  badParam,
  checkFeatures,
  compileHashing,
  decodeDocument,
  preprocessWith,
  tokenize,
} from './hashing-analysis.js';
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
import { type VectorizerOptions, warnUnusedParams } from './unused-params.js';

export { DEFAULT_TOKEN_PATTERN } from './hashing-analysis.js';

/**
 * What a feature is made of: word n-grams, character n-grams, character n-grams inside word boundaries, or a function
 * from the raw document to its features.
 */
export type Analyzer = 'word' | 'char' | 'char_wb' | ((doc: string) => readonly string[]);
/** A document: a string, or its bytes (decoded with the vectorizer's `encoding` and `decodeError`). */
export type Document = string | Uint8Array;

/**
 * Options of {@link HashingVectorizer}: scikit-learn 1.2.1's parameters, camelCased, with its defaults and meanings.
 */
export interface HashingVectorizerParams {
  /**
   * Only 'content': documents are the strings or UTF-8 bytes themselves (scikit-learn also reads files).
   * @defaultValue 'content'
   */
  input: 'content';
  /**
   * The encoding of Uint8Array documents; only UTF-8 is supported.
   * @defaultValue 'utf-8'
   */
  encoding: string;
  /**
   * What to do with bytes that are not valid in `encoding`: 'strict' throws (scikit-learn raises UnicodeDecodeError),
   * 'ignore' drops them, 'replace' puts U+FFFD in their place.
   * @defaultValue 'strict'
   */
  decodeError: 'strict' | 'ignore' | 'replace';
  /**
   * Removes accents and performs other character normalization while preprocessing: 'ascii' only for characters with a
   * direct ASCII mapping, 'unicode' for any character (both by NFKD, with Python's Unicode tables), a function of your
   * own, or `null` for none.
   * @defaultValue null
   */
  stripAccents: StripAccents;
  /**
   * Whether to convert all characters to lowercase (Python's `str.lower`) before tokenizing.
   * @defaultValue true
   */
  lowercase: boolean;
  /**
   * Overrides the preprocessing (string transformation) stage, keeping tokenizing and n-grams. Only applies when
   * `analyzer` is not a function; a function cannot be saved for Python.
   * @defaultValue null
   */
  preprocessor: ((doc: string) => string) | null;
  /**
   * Overrides the tokenizing step, keeping preprocessing and n-grams. Only applies when `analyzer` is 'word'; a
   * function cannot be saved for Python.
   * @defaultValue null
   */
  tokenizer: ((doc: string) => readonly string[]) | null;
  /**
   * 'english' removes scikit-learn's built-in English stop words ({@link ENGLISH_STOP_WORDS}), a list removes its words
   * from the tokens. Only applies when `analyzer` is 'word'.
   * @defaultValue null
   */
  stopWords: 'english' | readonly string[] | null;
  /**
   * The regular expression of a token, only used when `analyzer` is 'word': a Python `re` pattern, translated to a
   * JavaScript RegExp with Python's semantics ({@link translatePythonPattern}). With a capturing group (at most one),
   * the group, not the whole match, is the token.
   * @defaultValue {@link DEFAULT_TOKEN_PATTERN}, `(?u)\b\w\w+\b`: tokens of 2 or more alphanumeric characters
   */
  tokenPattern: string | null;
  /**
   * The smallest and largest n of the n-grams extracted: [1, 1] means unigrams only, [1, 2] unigrams and bigrams, [2,
   * 2] bigrams only. Only applies when `analyzer` is not a function.
   * @defaultValue [1, 1]
   */
  ngramRange: readonly [number, number];
  /**
   * Whether features are word n-grams ('word'), character n-grams ('char'), or character n-grams only from text inside
   * word boundaries, padded with a space at the edges ('char_wb'). A function is given the raw document and returns its
   * features.
   * @defaultValue 'word'
   */
  analyzer: Analyzer;
  /**
   * The number of features (columns) of the output: small numbers are likely to cause hash collisions, large ones make
   * larger coefficients in linear models.
   * @defaultValue 2 ** 20
   */
  nFeatures: number;
  /**
   * If true, every non-zero count is set to 1 (for probabilistic models of binary events rather than counts).
   * @defaultValue false
   */
  binary: boolean;
  /**
   * The norm each row is normalized to: 'l2', 'l1', or `null` for none.
   * @defaultValue 'l2'
   */
  norm: 'l1' | 'l2' | null;
  /**
   * Whether to give features an alternating sign, so that inner products are approximately conserved in the hashed
   * space even for small `nFeatures` (as sparse random projection).
   * @defaultValue true
   */
  alternateSign: boolean;
  /**
   * The type of the output's values: 'float64' (Float64Array) or 'float32' (Float32Array).
   * @defaultValue 'float64'
   */
  dtype: 'float64' | 'float32';
}

/**
 * HashingVectorizer's options as scikit-learn's `get_params()` names and writes them (JSON: snake_case, functions
 * refused).
 */
export type SklearnHashingParams = {
  /** {@inheritDoc HashingVectorizerParams.input} */
  input: string;
  /** {@inheritDoc HashingVectorizerParams.encoding} */
  encoding: string;
  /** {@inheritDoc HashingVectorizerParams.decodeError} */
  decode_error: string;
  /** {@inheritDoc HashingVectorizerParams.stripAccents} */
  strip_accents: string | null;
  /** {@inheritDoc HashingVectorizerParams.lowercase} */
  lowercase: boolean;
  /** Always `null`: a function has no Python equivalent. */
  preprocessor: null;
  /** Always `null`: a function has no Python equivalent. */
  tokenizer: null;
  /** {@inheritDoc HashingVectorizerParams.stopWords} */
  stop_words: string | string[] | null;
  /** {@inheritDoc HashingVectorizerParams.tokenPattern} */
  token_pattern: string | null;
  /** {@inheritDoc HashingVectorizerParams.ngramRange} */
  ngram_range: [number, number];
  /** {@inheritDoc HashingVectorizerParams.analyzer} */
  analyzer: string;
  /** {@inheritDoc HashingVectorizerParams.nFeatures} */
  n_features: number;
  /** {@inheritDoc HashingVectorizerParams.binary} */
  binary: boolean;
  /** {@inheritDoc HashingVectorizerParams.norm} */
  norm: string | null;
  /** {@inheritDoc HashingVectorizerParams.alternateSign} */
  alternate_sign: boolean;
  /** {@inheritDoc HashingVectorizerParams.dtype} */
  dtype: string;
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

/**
 * Text documents to a matrix of hashed token occurrences (the hashing trick), as scikit-learn 1.2.1's
 * HashingVectorizer, bit for bit: MurmurHash3 of each token's UTF-8 bytes picks its column. Stateless: nothing is
 * learned, no vocabulary is kept.
 */
export class HashingVectorizer {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'HashingVectorizer' as const;
  /** fit learns nothing and each document is hashed on its own (core's pipeline `Transformer.stateless`). */
  readonly stateless = true;
  /** {@inheritDoc HashingVectorizerParams.input} */
  input!: HashingVectorizerParams['input'];
  /** {@inheritDoc HashingVectorizerParams.encoding} */
  encoding!: string;
  /** {@inheritDoc HashingVectorizerParams.decodeError} */
  decodeError!: HashingVectorizerParams['decodeError'];
  /** {@inheritDoc HashingVectorizerParams.stripAccents} */
  stripAccents!: StripAccents;
  /** {@inheritDoc HashingVectorizerParams.lowercase} */
  lowercase!: boolean;
  /** {@inheritDoc HashingVectorizerParams.preprocessor} */
  preprocessor!: HashingVectorizerParams['preprocessor'];
  /** {@inheritDoc HashingVectorizerParams.tokenizer} */
  tokenizer!: HashingVectorizerParams['tokenizer'];
  /** {@inheritDoc HashingVectorizerParams.stopWords} */
  stopWords!: HashingVectorizerParams['stopWords'];
  /** {@inheritDoc HashingVectorizerParams.tokenPattern} */
  tokenPattern!: string | null;
  /** {@inheritDoc HashingVectorizerParams.ngramRange} */
  ngramRange!: readonly [number, number];
  /** {@inheritDoc HashingVectorizerParams.analyzer} */
  analyzer!: Analyzer;
  /** {@inheritDoc HashingVectorizerParams.nFeatures} */
  nFeatures!: number;
  /** {@inheritDoc HashingVectorizerParams.binary} */
  binary!: boolean;
  /** {@inheritDoc HashingVectorizerParams.norm} */
  norm!: HashingVectorizerParams['norm'];
  /** {@inheritDoc HashingVectorizerParams.alternateSign} */
  alternateSign!: boolean;
  /** {@inheritDoc HashingVectorizerParams.dtype} */
  dtype!: HashingVectorizerParams['dtype'];

  private readonly logger: Logger | undefined;

  /** Stores the options only; they are checked by fit / transform (scikit-learn's convention). */
  constructor(options: Partial<HashingVectorizerParams> & VectorizerOptions = {}) {
    const { logger, ...params } = options ?? {};
    this.logger = logger;
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

  /** Sets options (unknown names throw INVALID_PARAMETER); checked at the next fit or transform. */
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
    warnUnusedParams(this, this.logger);
    return this;
  }

  /** Does nothing: HashingVectorizer is stateless (scikit-learn's partial_fit, for pipelines). */
  partialFit(_documents?: unknown): this {
    this.compile();
    return this;
  }

  /** Checks the options and hashes the documents: transform, since nothing is learned. */
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
    return decodeDocument(raw, this.encoding, this.decodeError, row);
  }

  private compile(): Compiled {
    return compileHashing(this.getParams());
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
