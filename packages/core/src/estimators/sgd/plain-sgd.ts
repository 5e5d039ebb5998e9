import { IcepickleError } from '../../errors.js';
import { fma } from '../../math/fma.js';
import { powCR } from '../../math/libm.js';
import { shuffleIndices } from '../../math/random.js';
import { LEARNING_RATE, type LearningRateCode, PENALTY, type PenaltyCode } from './learning-rate.js';
import { LOSS, type LossCode, type LossSpec, lossDerivative, lossValue } from './loss-functions.js';
import { storedColumns as storedColumnsOf } from '../../math/active-columns.js';
import { type WasmSparseRows, releaseWasmMemoryIfLarge, wasmSparseRows } from '../../wasm-kernel/sgd-rows.js';
import { convergenceLine, epochLine, epochReport, timeLine } from './verbose.js';

/**
 * Training rows, dense or CSR, read the same way: row s has `nnz` stored entries, values at
 * `data[dataStart + k]` and columns at `indices[indexStart + k]`. Dense rows use an identity `indices`
 * (every feature is "stored", as scikit-learn's ArrayDataset).
 */
export interface SgdRows {
  data: Float64Array | Float32Array;
  indices: Int32Array;
  /** null for dense, row-major data. */
  indptr: Int32Array | null;
  nSamples: number;
  nFeatures: number;
}

/** Hyper-parameters of one `_plain_sgd` call, already mapped to scikit-learn's codes. */
export interface PlainSgdConfig {
  loss: LossSpec;
  penalty: PenaltyCode;
  alpha: number;
  C: number;
  l1Ratio: number;
  learningRate: LearningRateCode;
  eta0: number;
  powerT: number;
  fitIntercept: boolean;
  maxIter: number;
  /** -Infinity for scikit-learn's tol=None. */
  tol: number;
  nIterNoChange: number;
  /** 0: no averaging; k: average from the k-th update on (True is 1). */
  average: number;
  earlyStopping: boolean;
}

export interface PlainSgdState {
  /** Updated in place (may be a row view into a K×n matrix). */
  weights: Float64Array;
  intercept: number;
  /** Updated in place when averaging; null otherwise. */
  averageWeights: Float64Array | null;
  averageIntercept: number;
  /**
   * In: the columns, increasing, where `weights` may be non-zero, all of `weights` being finite
   * (weight-support.ts), or null when unknown. Out: the same after the call, or null when unknown (averaging, early
   * stopping, an error, a dense X).
   */
  support?: Int32Array | null;
}

export interface PlainSgdData {
  rows: SgdRows;
  y: Float64Array;
  sampleWeight: Float64Array;
  weightPos: number;
  weightNeg: number;
  /** t_ at the start of the call (scikit-learn's `t`). */
  t: number;
  /** 1.0 for dense X, 0.01 for sparse X (scikit-learn's SPARSE_INTERCEPT_DECAY). */
  interceptDecay: number;
  /** 1 on rows held out for early stopping (skipped by training), or null. */
  validationMask: Uint8Array | null;
  /** Called after each epoch when early stopping, with the *unscaled* weights, as scikit-learn. */
  validationScore: ((weights: Float64Array, intercept: number) => number) | null;
  /** The seed of `SequentialDataset.shuffle`, or null for no shuffling. */
  shuffleSeed: number | null;
  /**
   * When X's values were not scanned upfront: throws INVALID_INPUT if X holds a NaN/Inf. Called once,
   * at the first non-finite prediction (which such a value always causes); null when X is known finite.
   */
  checkValues?: (() => void) | null;
  /**
   * True when `state.weights` is all zeros at the start (a fresh model). With CSR rows, w then stays 0
   * outside X's stored columns, so the finiteness checks and the final scale visit those columns only.
   */
  weightsStartZero?: boolean;
  /** verbose > 0: receives scikit-learn's per-epoch lines (sgd/verbose.ts); null or absent for silence. */
  log?: ((line: string) => void) | null;
  /** Called after each finished epoch with the number of epochs run so far (progress; never per sample). */
  onEpoch?: ((epochs: number) => void) | null;
  /** One-vs-rest: the classes' calls share one copy of X in WebAssembly memory (made by the first). */
  sharedKernelRows?: { rows?: WasmSparseRows | null };
}

const MAX_DLOSS = 1e12;
const WSCALE_THRESHOLD = 1e-9;

/**
 * A line-by-line port of scikit-learn 1.2.1's `_plain_sgd` (sklearn/linear_model/_sgd_fast.pyx) with its
 * `WeightVector` (sklearn/utils/_weight_vector.pyx) inlined: the weights are stored as `wscale * w`,
 * so the L2 shrink is O(1) per sample and every per-sample loop runs over the stored entries of x only.
 * The order of floating-point operations is scikit-learn's, so results are bit-identical (see
 * packages/test-utils/fixtures/sklearn/README.md section 3 and packages/test-utils/fixtures/sklearn/reference/sgd_reference.py).
 *
 * Mutates `state` in place and returns the number of epochs run (scikit-learn's n_iter_).
 */
export function plainSgd(state: PlainSgdState, cfg: PlainSgdConfig, run: PlainSgdData): number {
  const sparse = run.rows.indptr !== null;
  // Only the columns stored in X are ever written here (a wscale fold keeps finite values finite and
  // zeros zero), so a w that starts at zero is zero everywhere else, always.
  const onlyStoredColumns = sparse && run.weightsStartZero === true;
  const plainRun = state.averageWeights === null && run.validationScore === null;
  // a loaded model whose support is known is zero, always, outside it and X's stored columns
  const support = sparse && plainRun && !onlyStoredColumns ? (state.support ?? null) : null;
  state.support = null;
  // Sparse rows train in WebAssembly (where it can run), on a compact w (WasmSparseRows.compact) for a
  // fresh model without averaging or early stopping (worth its one pass over X's indices from the
  // second epoch on) and for a loaded model of known support. Otherwise all of w is copied there and
  // back: that costs less than the passes over all of w that the call makes anyway (the first epoch's
  // finiteness check, the final fold of wscale), which run there too.
  const compactable = plainRun && (onlyStoredColumns ? cfg.maxIter >= 2 : support !== null);
  const rows = sparse ? kernelRows(run, cfg, compactable) : null;
  const columns = rows !== null ? (): Int32Array => rows.storedColumns() : (): Int32Array => storedColumns(run.rows);
  const touched = onlyStoredColumns ? columns() : undefined;
  // the classes of a one-vs-rest fit share the rows, and all of them can compact or none
  if (rows !== null && compactable && rows.compactable) rows.compact(support);
  const compact = rows?.compacted === true;
  if (compact && !compactable) throw new Error('internal: compacted SGD rows reused for a call that cannot use them');
  // a loaded model's compact w goes into state.weights at the end only; the other loaded paths train
  // it in place, so X's values are checked first there (scikit-learn validates X before training)
  const loadedCompact = compact && support !== null;
  if (!onlyStoredColumns && !loadedCompact) run.checkValues?.();
  if (rows === null) {
    const epochs = train(state, cfg, run, state.weights, null, touched, columns, false);
    state.support = touched ?? null;
    return epochs;
  }
  // the columns of w that can be non-zero (X's stored ones, and a loaded model's support): the compact
  // w holds these only, a full-width w is read and written there only
  const live = compact ? rows.compactColumns! : touched;
  const w = compact ? rows.weights.subarray(0, live!.length) : rows.weights;
  if (loadedCompact) gather(w, state.weights, live!);
  else if (!onlyStoredColumns) w.set(state.weights);
  else if (compact || state.averageWeights !== null)
    w.fill(0); // averaging folds every column of w into aw
  else zeroAt(w, touched!);
  // w goes back into state.weights also when training throws (state then is what the JavaScript
  // loops would have left, as scikit-learn's in-place update), unless X's values were refused: a
  // loaded model's state.weights then stays as it was, as scikit-learn's, which checks X first
  let refused = false;
  const checkValues =
    loadedCompact && run.checkValues
      ? (): void => {
          refused = true;
          run.checkValues!();
          refused = false;
        }
      : (run.checkValues ?? null);
  try {
    const epochs = train(state, cfg, run, w, rows, compact ? undefined : live, columns, compact, checkValues);
    state.support = live ?? null;
    return epochs;
  } finally {
    if (compact) {
      if (!refused) scatter(state.weights, w, live!);
    } else if (live !== undefined) copyAt(state.weights, w, live);
    else state.weights.set(w);
    releaseWasmMemoryIfLarge();
  }
}

/** X in the kernel's memory (one copy shared by the classes of a one-vs-rest fit), or null for the JavaScript loops. */
function kernelRows(run: PlainSgdData, cfg: PlainSgdConfig, compactable: boolean): WasmSparseRows | null {
  const shared = run.sharedKernelRows;
  if (shared?.rows !== undefined) return shared.rows;
  const useL1 = cfg.penalty === PENALTY.l1 || cfg.penalty === PENALTY.elasticnet;
  const rows = wasmSparseRows(run.rows, useL1, compactable);
  if (shared !== undefined) shared.rows = rows;
  return rows;
}

// Loops over columns live in small functions of their own, here and in train: V8 compiles a hot loop
// on stack replacement, and code after such a loop that had not run yet then deoptimises on every call.

/** The first n values of q zeroed (at `columns` only, when given: no other is read). */
function zeroed(q: Float64Array, n: number, columns: Int32Array | undefined): Float64Array {
  if (columns === undefined) return q.subarray(0, n).fill(0);
  zeroAt(q, columns);
  return q;
}

function zeroAt(w: Float64Array, columns: Int32Array): void {
  for (let c = 0; c < columns.length; c++) w[columns[c]!] = 0;
}

/**
 * A compact w from the real columns: to[r] = from[columns[r]]. A loaded model's w is mostly out of
 * cache: eight loads issued before their stores keep more misses in flight than one at a time.
 */
function gather(to: Float64Array, from: Float64Array, columns: Int32Array): void {
  const n = columns.length;
  const m = n - (n % 8);
  let r = 0;
  for (; r < m; r += 8) {
    const a = from[columns[r]!]!;
    const b = from[columns[r + 1]!]!;
    const c = from[columns[r + 2]!]!;
    const d = from[columns[r + 3]!]!;
    const e = from[columns[r + 4]!]!;
    const f = from[columns[r + 5]!]!;
    const g = from[columns[r + 6]!]!;
    const h = from[columns[r + 7]!]!;
    to[r] = a;
    to[r + 1] = b;
    to[r + 2] = c;
    to[r + 3] = d;
    to[r + 4] = e;
    to[r + 5] = f;
    to[r + 6] = g;
    to[r + 7] = h;
  }
  for (; r < n; r++) to[r] = from[columns[r]!]!;
}

/** A compact w back to the real columns: to[columns[r]] = from[r]. */
function scatter(to: Float64Array, from: Float64Array, columns: Int32Array): void {
  for (let r = 0; r < columns.length; r++) to[columns[r]!] = from[r]!;
}

function copyAt(to: Float64Array, from: Float64Array, columns: Int32Array): void {
  for (let c = 0; c < columns.length; c++) to[columns[c]!] = from[columns[c]!]!;
}

function finiteAt(w: Float64Array, columns: Int32Array): boolean {
  for (let c = 0; c < columns.length; c++) if (!Number.isFinite(w[columns[c]!]!)) return false;
  return true;
}

function train(
  state: PlainSgdState,
  cfg: PlainSgdConfig,
  run: PlainSgdData,
  w: Float64Array,
  wasm: WasmSparseRows | null,
  stored: Int32Array | undefined,
  storedColumns: () => Int32Array,
  /** w holds X's stored columns only (WasmSparseRows.compact): every check looks at all of it. */
  compact: boolean,
  checkValues: (() => void) | null = run.checkValues ?? null,
): number {
  const k = new SgdKernel(state, cfg, run, w, wasm, checkValues, stored);
  const epochKernel = wasm !== null && epochKernelRuns(cfg, run) ? wasm : null;
  if (epochKernel !== null) {
    epochKernel.targets.set(run.y);
    epochKernel.sampleWeights.set(run.sampleWeight);
    epochKernel.order.set(k.order);
  }
  const { maxIter, tol, nIterNoChange, earlyStopping, learningRate } = cfg;
  const { validationScore, shuffleSeed } = run;
  const nSamples = run.rows.nSamples;
  let noImprovement = 0;
  let bestLoss = Infinity;
  let bestScore = -Infinity;
  let epoch = 0;
  const sparse = run.rows.indptr !== null;
  const onlyStoredColumns = stored !== undefined;
  let touched = stored;
  const log = run.log ?? null;
  const onEpoch = run.onEpoch ?? null;
  const started = log !== null ? Date.now() : 0;
  for (epoch = 0; epoch < maxIter; epoch++) {
    if (log !== null) log(epochLine(epoch + 1));
    if (shuffleSeed !== null) {
      shuffleIndices(k.order, shuffleSeed);
      epochKernel?.order.set(k.order);
    }
    const sumloss = epochKernel !== null ? runEpochWasm(k, epochKernel) : runEpoch(k);
    // every row has been predicted once: X is finite
    if (run.validationMask === null) k.checkValues = null;
    // w outside X's stored columns is zero but may be stale in shared WebAssembly memory: read those only
    if (log !== null) reportEpoch(log, k, compact ? undefined : stored, epoch, run.validationMask, sumloss, started);

    // floating-point under-/overflow check (scikit-learn scans all of w after every epoch). After a full
    // scan at the end of the first epoch (none for a w that started at zero), later epochs need to look
    // at the columns stored in X only.
    let finite = Number.isFinite(k.intercept);
    if (finite) {
      if (compact || !sparse || (epoch === 0 && !onlyStoredColumns))
        finite = wasm !== null ? wasm.weightsFinite(w.length) : allFinite(w);
      else {
        touched ??= storedColumns();
        finite = finiteAt(w, touched);
      }
    }
    if (!finite) {
      throw new IcepickleError('INVALID_INPUT', {
        detail: `Floating-point under-/overflow occurred at epoch #${epoch + 1}. Scaling input data with StandardScaler or MinMaxScaler might help.`,
      });
    }

    if (earlyStopping) {
      const score = validationScore!(w, k.intercept);
      if (tol > -Infinity && score < bestScore + tol) noImprovement += 1;
      else noImprovement = 0;
      if (score > bestScore) bestScore = score;
    } else {
      // compared before testing tol, so that fit with tol None and partialFit with a tol run the same
      // code (an operation first met in a later call deoptimises this function)
      const worse = sumloss > bestLoss - tol * nSamples;
      if (tol > -Infinity && worse) noImprovement += 1;
      else noImprovement = 0;
      if (sumloss < bestLoss) bestLoss = sumloss;
    }
    if (onEpoch !== null) onEpoch(epoch + 1);
    if (noImprovement >= nIterNoChange) {
      if (learningRate === LEARNING_RATE.adaptive && k.eta > 1e-6) {
        k.eta = k.eta / 5;
        noImprovement = 0;
      } else {
        if (log !== null) log(convergenceLine(epoch + 1, (Date.now() - started) / 1000));
        break;
      }
    }
  }
  if (epoch === maxIter) epoch = maxIter - 1;

  finish(k, state, onlyStoredColumns ? touched! : null);
  return epoch + 1;
}

/** _plain_sgd's "report epoch information": ‖w‖ (WeightVector.norm), non-zeros of w, the intercept, samples seen. */
function reportEpoch(
  log: (line: string) => void,
  k: SgdKernel,
  columns: Int32Array | undefined,
  epoch: number,
  validationMask: Uint8Array | null,
  sumloss: number,
  started: number,
): void {
  const w = k.w;
  let sq = 0;
  let nnz = 0;
  const n = columns === undefined ? w.length : columns.length;
  for (let c = 0; c < n; c++) {
    const v = w[columns === undefined ? c : columns[c]!]!;
    sq += v * v;
    if (v !== 0) nnz++;
  }
  let trainCount = k.order.length;
  if (validationMask !== null) for (const m of validationMask) if (m !== 0) trainCount--;
  const norm = Math.sqrt(sq) * Math.abs(k.wscale);
  log(epochReport(norm, nnz, k.intercept, (epoch + 1) * trainCount, sumloss / trainCount));
  log(timeLine((Date.now() - started) / 1000));
}

/**
 * WeightVector.reset_wscale at the end of the call, and the intercepts back into `state`. Its own
 * function: code after plainSgd's epoch loop has no type feedback when V8 compiles the loop on stack
 * replacement, and a later call would deoptimise there on every call.
 */
function finish(k: SgdKernel, state: PlainSgdState, storedColumns: Int32Array | null): void {
  if (storedColumns !== null && k.aw === null) foldScaleAt(k.w, storedColumns, k.wscale);
  else foldScale(k.w, k.aw, k.wscale, k.averageA, k.averageB, k.wasm);
  state.intercept = k.intercept;
  state.averageIntercept = k.averageIntercept;
}

/** Everything one epoch reads, and the scalars it carries from sample to sample (one monomorphic shape). */
class SgdKernel {
  readonly w: Float64Array;
  /** X and w in WebAssembly memory (sparse dot / add there), or null for the JavaScript loops. */
  readonly wasm: WasmSparseRows | null;
  readonly aw: Float64Array | null;
  readonly q: Float64Array | null;
  readonly data: Values;
  readonly indices: Int32Array;
  readonly indptr: Int32Array | null;
  readonly nFeatures: number;
  readonly order: Int32Array;
  readonly y: Float64Array;
  readonly sampleWeight: Float64Array;
  readonly validationMask: Uint8Array | null;
  readonly weightPos: number;
  readonly weightNeg: number;
  readonly interceptDecay: number;
  readonly lossCode: LossCode;
  readonly lossParam: number;
  readonly isHinge: boolean;
  readonly penalty: PenaltyCode;
  readonly alpha: number;
  readonly C: number;
  readonly l1Ratio: number;
  readonly learningRate: LearningRateCode;
  readonly eta0: number;
  readonly powerT: number;
  readonly optimalInit: number;
  readonly average: number;
  /**
   * Whether the epoch sums the loss: scikit-learn sums it without early stopping, but a single epoch
   * (partialFit) reads the sum only for verbose output (its tol test against best_loss = inf cannot
   * fail), and log_loss's correctly rounded log is a good part of a fine-tuning call.
   */
  readonly sumsLoss: boolean;
  readonly fitIntercept: boolean;
  // carried state
  checkValues: (() => void) | null;
  t: number;
  eta: number;
  intercept: number;
  averageIntercept: number;
  wscale = 1.0;
  averageA = 0.0;
  averageB = 1.0;
  u = 0.0;

  constructor(
    state: PlainSgdState,
    cfg: PlainSgdConfig,
    run: PlainSgdData,
    w: Float64Array,
    wasm: WasmSparseRows | null,
    checkValues: (() => void) | null,
    /** The only columns of w training reads (the rest stale), or undefined for all of w. */
    live: Int32Array | undefined,
  ) {
    const { rows } = run;
    this.w = w;
    this.wasm = wasm;
    this.aw = state.averageWeights;
    this.data = rows.data;
    this.indices = rows.indices;
    this.indptr = rows.indptr;
    this.nFeatures = rows.nFeatures;
    this.order = new Int32Array(rows.nSamples);
    for (let i = 0; i < rows.nSamples; i++) this.order[i] = i;
    this.y = run.y;
    this.sampleWeight = run.sampleWeight;
    this.validationMask = run.validationMask;
    this.weightPos = run.weightPos;
    this.weightNeg = run.weightNeg;
    this.interceptDecay = run.interceptDecay;
    this.lossCode = cfg.loss.code;
    this.lossParam = cfg.loss.param;
    this.isHinge = cfg.loss.isHinge;
    this.penalty = cfg.penalty;
    this.alpha = cfg.alpha;
    this.C = cfg.C;
    this.learningRate = cfg.learningRate;
    this.eta0 = cfg.eta0;
    this.powerT = cfg.powerT;
    this.average = cfg.average;
    this.sumsLoss = !cfg.earlyStopping && (cfg.maxIter > 1 || (run.log ?? null) !== null);
    this.fitIntercept = cfg.fitIntercept;
    const useL1 = cfg.penalty === PENALTY.l1 || cfg.penalty === PENALTY.elasticnet;
    // the cumulative L1 penalty (Tsuruoka et al.) restarts in every call, as scikit-learn's
    this.q = !useL1
      ? null
      : wasm?.cumulativePenalty
        ? zeroed(wasm.cumulativePenalty, w.length, live)
        : new Float64Array(rows.nFeatures);
    this.l1Ratio = cfg.penalty === PENALTY.l2 ? 0.0 : cfg.penalty === PENALTY.l1 ? 1.0 : cfg.l1Ratio;
    let optimalInit = 0.0;
    if (cfg.learningRate === LEARNING_RATE.optimal) {
      const typw = Math.sqrt(1.0 / Math.sqrt(cfg.alpha));
      const initialEta0 = typw / Math.max(1.0, lossDerivative(cfg.loss.code, cfg.loss.param, -typw, 1.0));
      optimalInit = 1.0 / (initialEta0 * cfg.alpha);
    }
    this.optimalInit = optimalInit;
    this.t = run.t;
    this.eta = cfg.eta0;
    this.intercept = state.intercept;
    this.averageIntercept = state.averageIntercept;
    this.checkValues = checkValues;
  }
}

/**
 * Whether a whole epoch can run in WebAssembly (wasm-kernel.wat's `epoch`): no averaging, not
 * passive-aggressive, no early stopping and no exp/log in the loss (log_loss). The rest runs runEpoch,
 * which also keeps every setting's reference code.
 */
function epochKernelRuns(cfg: PlainSgdConfig, run: PlainSgdData): boolean {
  const lr = cfg.learningRate;
  return (
    cfg.average === 0 &&
    !cfg.earlyStopping &&
    run.validationMask === null &&
    cfg.loss.code !== LOSS.log &&
    lr !== LEARNING_RATE.pa1 &&
    lr !== LEARNING_RATE.pa2
  );
}

/**
 * runEpoch in WebAssembly, for the settings epochKernelRuns accepts: the same operations in the same
 * order, without the JavaScript per-sample work (typed-array checks, two calls into WebAssembly).
 */
function runEpochWasm(k: SgdKernel, r: WasmSparseRows): number {
  // r.order holds k.order (train copies it after every shuffle)
  const n = k.order.length;
  if (k.learningRate === LEARNING_RATE.invscaling) {
    // runEpoch's eta0 / pow(t, power_t) for each t of this epoch (t grows by one per sample)
    const etas = r.etas;
    for (let i = 0; i < n; i++) etas[i] = k.eta0 / powCR(k.t + i, k.powerT);
  }
  const st = r.state;
  st[0] = k.t;
  st[1] = k.eta;
  st[2] = k.intercept;
  st[3] = k.wscale;
  st[4] = k.u;
  st[5] = 0;
  const a = r.at;
  let from = 0;
  for (;;) {
    from = r.epoch(
      a.idxBase,
      a.dataBase,
      a.wBase,
      a.qBase,
      a.indptrBase,
      a.orderBase,
      a.targetsBase,
      a.sampleWeightsBase,
      from,
      n,
      a.stateBase,
      k.lossCode,
      k.lossParam,
      k.learningRate,
      k.penalty,
      k.alpha,
      k.l1Ratio,
      k.optimalInit,
      k.weightPos,
      k.weightNeg,
      k.interceptDecay,
      k.fitIntercept ? 1 : 0,
      k.w.length,
      k.checkValues !== null ? 1 : 0,
      a.etasBase,
    );
    if (from >= n) break;
    // a non-finite prediction at sample `from` (not yet processed): X's values were not scanned
    // upfront, so check them now (throws on NaN/Inf), then go on from there
    k.checkValues!();
    k.checkValues = null;
  }
  k.t = st[0]!;
  k.eta = st[1]!;
  k.intercept = st[2]!;
  k.wscale = st[3]!;
  k.u = st[4]!;
  return st[5]!;
}

/** One pass over the samples in `k.order`; returns the summed (unweighted) loss. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: hot loop, kept whole like scikit-learn's _plain_sgd
function runEpoch(k: SgdKernel): number {
  const {
    w,
    aw,
    q,
    data,
    indices,
    indptr,
    nFeatures,
    order,
    y,
    sampleWeight,
    validationMask,
    weightPos,
    weightNeg,
    interceptDecay,
  } = k;
  const {
    lossCode,
    lossParam,
    isHinge,
    penalty,
    alpha,
    C,
    l1Ratio,
    learningRate,
    eta0,
    powerT,
    optimalInit,
    average,
    sumsLoss,
    fitIntercept,
  } = k;
  const nSamples = order.length;
  const useL1 = q !== null;
  const wasm = k.wasm;
  // the kernel's byte offsets, read once rather than per sample
  const idxBase = wasm?.at.idxBase ?? 0;
  const dataBase = wasm?.at.dataBase ?? 0;
  const wBase = wasm?.at.wBase ?? 0;
  const qBase = wasm?.at.qBase ?? -1;
  let { t, eta, intercept, averageIntercept, wscale, averageA, averageB, u, checkValues } = k;
  let sumloss = 0.0;
  for (let i = 0; i < nSamples; i++) {
    const s = order[i]!;
    if (validationMask !== null && validationMask[s] !== 0) continue;
    let dataStart: number;
    let indexStart: number;
    let nnz: number;
    if (indptr !== null) {
      dataStart = indptr[s]!;
      indexStart = dataStart;
      nnz = indptr[s + 1]! - dataStart;
    } else {
      dataStart = s * nFeatures;
      indexStart = 0;
      nnz = nFeatures;
    }
    const yi = y[s]!;
    const sw = sampleWeight[s]!;

    const p =
      (wasm !== null
        ? wasm.dot(idxBase, dataBase, wBase, dataStart, dataStart + nnz)
        : indptr !== null
          ? dotSparse(w, indices, data, dataStart, dataStart + nnz)
          : dotDense(w, data, dataStart, nnz)) *
        wscale +
      intercept;
    if (checkValues !== null && !Number.isFinite(p)) {
      // X's values were not scanned upfront: a NaN/Inf in this row, or w overflowed (then X is finite
      // and the epoch's own check reports it)
      checkValues();
      checkValues = null;
    }

    if (learningRate === LEARNING_RATE.optimal) eta = 1.0 / (alpha * (optimalInit + t - 1));
    else if (learningRate === LEARNING_RATE.invscaling) eta = eta0 / powCR(t, powerT);

    // summed also when tol is None (unread then): the summing and the skipping calls then run the same code
    if (sumsLoss) sumloss += lossValue(lossCode, lossParam, p, yi);
    const classWeight = yi > 0.0 ? weightPos : weightNeg;

    let update: number;
    if (learningRate === LEARNING_RATE.pa1) {
      const sq = sqNorm(data, dataStart, nnz);
      // a zero-norm sample is skipped entirely: no update, no averaging, no t += 1
      if (sq === 0) continue;
      update = Math.min(C, lossValue(lossCode, lossParam, p, yi) / sq);
    } else if (learningRate === LEARNING_RATE.pa2) {
      update = lossValue(lossCode, lossParam, p, yi) / (sqNorm(data, dataStart, nnz) + 0.5 / C);
    } else {
      let dloss = lossDerivative(lossCode, lossParam, p, yi);
      if (dloss < -MAX_DLOSS) dloss = -MAX_DLOSS;
      else if (dloss > MAX_DLOSS) dloss = MAX_DLOSS;
      update = -eta * dloss;
    }
    if (learningRate >= LEARNING_RATE.pa1) {
      if (isHinge) update *= yi;
      else if (yi - p < 0) update *= -1;
    }
    update *= classWeight * sw;

    if (penalty >= PENALTY.l2) {
      // never scale to negative values when eta or alpha are too big: zero the weights instead
      wscale *= Math.max(0, 1.0 - (1.0 - l1Ratio) * eta * alpha);
      if (wscale < WSCALE_THRESHOLD) {
        foldScale(w, aw, wscale, averageA, averageB, wasm);
        wscale = 1.0;
        averageA = 0.0;
        averageB = 1.0;
      }
    }
    if (update !== 0.0) {
      if (wasm !== null) wasm.add(idxBase, dataBase, wBase, dataStart, dataStart + nnz, update / wscale);
      else if (indptr !== null) addSparse(w, indices, data, dataStart, dataStart + nnz, update / wscale);
      else addDense(w, data, dataStart, nnz, update / wscale);
      if (fitIntercept) intercept += update * interceptDecay;
    }

    if (average > 0 && average <= t) {
      // WeightVector.add_average, done whether or not the update is 0
      const numIter = t - average + 1;
      const mu = 1.0 / numIter;
      addAverageRow(aw!, indices, data, indexStart, dataStart, nnz, averageA, -update / wscale);
      if (numIter > 1) averageB /= 1.0 - mu;
      averageA += mu * averageB * wscale;
      averageIntercept += (intercept - averageIntercept) / numIter;
    }

    if (useL1) {
      u += l1Ratio * eta * alpha;
      if (wasm !== null && qBase >= 0) wasm.l1(idxBase, wBase, qBase, indexStart, indexStart + nnz, wscale, u);
      else l1Penalty(w, q!, indices, indexStart, nnz, wscale, u);
    }
    t += 1;
  }
  k.t = t;
  k.eta = eta;
  k.intercept = intercept;
  k.averageIntercept = averageIntercept;
  k.wscale = wscale;
  k.averageA = averageA;
  k.averageB = averageB;
  k.u = u;
  k.checkValues = checkValues;
  return sumloss;
}

/**
 * WeightVector.reset_wscale: folds the lazy average into `aw` (OpenBLAS daxpy, which uses a fused
 * multiply-add per element and is a no-op for a == 0; then dscal by 1/b) and the scale into `w` (dscal,
 * which stores zeros for a zero factor instead of multiplying).
 */
function foldScale(
  w: Float64Array,
  aw: Float64Array | null,
  wscale: number,
  averageA: number,
  averageB: number,
  wasm: WasmSparseRows | null,
): void {
  const n = w.length;
  if (aw !== null) {
    if (averageA !== 0) {
      for (let j = 0; j < n; j++) {
        const wj = w[j]!;
        // a * 0 is exact, so the plain sum is the fused one there (and most of a hashed model is 0)
        aw[j] = wj === 0 ? aw[j]! + averageA * wj : fma(averageA, wj, aw[j]!);
      }
    }
    const inv = 1.0 / averageB;
    for (let j = 0; j < n; j++) aw[j] = aw[j]! * inv;
  }
  if (wscale === 1) return;
  // w in WebAssembly memory: the same step there (wasm-kernel.wat's fold)
  if (wasm !== null) wasm.scaleWeights(n, wscale);
  else if (wscale === 0) w.fill(0);
  else {
    // zeros stay zeros (wscale > 0): skipping them keeps never-written pages of a huge w untouched
    for (let j = 0; j < n; j++) {
      const v = w[j]!;
      if (v !== 0) w[j] = v * wscale;
    }
  }
}

/** foldScale without averaging, for a w that is zero outside `columns` (the same values, fewer visits). */
function foldScaleAt(w: Float64Array, columns: Int32Array, wscale: number): void {
  if (wscale === 0) {
    for (let c = 0; c < columns.length; c++) w[columns[c]!] = 0;
  } else if (wscale !== 1) {
    for (let c = 0; c < columns.length; c++) {
      const j = columns[c]!;
      const v = w[j]!;
      if (v !== 0) w[j] = v * wscale;
    }
  }
}

// The per-sample kernels, kept small so V8 optimises them early and in isolation.
type Values = Float64Array | Float32Array;

/**
 * WeightVector.dot without the final * wscale: sum of w[j] * x_j over the stored entries, in order.
 * (The JavaScript loops run where WebAssembly cannot; elsewhere wasm-kernel.wat does this.)
 */
function dotSparse(w: Float64Array, indices: Int32Array, data: Values, start: number, end: number): number {
  let dot = 0.0;
  for (let k = start; k < end; k++) dot += w[indices[k]!]! * data[k]!;
  return dot;
}

function dotDense(w: Float64Array, data: Values, start: number, n: number): number {
  let dot = 0.0;
  for (let j = 0; j < n; j++) dot += w[j]! * data[start + j]!;
  return dot;
}

function sqNorm(data: Values, dataStart: number, nnz: number): number {
  let sq = 0.0;
  for (let k = 0; k < nnz; k++) {
    const z = data[dataStart + k]!;
    sq += z * z;
  }
  return sq;
}

/** WeightVector.add: w += x * (c / wscale), with step = c / wscale computed once as scikit-learn's. */
function addSparse(w: Float64Array, indices: Int32Array, data: Values, start: number, end: number, step: number): void {
  for (let k = start; k < end; k++) {
    const j = indices[k]!;
    w[j] = w[j]! + data[k]! * step;
  }
}

function addDense(w: Float64Array, data: Values, start: number, n: number, step: number): void {
  for (let j = 0; j < n; j++) w[j] = w[j]! + data[start + j]! * step;
}

/** WeightVector.add_average's loop: aw += a * x * (-c / wscale). */
function addAverageRow(
  aw: Float64Array,
  indices: Int32Array,
  data: Values,
  indexStart: number,
  dataStart: number,
  nnz: number,
  a: number,
  k0: number,
): void {
  for (let k = 0; k < nnz; k++) {
    const j = indices[indexStart + k]!;
    aw[j] = aw[j]! + a * data[dataStart + k]! * k0;
  }
}

/** The cumulative L1 penalty (Tsuruoka et al. 2009) over the stored entries of x. */
function l1Penalty(
  w: Float64Array,
  q: Float64Array,
  indices: Int32Array,
  indexStart: number,
  nnz: number,
  wscale: number,
  u: number,
): void {
  for (let k = 0; k < nnz; k++) {
    const j = indices[indexStart + k]!;
    const z = w[j]!;
    if (wscale * z > 0.0) w[j] = Math.max(0.0, w[j]! - (u + q[j]!) / wscale);
    else if (wscale * z < 0.0) w[j] = Math.min(0.0, w[j]! + (u - q[j]!) / wscale);
    q[j] = q[j]! + wscale * (w[j]! - z);
  }
}

/** X's stored columns, for the JavaScript loops (WasmSparseRows.storedColumns does the same in WebAssembly). */
function storedColumns(rows: SgdRows): Int32Array {
  return storedColumnsOf(rows.indices, rows.indptr![rows.nSamples]!, rows.nFeatures);
}

/** No NaN or ±Infinity in w: x * 0 is 0 for finite x and NaN otherwise, so one branch-free pass. */
export function allFinite(w: Values): boolean {
  // four independent sums, so the pass runs at load throughput rather than add latency
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const n = w.length;
  const m = n - (n % 4);
  let j = 0;
  for (; j < m; j += 4) {
    a += w[j]! * 0;
    b += w[j + 1]! * 0;
    c += w[j + 2]! * 0;
    d += w[j + 3]! * 0;
  }
  for (; j < n; j++) a += w[j]! * 0;
  return a + b + c + d === 0;
}
