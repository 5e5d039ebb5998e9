import { IcepickleError, isIcepickleError } from '../errors.js';
import type { ClassDType } from '../estimators/labels.js';
import type { LinearModel } from '../estimators/linear-model.js';
import type { Label } from '../estimators/metrics.js';
import { type EstimatorName, createEstimator } from '../estimators/registry.js';
import { type ProgressOptions, type ProgressTracker, progressTracker } from '../progress/progress.js';
import type { AttrValue, DatasetToWrite, StorageBackend, StreamedDataset, StreamingWriter } from '../storage/types.js';
import { labelsToStored } from './arrays.js';
import { ATTR, DATASET } from './keys.js';
import { type LayoutOptions, coefDatasets } from './layouts.js';
import { modelAttributes } from './save-coefficients.js';
import { WrittenRanges } from './written-ranges.js';

/**
 * Options of {@link createCoefficientWriter}: the file's model, its shape, and the coefficients' layout.
 * `onProgress` counts coef's bytes as stored (unit 'bytes', phase 'coef'): after each block written,
 * and the whole once close() has made the file appear.
 */
export interface CoefficientWriterOptions extends LayoutOptions, ProgressOptions {
  /** A backend with createWriter (hdf5-node, or hdf5-wasm in Node). */
  backend: StorageBackend;
  /**
   * The estimator the file describes, as its class name (with `params`, our camelCase names) or as an
   * estimator whose class and parameters are recorded (fitted or not; its coefficients are ignored).
   */
  estimator: EstimatorName | LinearModel<object>;
  /**
   * The parameters to record with a class name (camelCase), ignored with an estimator.
   * @defaultValue undefined (the class's defaults)
   */
  params?: Record<string, unknown>;
  /**
   * scikit-learn's coef_ shape: (n_classes, n_features) multiclass, (1, n_features) binary (with 2
   * classes), (n_features,) single-target regression. A shape rather than `nClasses`, because a binary
   * classifier has one row for two classes.
   */
  coefShape: readonly [number, number] | readonly [number];
  /** The intercept(s), one per row of coef (one value for a single-target regression). */
  intercept: Float64Array | readonly number[];
  /**
   * The on-disk shape of intercept.
   * @defaultValue (rows,); [] for LinearRegression's scalar intercept
   */
  interceptShape?: readonly number[];
  /**
   * Classifiers only: the class labels, sorted.
   * @defaultValue undefined (a regressor)
   */
  classes?: readonly Label[];
  /**
   * On-disk dtype of `classes`.
   * @defaultValue derived from the labels, as fit does
   */
  classDType?: ClassDType;
  /**
   * Free-form JSON-able metadata recorded in the file (data, date, metrics, ...).
   * @defaultValue undefined (none recorded)
   */
  metadata?: Record<string, unknown>;
  /**
   * Accept NaN/Infinity in blocks and intercept (loadCoefficients refuses such files by default).
   * @defaultValue false
   */
  allowNonFinite?: boolean;
}

type Axis = 'columns' | 'rows';

/**
 * Writes one model file whose coef is supplied block by block, with memory bounded by the block size,
 * to the same file saveCoefficients would write (same datasets, dtypes, chunks, filters and
 * attributes; no SGD training state, so partialFit on the loaded model starts over at t_ = 1 as after
 * a Python file). Nothing appears at `target` until close(); abort() or a failed write leaves the
 * previous file (or none) in place.
 *
 * Every coefficient must be written exactly once, along one axis per writer:
 * - writeColumns(start, block): block is rows × width, row-major (1-D coef: width values). The efficient
 *   order for 'column-chunked' and 'gzip': widths that are multiples of `chunkColumns` fill whole chunks.
 * - writeRows(start, block): block is height × n_features. Efficient for 'contiguous' and 'float32'
 *   (each row is one contiguous run on disk); slow for chunked layouts (every chunk is touched per row).
 * Await each write before the next (a second call is queued, but its block is held in memory meanwhile).
 */
export class CoefficientWriter {
  /** The coefficient matrix's shape, as given. */
  readonly coefShape: readonly number[];
  /** The layout being written (see {@link CoefLayout}). */
  readonly layout: string;
  /** Columns per chunk for chunked layouts (undefined when contiguous). */
  readonly chunkColumns: number | undefined;
  private readonly rows: number;
  private readonly cols: number;
  private axis: Axis | undefined;
  private ranges: WrittenRanges | undefined;
  private queue: Promise<void> = Promise.resolve();
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private failure: unknown;
  private valuesWritten = 0;

  /** @internal use createCoefficientWriter */
  constructor(
    private readonly target: string,
    private readonly writer: StreamingWriter,
    private readonly coef: StreamedDataset,
    private readonly allowNonFinite: boolean,
    private readonly progress?: ProgressTracker,
  ) {
    this.coefShape = coef.shape;
    this.layout =
      coef.dtype === 'float32'
        ? 'float32'
        : coef.gzip !== undefined
          ? 'gzip'
          : coef.chunks
            ? 'column-chunked'
            : 'contiguous';
    this.rows = coef.shape.length === 2 ? coef.shape[0]! : 1;
    this.cols = coef.shape[coef.shape.length - 1]!;
    this.chunkColumns = coef.chunks?.[coef.chunks.length - 1];
  }

  /** Columns [start, start + width) of coef; block is rows × width, row-major. */
  writeColumns(start: number, block: Float64Array): Promise<void> {
    return this.enqueue('columns', start, block);
  }

  /** Rows [start, start + height) of a 2-D coef; block is height × n_features, row-major. */
  writeRows(start: number, block: Float64Array): Promise<void> {
    return this.enqueue('rows', start, block);
  }

  /** How many columns (or rows, for a row writer) are written so far. */
  get written(): number {
    return this.ranges?.written ?? 0;
  }

  /** Checks every coefficient was written, then makes the file appear at the target atomically. */
  async close(): Promise<void> {
    this.checkOpen('close');
    this.state = 'closing';
    try {
      await this.queue;
    } catch {
      // the failed write already aborted the writer; checkOpen below reports it
    }
    if (this.failure !== undefined) {
      this.state = 'aborted';
      throw this.error('CLOSED', `the writer was aborted after an earlier failure (${this.failureDetail()})`);
    }
    const axis = this.axis ?? 'columns';
    const extent = axis === 'columns' ? this.cols : this.rows;
    const gap = this.ranges ? this.ranges.firstGap() : extent > 0 ? ([0, extent] as const) : undefined;
    if (gap) {
      this.state = 'open';
      throw this.error(
        'INVALID_INPUT',
        `${axis} [${gap[0]}, ${gap[1]}) of coef were never written (${this.written} of ${extent} ${axis} done); write them, or abort() to give up`,
      );
    }
    try {
      await this.writer.close();
      this.state = 'closed';
      this.progress?.finish();
    } catch (error) {
      this.state = 'aborted';
      await this.writer.abort().catch(() => undefined);
      throw error;
    }
  }

  /** Gives up: removes the temp file; the target is left as it was. Safe to call at any time, twice. */
  async abort(): Promise<void> {
    if (this.state === 'closed' || this.state === 'aborted') return;
    this.state = 'aborted';
    await this.queue.catch(() => undefined);
    await this.writer.abort();
  }

  private enqueue(axis: Axis, start: number, block: Float64Array): Promise<void> {
    try {
      this.checkOpen(axis === 'columns' ? 'writeColumns' : 'writeRows');
      const { end, start: hyperStart, count, data } = this.plan(axis, start, block);
      this.ranges!.add(start, end);
      const run = this.queue.then(() => {
        if (this.failure !== undefined)
          throw this.error(
            'CLOSED',
            `${axis} [${start}, ${end}) not written: an earlier write failed and aborted the writer`,
          );
        return this.writer.write(this.coef.path, hyperStart, count, data).then(() => this.reportWritten(data));
      });
      this.queue = run.catch(async (error: unknown) => {
        this.failure ??= error;
        this.state = 'aborted';
        await this.writer.abort().catch(() => undefined);
      });
      return run;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Progress after a block reached the file; the whole coef is reported by close(). */
  private reportWritten(data: Float64Array | Float32Array): void {
    if (this.progress === undefined) return;
    this.valuesWritten += data.length;
    const bytes = this.valuesWritten * data.BYTES_PER_ELEMENT;
    if (bytes < this.progress.total) this.progress.update(bytes);
  }

  /** Validates a block and maps it to a hyperslab; throws before anything is recorded. */
  private plan(
    axis: Axis,
    start: number,
    block: Float64Array,
  ): { end: number; start: number[]; count: number[]; data: Float64Array | Float32Array } {
    const method = axis === 'columns' ? 'writeColumns' : 'writeRows';
    if (!(block instanceof Float64Array))
      throw this.error(
        'INVALID_INPUT',
        `${method}: the block must be a Float64Array, got ${(block as object)?.constructor?.name ?? typeof block}`,
      );
    if (axis === 'rows' && this.coefShape.length === 1)
      throw this.error('INVALID_INPUT', 'writeRows: this coef is 1-D (a regressor); use writeColumns');
    if (this.axis !== undefined && this.axis !== axis) {
      throw this.error(
        'INVALID_INPUT',
        `${method}: this writer writes ${this.axis} (its first call chose the axis); write the whole coef along one axis`,
      );
    }
    const extent = axis === 'columns' ? this.cols : this.rows;
    const other = axis === 'columns' ? this.rows : this.cols;
    if (!Number.isSafeInteger(start) || start < 0 || start >= extent) {
      throw this.error(
        'INVALID_INPUT',
        `${method}: start ${start} is outside [0, ${extent}) (coef shape (${this.coefShape.join(', ')}))`,
      );
    }
    if (block.length === 0 || block.length % other !== 0) {
      const unit = axis === 'columns' ? `${other} rows × width` : `height × ${other} columns`;
      throw this.error(
        'SHAPE_MISMATCH',
        `${method}: a block of ${block.length} values is not ${unit} (coef shape (${this.coefShape.join(', ')}))`,
      );
    }
    const width = block.length / other;
    const end = start + width;
    if (end > extent)
      throw this.error(
        'INVALID_INPUT',
        `${method}: ${axis} [${start}, ${end}) run past ${extent} (coef shape (${this.coefShape.join(', ')}))`,
      );
    this.axis = axis;
    this.ranges ??= new WrittenRanges(extent);
    const overlap = this.ranges.overlap(start, end);
    if (overlap)
      throw this.error(
        'INVALID_INPUT',
        `${method}: ${axis} [${start}, ${end}) overlap [${overlap[0]}, ${overlap[1]}), which was already written; write each block once`,
      );
    if (!this.allowNonFinite) {
      for (let i = 0; i < block.length; i++) {
        if (!Number.isFinite(block[i]!))
          throw this.error(
            'NON_FINITE',
            `${method}: the block at ${axis} ${start} holds ${block[i]} at index ${i}; pass allowNonFinite to write it`,
          );
      }
    }
    const data = this.coef.dtype === 'float32' ? Float32Array.from(block) : block;
    if (this.coefShape.length === 1) return { end, start: [start], count: [width], data };
    return axis === 'columns'
      ? { end, start: [0, start], count: [this.rows, width], data }
      : { end, start: [start, 0], count: [width, this.cols], data };
  }

  private checkOpen(method: string): void {
    if (this.state === 'open') return;
    const why =
      this.failure !== undefined
        ? `it was aborted after a failed write (${this.failureDetail()})`
        : `it is ${this.state}`;
    throw this.error('CLOSED', `${method}: the writer cannot be used, ${why}`);
  }

  /** The earlier failure in words: its detail when it is ours (no second `[icepickle]` prefix inside a message). */
  private failureDetail(): string {
    const failure = this.failure;
    return isIcepickleError(failure) ? failure.detail : String((failure as Error)?.message ?? failure);
  }

  private error(code: 'INVALID_INPUT' | 'SHAPE_MISMATCH' | 'NON_FINITE' | 'CLOSED', what: string): IcepickleError {
    const cause = code === 'CLOSED' ? this.failure : undefined;
    return new IcepickleError(code, {
      scope: 'write',
      file: this.target,
      detail: what,
      object: `/${DATASET.coef}`,
      cause,
    });
  }
}

/**
 * Starts a streaming write of a linear model to `target` (see CoefficientWriter). Everything but the
 * coef values is checked and written now: classes, intercept, attributes, and an empty coef in the
 * chosen layout ('sparse' is refused: its size is known only after every value is seen).
 */
export async function createCoefficientWriter(
  target: string,
  options: CoefficientWriterOptions,
): Promise<CoefficientWriter> {
  const fail = (code: 'INVALID_INPUT' | 'NOT_SUPPORTED' | 'INVALID_SHAPE' | 'NON_FINITE', what: string) =>
    new IcepickleError(code, { scope: 'write', file: target, detail: what });
  const { backend } = options;
  if (typeof target !== 'string' || target === '')
    throw fail(
      'INVALID_INPUT',
      'createCoefficientWriter needs a file path (streaming writes go to disk, never to bytes)',
    );
  if (typeof backend?.createWriter !== 'function') {
    throw fail(
      'NOT_SUPPORTED',
      `the ${backend?.name ?? 'given'} backend cannot stream writes; use @icepickle/hdf5-node, or @icepickle/hdf5-wasm in Node`,
    );
  }
  const layout = options.layout ?? 'contiguous';
  if (layout === 'sparse') {
    throw fail(
      'NOT_SUPPORTED',
      "the 'sparse' layout cannot be streamed (its CSR arrays are sized by the non-zeros, known only at the end); stream 'gzip' (as small for mostly-zero coefficients), or build the model and use saveCoefficients",
    );
  }
  const shape = options.coefShape as readonly number[];
  if (
    !Array.isArray(shape) ||
    (shape.length !== 1 && shape.length !== 2) ||
    shape.some((d) => !Number.isSafeInteger(d) || d < 1)
  ) {
    throw fail(
      'INVALID_SHAPE',
      `coefShape must be [rows, n_features] or [n_features] of positive integers, got ${JSON.stringify(shape)}`,
    );
  }
  const rows = shape.length === 2 ? shape[0]! : 1;
  const cols = shape[shape.length - 1]!;
  const intercept = Float64Array.from(options.intercept ?? []);
  if (!options.allowNonFinite && intercept.some((v) => !Number.isFinite(v)))
    throw fail('NON_FINITE', 'intercept holds NaN or Infinity; pass allowNonFinite to write it');

  // The estimator's own checks (classes vs rows, intercept shape, labels) on a one-column stand-in,
  // which also gives the attributes exactly as saveCoefficients writes them.
  const template =
    typeof options.estimator === 'string'
      ? createEstimator(options.estimator, options.params ?? {})
      : options.estimator.clone();
  if (typeof options.estimator !== 'string' && options.params !== undefined) template.setParams(options.params);
  template.setCoefficients({
    coef: new Float64Array(rows),
    coefShape: shape.length === 2 ? [rows, 1] : [1],
    intercept,
    interceptShape: options.interceptShape ?? [intercept.length],
    ...(options.classes === undefined ? {} : { classes: options.classes }),
    ...(options.classDType === undefined ? {} : { classDType: options.classDType }),
  });
  const c = template.getCoefficients();
  const attrs: Record<string, AttrValue> = { ...modelAttributes(template, options.metadata), [ATTR.nFeaturesIn]: cols };

  // coefDatasets decides dtype, chunks and filters from the shape alone for every non-sparse layout:
  // asking it with no values gives exactly what saveCoefficients writes.
  const coefLayout = coefDatasets(
    { coef: new Float64Array(0), coefShape: shape, intercept: c.intercept, interceptShape: c.interceptShape },
    '/',
    {
      ...options,
      canShuffle: backend.capabilities?.shuffle !== false,
      layout,
    },
  );
  const d = coefLayout.datasets[0]!;
  const coef: StreamedDataset = { path: d.path, dtype: d.array.dtype as 'float64' | 'float32', shape: [...shape] };
  if (d.chunks) coef.chunks = d.chunks;
  if (d.gzip !== undefined) coef.gzip = d.gzip;
  if (d.shuffle) coef.shuffle = true;

  const datasets: DatasetToWrite[] = [
    { path: `/${DATASET.intercept}`, array: { dtype: 'float64', shape: c.interceptShape, data: c.intercept } },
  ];
  if (c.classes)
    datasets.push({ path: `/${DATASET.classes}`, array: labelsToStored(c.classes, c.classDType ?? 'int64') });
  const writer = await backend.createWriter(target, {
    attrs: { ...attrs, ...coefLayout.attrs },
    datasets,
    streamed: [coef],
  });
  const itemBytes = coef.dtype === 'float32' ? 4 : 8;
  const progress = progressTracker(options.onProgress, rows * cols * itemBytes, 'bytes', 'coef');
  progress?.start();
  return new CoefficientWriter(target, writer, coef, options.allowNonFinite === true, progress);
}
