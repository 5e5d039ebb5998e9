import type { SgdRows } from '../estimators/sgd/plain-sgd.js';
import { columnsOf } from '../math/active-columns.js';
import { type WasmKernel, wasmKernel, wasmKernelUnsupported } from './wasm-kernel.js';

/**
 * SGD's sparse inner loops, `WeightVector.dot`, `WeightVector.add` and `l1penalty` (the cumulative L1
 * step of l1 / elasticnet), and the marking of X's stored columns, in WebAssembly (source:
 * wasm-kernel.wat, compiled into wasm-kernel-bytes.ts by scripts/build-wasm-kernel.mjs). V8
 * re-checks each typed array (map, bounds, base pointer) inside JavaScript loops, which left the
 * gathers over w well behind the same loop in C (bench/RESULTS.md); WebAssembly has no such checks. The
 * arithmetic is the same IEEE double operations in the same order, so results are bit-identical to
 * the JavaScript loops in plain-sgd.ts.
 *
 * During one `_plain_sgd` call X's stored values and indices are copied into the module's memory and
 * w lives there too (as a Float64Array view, so every other step of the port reads it unchanged; the
 * caller fills it). The memory is as large as the largest problem seen; above 64 MiB it is let go after
 * the call.
 */

/**
 * X and w inside the kernel's memory for one `_plain_sgd` call. A class, not an object literal: V8
 * holds a literal's map only weakly, and when the last such object dies the optimised code that
 * checked for that map (the per-sample loop) is thrown away with it.
 */
export class WasmSparseRows {
  private columns: Int32Array | undefined;
  /**
   * True once compact() renumbered X's columns: w (and q) then hold compactColumns only (X's stored
   * columns, and a loaded model's support), and every kernel reads them there.
   */
  compacted = false;
  /**
   * Once compacted: the real column of each position of the compact w (X's stored columns, increasing;
   * for a loaded model its support first, then X's other columns in order of first appearance).
   */
  compactColumns: Int32Array | null = null;
  readonly dot: WasmKernel['dot'];
  readonly add: WasmKernel['add'];
  /** The cumulative L1 penalty step (scikit-learn's l1penalty) over w and q. */
  readonly l1: WasmKernel['l1'];
  /** A whole epoch for the common settings (see wasm-kernel.wat and plain-sgd.ts's runEpochWasm). */
  readonly epoch: WasmKernel['epoch'];
  /** w during the call, a view into the kernel's memory: left as the previous call left it. */
  readonly weights: Float64Array;
  /** q of the L1 penalty, a view into the kernel's memory (null without one): as the previous call left it. */
  readonly cumulativePenalty: Float64Array | null;
  /** Views the epoch kernel reads: the targets (±1 for a class), the sample weights and the sample order. */
  readonly targets: Float64Array;
  readonly sampleWeights: Float64Array;
  readonly order: Int32Array;
  /** The epoch kernel's carried values: t, eta, intercept, wscale, u, summed loss. */
  readonly state: Float64Array;
  /** invscaling's eta for each sample position of an epoch (filled by the caller). */
  readonly etas: Float64Array;

  constructor(
    private readonly kernel: WasmKernel,
    /** Byte offsets into the kernel's memory. */
    readonly at: RowsLayout,
    private readonly nnz: number,
    nSamples: number,
    nFeatures: number,
  ) {
    const buffer = kernel.memory.buffer;
    this.dot = kernel.dot;
    this.add = kernel.add;
    this.l1 = kernel.l1;
    this.epoch = kernel.epoch;
    this.weights = new Float64Array(buffer, at.wBase, nFeatures);
    this.cumulativePenalty = at.qBase >= 0 ? new Float64Array(buffer, at.qBase, nFeatures) : null;
    this.targets = new Float64Array(buffer, at.targetsBase, nSamples);
    this.sampleWeights = new Float64Array(buffer, at.sampleWeightsBase, nSamples);
    this.order = new Int32Array(buffer, at.orderBase, nSamples);
    this.state = new Float64Array(buffer, at.stateBase, 6);
    this.etas = new Float64Array(buffer, at.etasBase, nSamples);
  }

  /**
   * The distinct columns X stores, increasing (computed once per copy of X: the classes of a
   * one-vs-rest fit share it). One pass over the indices into a bit set (2^20 columns take 128 KiB,
   * which stays in cache), done in WebAssembly, where the loop carries no typed-array checks.
   */
  storedColumns(): Int32Array {
    if (this.columns === undefined) this.columns = columnsOf(this.markStored());
    return this.columns;
  }

  /** X's stored columns as a bit set in the kernel's memory (marked there, where the loop carries no typed-array checks). */
  private markStored(): Int32Array {
    const nWords = (this.weights.length + 31) >>> 5;
    const bits = new Int32Array(this.weights.buffer, this.at.bitsBase, nWords).fill(0);
    this.kernel.mark(this.at.idxBase, this.at.bitsBase, 0, this.nnz);
    return bits;
  }

  /** allFinite over the first n values of w, in WebAssembly (a loaded model's first epoch scans all of w). */
  weightsFinite(n: number): boolean {
    return this.kernel.finite(this.at.wBase, n) === 1;
  }

  /** foldScale's step for w (w *= wscale, zeros skipped; all zeros for 0) over its first n values. */
  scaleWeights(n: number, wscale: number): void {
    this.kernel.fold(this.at.wBase, n, wscale);
  }

  /** Whether compact() can run (the memory has room for its tables). */
  get compactable(): boolean {
    return this.at.colsBase >= 0;
  }

  /**
   * Renumbers X's columns in the kernel's memory to their positions among compactColumns: X's stored
   * columns and, for a loaded model, its support (weight-support.ts), increasing. w then needs only
   * those (the model is zero everywhere else, always), and the gathers over w hit the cache instead of
   * missing it across all of 2^20 columns. Same values, same order; plainSgd maps w back to the real
   * columns at the end. Done in WebAssembly over a bit set of the columns and its running counts.
   */
  compact(support: Int32Array | null = null): void {
    if (this.compacted) return;
    const { idxBase, bitsBase, beforeBase, colsBase } = this.at;
    // storedColumns() left X's bit set in place (nothing else writes there)
    const bits =
      support === null && this.columns !== undefined
        ? new Int32Array(this.weights.buffer, bitsBase, (this.weights.length + 31) >>> 5)
        : this.markStored();
    if (support !== null) {
      // marked like X's indices, from a copy in the space select() fills next
      new Int32Array(this.weights.buffer, colsBase, support.length).set(support);
      this.kernel.mark(colsBase, bitsBase, 0, support.length);
    }
    const count = this.kernel.prefix(bitsBase, beforeBase, bits.length);
    if (support !== null && count === support.length) {
      // X brings no column the support lacks: the compact columns are the support (increasing)
      this.compactColumns = support;
    } else if (support === null && this.columns !== undefined) {
      this.compactColumns = this.columns;
    } else {
      this.kernel.select(bitsBase, bits.length, colsBase);
      this.compactColumns = new Int32Array(this.weights.buffer, colsBase, count).slice();
    }
    if (support === null) this.columns = this.compactColumns;
    this.kernel.rank(idxBase, bitsBase, beforeBase, 0, this.nnz);
    this.compacted = true;
  }
}

/** Problems above this stay in JavaScript. */
const MAX_BYTES = 1 << 28;
/** Memory above this is let go after the call (the next call starts a fresh, small one). */
const KEEP_BYTES = 1 << 26;
let instance: WasmKernel | null | undefined;
let enabled = true;

/**
 * The kernel over a memory of at least `bytes`. A bigger problem gets a new memory rather than
 * `memory.grow`: growing detaches the old ArrayBuffer, and the first detach anywhere makes V8 add a
 * detached-buffer check to every typed-array access in all optimised code, which slows every later
 * decision (bench/RESULTS.md).
 */
function load(bytes: number): WasmKernel | null {
  if (instance !== undefined && instance !== null && instance.memory.buffer.byteLength >= bytes) return instance;
  if (instance === null) return null;
  instance = wasmKernel(bytes) ?? undefined;
  // no WebAssembly (a page whose CSP forbids compiling it: null for good) or no room for this memory
  // (undefined: a smaller problem may try again); the JavaScript loops do the same either way
  if (instance === undefined && wasmKernelUnsupported()) instance = null;
  return instance ?? null;
}

/** After a call: a memory grown past KEEP_BYTES is not kept for the life of the process. */
export function releaseWasmMemoryIfLarge(): void {
  if (instance && instance.memory.buffer.byteLength > KEEP_BYTES) instance = undefined;
}

/** For tests: false runs every call on the JavaScript loops (true, the default, uses wasm where it can). */
export function setWasmSgdKernel(on: boolean): void {
  enabled = on;
}

/**
 * Where everything lives in the kernel's memory, as byte offsets: the 8-byte values first (X's values,
 * w, q of the L1 penalty (-1 without one), the targets, the sample weights, the epoch state,
 * invscaling's etas), then the 4-byte ones (X's indices, the column bit set, indptr, the sample order,
 * the running counts of the column bit set and the compact w's columns (-1 unless compactable)).
 */
export interface RowsLayout {
  dataBase: number;
  wBase: number;
  qBase: number;
  targetsBase: number;
  sampleWeightsBase: number;
  stateBase: number;
  etasBase: number;
  idxBase: number;
  bitsBase: number;
  indptrBase: number;
  orderBase: number;
  beforeBase: number;
  colsBase: number;
  bytes: number;
}

function layoutOf(
  nnz: number,
  nSamples: number,
  nFeatures: number,
  withPenalty: boolean,
  compactable: boolean,
): RowsLayout {
  let at = 0;
  const take = (bytes: number): number => {
    const base = at;
    at += bytes;
    return base;
  };
  const dataBase = take(nnz * 8);
  const wBase = take(nFeatures * 8);
  const qBase = withPenalty ? take(nFeatures * 8) : -1;
  const targetsBase = take(nSamples * 8);
  const sampleWeightsBase = take(nSamples * 8);
  const stateBase = take(6 * 8);
  const etasBase = take(nSamples * 8);
  const idxBase = take(nnz * 4);
  const bitsBase = take(((nFeatures + 31) >>> 5) * 4);
  const indptrBase = take((nSamples + 1) * 4);
  const orderBase = take(nSamples * 4);
  const beforeBase = compactable ? take(((nFeatures + 31) >>> 5) * 4) : -1;
  const colsBase = compactable ? take(nFeatures * 4) : -1;
  return {
    dataBase,
    wBase,
    qBase,
    targetsBase,
    sampleWeightsBase,
    stateBase,
    etasBase,
    idxBase,
    bitsBase,
    indptrBase,
    orderBase,
    beforeBase,
    colsBase,
    bytes: at,
  };
}

/**
 * Copies the CSR rows into the kernel's memory, or returns null when the JavaScript loops are used:
 * WebAssembly unavailable or disabled, float32 values, or a problem over 256 MiB. `compactable`
 * reserves room for compact()'s tables.
 */
export function wasmSparseRows(rows: SgdRows, withPenalty: boolean, compactable = false): WasmSparseRows | null {
  if (!enabled || rows.indptr === null || !(rows.data instanceof Float64Array)) return null;
  const { nSamples, nFeatures } = rows;
  const nnz = rows.indptr[nSamples]!;
  const layout = layoutOf(nnz, nSamples, nFeatures, withPenalty, compactable);
  if (layout.bytes > MAX_BYTES) return null;
  const kernel = load(layout.bytes);
  if (kernel === null) return null;
  const buffer = kernel.memory.buffer;
  new Float64Array(buffer, layout.dataBase, nnz).set(rows.data.subarray(0, nnz));
  new Int32Array(buffer, layout.idxBase, nnz).set(rows.indices.subarray(0, nnz));
  new Int32Array(buffer, layout.indptrBase, nSamples + 1).set(rows.indptr.subarray(0, nSamples + 1));
  return new WasmSparseRows(kernel, layout, nnz, nSamples, nFeatures);
}
