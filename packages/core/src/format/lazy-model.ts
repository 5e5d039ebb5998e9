import { IcepickleError } from '../errors.js';
import type { LinearModel } from '../estimators/linear-model.js';
import type { Label } from '../estimators/metrics.js';
import type { EstimatorFactory } from '../estimators/estimator-table.js';
import { createEstimator, isEstimatorName } from '../estimators/registry.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { type MatrixInput, asMatrixUnchecked, assertFinite } from '../math/input.js';
import type { DatasetInfo, Source, StoredFile } from '../storage/types.js';
import { floatValues, labelValues } from './arrays.js';
import { ColumnCache } from './column-cache.js';
import { KEPT_READ_VALUES, ReadBuffer } from './read-buffer.js';
import { DATASET } from './keys.js';
import { defaultLoadLimits } from './limits.js';
import { type LoadOptions, openChecked } from './load-coefficients.js';
import { type ModelMetadata, parseMetadata } from './metadata.js';
import { readWhole } from './strict-profile.js';
import type { Host } from '../platform/host.js';
import { type ProgressOptions, progressTracker } from '../progress/progress.js';

/** Options of {@link openLinearModel}: LoadOptions, plus the column cache, the estimator and a featurizer. */
export interface OpenLinearModelOptions extends LoadOptions {
  /**
   * Bytes of coefficient columns kept between calls (LRU).
   * @defaultValue 64 MiB
   */
  cacheBytes?: number;
  /**
   * Estimator class to predict as, when the file does not record one (Python files).
   * @defaultValue 'LogisticRegression' when the file has classes, else 'LinearRegression'
   */
  estimator?: string;
  /**
   * Turns documents into the model's feature rows, e.g. `new HashingVectorizer({ nFeatures })` from
   * @icepickle/featurizers: predict / decisionFunction / predictProba then also take an array of texts.
   * @defaultValue undefined (X must be feature rows)
   */
  featurizer?: { transform(documents: readonly string[]): MatrixInput };
  /**
   * Where file stamps come from, to refuse a file changed since open (`nodeHost` from `@icepickle/core/node`);
   * default: the backend's host. Without one, a changed file goes unnoticed.
   * @defaultValue the backend's host
   */
  host?: Host;
}

/**
 * Batch predictions over many rows: with `onProgress` (or `batchRows`), X is answered in batches of
 * rows, each reading only the columns it touches, and progress counts rows (unit 'rows', phase the
 * method's name). The result is the same as one call over all of X.
 */
export interface LazyPredictOptions extends ProgressOptions {
  /**
   * Rows per batch.
   * @defaultValue about 1% of X's rows (at least 1), so progress moves in steps of 1%
   */
  batchRows?: number;
}

/** What a lazy model has read and cached so far. */
export interface LazyModelStats {
  /** Columns fetched from the file so far. */
  columnsRead: number;
  /** Coefficient bytes fetched from the file so far. */
  bytesRead: number;
  /** Columns found in the cache. */
  cacheHits: number;
  /** Columns not in the cache (then read from the file). */
  cacheMisses: number;
  /** Bytes the cache holds now. */
  cachedBytes: number;
}

/**
 * Opens a model without reading its coefficients. A hashed document touches a few hundred of the
 * coefficient matrix's columns, and X·Wᵀ + b needs only those, so each call reads just the columns
 * its batch touches (through a byte-bounded LRU cache) and predicts with a compact model over them.
 * Answers are identical to the fully loaded model's: the same products are summed in the same order.
 */
export function openLinearModel(source: Source, options: OpenLinearModelOptions): Promise<LazyLinearModel> {
  return openLazy(source, options, (name, params) =>
    isEstimatorName(name) ? createEstimator(name, params) : undefined,
  );
}

/**
 * openLinearModel building its estimator with `create` (core's full registry there; openLinearModelWith
 * passes only the caller's classes, so a bundle holds only those). @internal
 */
export async function openLazy(
  source: Source,
  options: OpenLinearModelOptions,
  create: EstimatorFactory,
): Promise<LazyLinearModel> {
  const cacheBytes = options.cacheBytes ?? 64 * 2 ** 20;
  // coef is read a column at a time (held to cacheBytes), so only its chunks count against the limits
  const file = await openChecked(source, options, new Set([`/${DATASET.coef}`]));
  try {
    const meta = parseMetadata(file.attrs('/'), file.label);
    const find = (name: string) =>
      file.list().find((n): n is DatasetInfo => n.kind === 'dataset' && n.path === `/${name}`);
    const coef = find(DATASET.coef);
    const intercept = find(DATASET.intercept);
    if (!coef || !intercept) {
      throw new IcepickleError('MISSING_DATASET', {
        scope: 'lazy',
        file: file.label,
        detail: `dataset "/${coef ? DATASET.intercept : DATASET.coef}" is missing`,
      });
    }
    if (coef.dtype !== 'float64' && coef.dtype !== 'float32') {
      throw new IcepickleError('INVALID_DTYPE', {
        scope: 'lazy',
        file: file.label,
        detail: `dataset "/coef" has dtype ${coef.dtype}; expected float64 or float32`,
        object: '/coef',
      });
    }
    if (coef.shape.length !== 1 && coef.shape.length !== 2) {
      throw new IcepickleError('INVALID_SHAPE', {
        scope: 'lazy',
        file: file.label,
        detail: `dataset "/coef" has rank ${coef.shape.length}; coef must be 1-D or 2-D`,
        object: '/coef',
      });
    }
    const nOutputs = coef.shape.length === 2 ? coef.shape[0]! : 1;
    if (nOutputs * 8 > cacheBytes) {
      throw new IcepickleError('LIMIT_EXCEEDED', {
        scope: 'lazy',
        file: file.label,
        detail: `cacheBytes (${cacheBytes}) cannot hold one coefficient column (${nOutputs * 8} bytes)`,
      });
    }
    const name =
      meta.estimator ?? options.estimator ?? (find(DATASET.classes) ? 'LogisticRegression' : 'LinearRegression');
    const template = create(name, meta.paramsCamel ?? {});
    if (template === undefined)
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: 'lazy',
        file: file.label,
        detail: `unknown estimator "${name}"`,
      });
    // read whole: held to the load limits, which were lifted for coef only
    const limit = { ...defaultLoadLimits, ...options.limits }.maxDatasetBytes;
    const interceptValues = floatValues(await readWhole(file, intercept, limit, 'lazy'), file.label, intercept.path);
    const allowNonFinite = options.allowNonFinite === true;
    // known at open: the intercept is read whole, and what unwritten coef chunks read as (its fill
    // value, issue 18); coef columns are checked as each is read
    if (!allowNonFinite) {
      refuseNonFinite(interceptValues, file.label, intercept.path, 'flat index', (i) => i);
      if (coef.fillValue !== undefined && !Number.isFinite(coef.fillValue)) {
        const detail = `dataset "${coef.path}" reads its unwritten chunks as ${coef.fillValue} (its fill value)`;
        throw new IcepickleError('NON_FINITE', {
          scope: 'lazy',
          file: file.label,
          object: coef.path,
          detail: `${detail}; pass allowNonFinite to accept it [rule: finite-values]`,
        });
      }
    }
    const classes =
      template.estimatorType === 'classifier' ? await readClasses(file, find(DATASET.classes), limit) : undefined;
    // Validate the shapes once, on an empty-feature model (cheap), so predictions cannot fail later.
    const probe = template.clone();
    probe.setCoefficients({
      coef: new Float64Array(0),
      coefShape: coef.shape.length === 2 ? [nOutputs, 0] : [0],
      intercept: interceptValues,
      interceptShape: intercept.shape,
      classes: classes?.labels,
      classDType: classes?.dtype,
    });
    const lazy = new LazyLinearModel(
      file,
      fileWatch(source, options.host ?? options.backend.host),
      probe,
      coef,
      interceptValues,
      meta,
      new ColumnCache(cacheBytes, nOutputs),
      allowNonFinite,
      options.featurizer,
    );
    // One column now: a coefficient matrix that cannot be read fails here, not at the first request,
    // and the backend's per-dataset work (e.g. the native chunk index) is done at open.
    if (lazy.nFeaturesIn_ > 0) await lazy.warmUp();
    return lazy;
  } catch (error) {
    await file.close();
    throw error;
  }
}

/**
 * A model whose coefficients stay in the file: each call reads only the columns its rows touch (see {@link
 * openLinearModel}).
 */
export class LazyLinearModel {
  private columnsRead = 0;
  private bytesRead = 0;
  private closed = false;
  /** The end of the last call's cache work; the next one starts after it (see exclusively). */
  private turn: Promise<void> = Promise.resolve();
  /** What the file reads missing columns into, call after call (see ReadBuffer). */
  private readonly readBuffer: ReadBuffer;

  /** @internal use openLinearModel */
  constructor(
    private readonly file: StoredFile,
    private readonly watch: FileWatch | undefined,
    /** The estimator with the file's intercept and classes and no feature columns: its output rules. */
    private readonly outputs: LinearModel<object>,
    private readonly coefInfo: DatasetInfo,
    private readonly intercept: Float64Array,
    /** What the file records about the model (format, producer, estimator, parameters, user metadata). */
    readonly metadata: ModelMetadata,
    private readonly cache: ColumnCache,
    private readonly allowNonFinite: boolean,
    private readonly featurizer?: OpenLinearModelOptions['featurizer'],
  ) {
    this.readBuffer = new ReadBuffer(coefInfo.dtype === 'float32' ? 'float32' : 'float64');
  }

  /** The estimator class the model predicts as. */
  get estimator(): string {
    return this.outputs.className;
  }
  /** The number of features (columns of coef). */
  get nFeaturesIn_(): number {
    return this.coefInfo.shape[this.coefInfo.shape.length - 1]!;
  }
  /** The class labels (classifiers), or undefined (regressors). */
  get classes_(): Label[] | undefined {
    return this.outputs.estimatorType === 'classifier'
      ? (this.outputs as unknown as { classes_: Label[] }).classes_
      : undefined;
  }
  /** Columns and bytes read so far, and the cache's counters. */
  get stats(): LazyModelStats {
    return {
      columnsRead: this.columnsRead,
      bytesRead: this.bytesRead,
      cacheHits: this.cache.hits,
      cacheMisses: this.cache.misses,
      cachedBytes: this.cache.usedBytes,
    };
  }

  /** The decision values of the rows (or texts, with a featurizer), as the loaded estimator's decisionFunction. */
  async decisionFunction(
    X: MatrixInput | readonly string[],
    options?: LazyPredictOptions,
  ): Promise<number[] | number[][]> {
    return (await this.call('decisionFunction', X, options)) as number[] | number[][];
  }

  /** The predictions for the rows (or texts, with a featurizer), as the loaded estimator's predict. */
  async predict(
    X: MatrixInput | readonly string[],
    options?: LazyPredictOptions,
  ): Promise<Label[] | number[] | number[][]> {
    return (await this.call('predict', X, options)) as Label[];
  }

  /** The class probabilities for the rows (or texts, with a featurizer), as the loaded estimator's predictProba. */
  async predictProba(X: MatrixInput | readonly string[], options?: LazyPredictOptions): Promise<number[][]> {
    return (await this.call('predictProba', X, options)) as number[][];
  }

  /**
   * The compact model over the columns X touches, asked `method`; NOT_SUPPORTED, before anything is
   * read, when the estimator lacks it (regressors: decisionFunction and predictProba).
   */
  private async call(
    method: 'decisionFunction' | 'predict' | 'predictProba',
    X: MatrixInput | readonly string[],
    options: LazyPredictOptions = {},
  ): Promise<unknown> {
    if (typeof (this.outputs as unknown as Record<string, unknown>)[method] !== 'function') {
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: this.estimator,
        detail: `${method} is not available for this estimator`,
      });
    }
    const answer = async (part: MatrixInput | readonly string[]): Promise<unknown[]> => {
      const rows = this.rows(part);
      const model = (await this.model(rows)) as unknown as Record<typeof method, (x: MatrixInput) => unknown[]>;
      return model[method](rows);
    };
    if (options.onProgress === undefined && options.batchRows === undefined) return answer(X);
    return this.inBatches(method, X, options, answer);
  }

  /** X in batches of rows, one answer each, concatenated; progress after each batch. */
  private async inBatches(
    method: string,
    X: MatrixInput | readonly string[],
    options: LazyPredictOptions,
    answer: (part: MatrixInput | readonly string[]) => Promise<unknown[]>,
  ): Promise<unknown[]> {
    const texts = Array.isArray(X) && X.length > 0 && typeof X[0] === 'string';
    const matrix = texts ? undefined : asMatrixUnchecked(X as MatrixInput);
    const n = texts ? X.length : matrix!.shape[0];
    if (n === 0) return answer(X); // the one-call path says what is wrong with an empty X
    const batch = options.batchRows ?? Math.max(1, Math.ceil(n / 100));
    if (!Number.isSafeInteger(batch) || batch < 1)
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: 'lazy',
        detail: `batchRows must be a positive integer, got ${String(options.batchRows)}`,
      });
    const progress = progressTracker(options.onProgress, n, 'rows', method);
    progress?.start();
    const out: unknown[] = [];
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      const part = texts ? (X as readonly string[]).slice(start, end) : matrix!.sliceRows(start, end);
      for (const v of await answer(part)) out.push(v);
      progress?.update(end);
    }
    progress?.finish();
    return out;
  }

  /** Texts through the featurizer; anything else is already rows. */
  private rows(X: MatrixInput | readonly string[]): MatrixInput {
    if (!Array.isArray(X) || X.length === 0 || typeof X[0] !== 'string') return X as MatrixInput;
    if (!this.featurizer) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: 'lazy',
        file: this.file.label,
        detail:
          'X is an array of texts: pass a featurizer (e.g. a HashingVectorizer) to openLinearModel to predict on texts',
      });
    }
    return this.featurizer.transform(X as readonly string[]);
  }

  /** @internal Reads the first column into the cache (see openLinearModel). */
  async warmUp(): Promise<void> {
    await this.columns([0]);
  }

  /** Closes the file; the model cannot be used after. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    await this.file.close();
  }

  /** The estimator's output rules over this batch's decision values (computed from the touched columns). */
  private async model(X: MatrixInput): Promise<LinearModel<object>> {
    const values = await this.decisionValues(X);
    return this.outputs.withDecisions(() => values.slice());
  }

  /**
   * X·Wᵀ + b, row-major, from the columns the batch touches. Identical to the loaded model's
   * linearDecision: each output's products are summed over the row's stored entries in order, starting
   * from 0, and the intercept is added last.
   */
  private async decisionValues(X: MatrixInput): Promise<Float64Array> {
    if (this.closed)
      throw new IcepickleError('CLOSED', { scope: 'lazy', file: this.file.label, detail: 'the model was closed' });
    const matrix = asMatrixUnchecked(X);
    const csr =
      matrix instanceof CsrMatrix
        ? matrix
        : CsrMatrix.fromDense((matrix as { toRows(): number[][] }).toRows(), matrix.shape[1]);
    if (csr.shape[1] !== this.nFeaturesIn_) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.estimator,
        file: this.file.label,
        detail: `X has ${csr.shape[1]} features, but the model is expecting ${this.nFeaturesIn_} features as input`,
      });
    }
    const { indptr, indices, data } = csr;
    const position = new Map<number, number>();
    const touched: number[] = [];
    const slot = new Int32Array(csr.nnz);
    for (let p = 0; p < csr.nnz; p++) {
      const j = indices[p]!;
      let at = position.get(j);
      if (at === undefined) {
        at = touched.length;
        position.set(j, at);
        touched.push(j);
      }
      slot[p] = at;
    }
    const k = this.coefInfo.shape.length === 2 ? this.coefInfo.shape[0]! : 1;
    const values = new Float64Array(csr.shape[0] * k);
    await this.exclusively(async () => {
      const { segments, offsets } = await this.columns(touched);
      accumulate(values, k, indptr, data, slot, segments, offsets, this.intercept);
    });
    // NaN/Inf in X make a value non-finite: only then is X scanned, for the loaded model's error
    for (let v = 0; v < values.length; v++) {
      if (!Number.isFinite(values[v]!)) {
        assertFinite(csr);
        break;
      }
    }
    return values;
  }

  /**
   * Runs `work` after every earlier call's: a call holds references into the cache across its reads'
   * awaits, so an overlapping call must not evict (and overwrite) those slots meanwhile.
   */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    await run;
  }

  /**
   * Where each of `features`' columns is: a Float64Array and the offset of its n_outputs values. From
   * the cache, or read from the file (one selection read of the missing ones, sorted) and cached. A
   * batch touching more columns than the cache holds is answered from a buffer of its own.
   */
  private async columns(features: readonly number[]): Promise<{ segments: Float64Array[]; offsets: Int32Array }> {
    const u = features.length;
    const segments = new Array<Float64Array>(u);
    const offsets = new Int32Array(u);
    const missing: number[] = [];
    const missingAt: number[] = [];
    for (let t = 0; t < u; t++) {
      const slot = this.cache.lookup(features[t]!);
      if (slot >= 0) {
        segments[t] = this.cache.segment(slot);
        offsets[t] = this.cache.offset(slot);
      } else {
        missing.push(features[t]!);
        missingAt.push(t);
      }
    }
    if (missing.length === 0) return { segments, offsets };
    await this.checkUnchanged();
    // Sorted reads let the backend coalesce neighbouring columns into one hyperslab / slice.
    const order = missing.map((_f, i) => i).sort((a, b) => missing[a]! - missing[b]!);
    const sorted = order.map((i) => missing[i]!);
    const k = this.coefInfo.shape.length === 2 ? this.coefInfo.shape[0]! : 1;
    // in slices the kept read buffer holds (a long document's thousand columns: two reads, not a fresh
    // buffer of megabytes each time)
    const per = Math.max(1, Math.floor(KEPT_READ_VALUES / k));
    for (let s0 = 0; s0 < sorted.length; s0 += per) {
      const part = sorted.slice(s0, s0 + per);
      const lease = this.readBuffer.lease(part.length * k);
      try {
        const read = await this.file.read(this.coefInfo.path, { cols: part, into: lease.values });
        const values = floatValues(read, this.file.label, this.coefInfo.path);
        this.place(values, part, missing, missingAt, order.slice(s0, s0 + per), segments, offsets, u);
      } finally {
        lease.release();
      }
    }
    return { segments, offsets };
  }

  /** Caches (or keeps for this batch) the columns just read, and says where each of them is. */
  private place(
    values: Float64Array | Float32Array,
    sorted: readonly number[],
    missing: readonly number[],
    missingAt: readonly number[],
    order: readonly number[],
    segments: Float64Array[],
    offsets: Int32Array,
    u: number,
  ): void {
    const k = this.coefInfo.shape.length === 2 ? this.coefInfo.shape[0]! : 1;
    const m = sorted.length;
    // each column as it is read, before it is cached: a NaN stored, or a NaN fill value of unwritten chunks
    if (!this.allowNonFinite) {
      refuseNonFinite(values, this.file.label, this.coefInfo.path, 'column', (i) => sorted[i % m]!);
    }
    // The batch's columns all fit: inserting evicts only columns this batch does not use (its hits
    // were just made the most recent). Otherwise the new columns stay in a buffer for this batch.
    const cached = u <= this.cache.capacity;
    const own = cached ? undefined : new Float64Array(m * k);
    const into = new Array<Float64Array>(m);
    const intoAt = new Int32Array(m);
    for (let s = 0; s < m; s++) {
      const i = order[s]!;
      const slot = cached ? this.cache.insert(missing[i]!) : -1;
      into[s] = own ?? this.cache.segment(slot);
      intoAt[s] = own ? s * k : this.cache.offset(slot);
      segments[missingAt[i]!] = into[s]!;
      offsets[missingAt[i]!] = intoAt[s]!;
    }
    transposeInto(values, k, m, into, intoAt);
    this.columnsRead += m;
    this.bytesRead += m * k * (this.coefInfo.dtype === 'float32' ? 4 : 8);
  }

  /** A path whose size or modification time changed since open is refused: no wrong answers. */
  private async checkUnchanged(): Promise<void> {
    if (this.watch === undefined) return;
    const now = this.watch.now();
    if (now !== this.watch.atOpen) {
      throw new IcepickleError('FILE_CHANGED', {
        scope: 'lazy',
        file: this.file.label,
        detail:
          now === 'missing'
            ? 'the file disappeared since it was opened'
            : 'the file changed since it was opened; open it again',
      });
    }
  }
}

/** The classifier's classes, read whole (1-D, within the load limits). */
async function readClasses(
  file: StoredFile,
  info: DatasetInfo | undefined,
  limit: number,
): Promise<ReturnType<typeof labelValues>> {
  if (!info)
    throw new IcepickleError('MISSING_DATASET', {
      scope: 'lazy',
      file: file.label,
      detail: 'dataset "/classes" is missing',
    });
  if (info.shape.length !== 1)
    throw new IcepickleError('INVALID_SHAPE', {
      scope: 'lazy',
      file: file.label,
      detail: `dataset "${info.path}" must be 1-D, got shape (${info.shape.join(', ')})`,
      object: info.path,
    });
  return labelValues(await readWhole(file, info, limit, 'lazy'), file.label, info.path);
}

/**
 * NON_FINITE for the first NaN/Inf in `values`, as loadCoefficients refuses it; `where` maps its flat
 * index to the index the message names (a flat index, or the coefficient column of a (k × m) read).
 */
function refuseNonFinite(
  values: Float64Array | Float32Array,
  label: string,
  path: string,
  what: 'flat index' | 'column',
  where: (index: number) => number,
): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]!)) continue;
    throw new IcepickleError('NON_FINITE', {
      scope: 'lazy',
      file: label,
      detail: `dataset "${path}" holds ${values[i]} at ${what} ${where(i)}; pass allowNonFinite to accept it`,
      object: path,
    });
  }
}

/** A path's stamp at open and a way to take it again; undefined for bytes, or without a host that stamps files. */
interface FileWatch {
  readonly atOpen: string;
  now(): string;
}

function fileWatch(source: Source, host: Host | undefined): FileWatch | undefined {
  const stamp = host?.fileStamp?.bind(host);
  if (typeof source !== 'string' || stamp === undefined) return undefined;
  const now = () => {
    try {
      return stamp(source);
    } catch {
      return 'missing';
    }
  };
  return { atOpen: stamp(source), now };
}

/**
 * values (n × k, zeros) += X·Wᵀ over the touched columns, then + b: each output's products summed over
 * the row's stored entries in order, as linearDecision sums them. A plain function, apart from the async
 * caller: V8 optimises its loops whole, where inside an async function they boxed a number per product.
 */
function accumulate(
  values: Float64Array,
  k: number,
  indptr: Int32Array,
  data: ArrayLike<number>,
  slot: Int32Array,
  segments: readonly Float64Array[],
  offsets: Int32Array,
  intercept: Float64Array,
): void {
  const n = indptr.length - 1;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
      const x = data[p]!;
      const column = segments[slot[p]!]!;
      const at = offsets[slot[p]!]!;
      for (let r = 0; r < k; r++) values[row + r] = values[row + r]! + x * column[at + r]!;
    }
    for (let r = 0; r < k; r++) values[row + r] = values[row + r]! + intercept[intercept.length === 1 ? 0 : r]!;
  }
}

/**
 * The read is (k × m) row-major; column s goes to into[s] from intoAt[s] on. Eight columns at a time:
 * each row then gives one cache line to read and eight running destinations, where one column at a
 * time reads every m-th value (a cache miss each on wide reads of a tall model; see bench/RESULTS.md).
 */
function transposeInto(
  values: Float64Array | Float32Array,
  k: number,
  m: number,
  into: Float64Array[],
  intoAt: Int32Array,
): void {
  const block = 8;
  for (let s0 = 0; s0 < m; s0 += block) {
    const s1 = Math.min(m, s0 + block);
    for (let r = 0, base = 0; r < k; r++, base += m) {
      for (let s = s0; s < s1; s++) into[s]![intoAt[s]! + r] = values[base + s]!;
    }
  }
}
