import type { SgdRows } from './plain-sgd.js';

/**
 * SGD's three sparse inner loops, `WeightVector.dot`, `WeightVector.add` and `l1penalty` (the
 * cumulative L1 step of l1 / elasticnet), as a small WebAssembly module. V8 re-checks each typed array (map, bounds, base pointer) inside JavaScript loops, which left
 * the gathers over w about 1.8x slower than the same loop in C; WebAssembly has no such checks. The
 * arithmetic is the same IEEE double operations in the same order (no fused multiply-add in wasm 1.0),
 * so results are bit-identical to the JavaScript loops in plain-sgd.ts.
 *
 * During one `_plain_sgd` call X's stored values and indices are copied into the module's memory and
 * w lives there too (as a Float64Array view, so every other step of the port reads it unchanged; the
 * caller fills it). The memory is as large as the largest problem seen; above 64 MiB it is let go after
 * the call.
 *
 *   (func $dot (param $idx i32) (param $data i32) (param $w i32) (param $start i32) (param $end i32) (result f64)
 *     (local $k i32) (local $s f64)
 *     k = start; loop while k < end: s = s + w[idx[k]] * data[k]; k += 1 ;; return s)
 *   (func $add (param $idx i32) (param $data i32) (param $w i32) (param $start i32) (param $end i32) (param $step f64)
 *     (local $k i32) (local $a i32)
 *     k = start; loop while k < end: a = &w[idx[k]]; *a = *a + data[k] * step; k += 1)
 *   (func $l1 (param $idx i32) (param $w i32) (param $q i32) (param $start i32) (param $end i32) (param $wscale f64) (param $u f64)
 *     for each k: j = idx[k]; z = w[j]; if wscale * z > 0: w[j] = max(0, z - (u + q[j]) / wscale)
 *     elif wscale * z < 0: w[j] = min(0, z + (u - q[j]) / wscale); q[j] = q[j] + wscale * (w[j] - z))
 *   (f64.max / f64.min are JavaScript's Math.max / Math.min: NaN wins, -0 < +0.)
 * Addresses are byte offsets; the bases are the regions below.
 */

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

const I32 = 0x7f;
const F64 = 0x7c;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_SHL = 0x74;
const I32_GE_S = 0x4e;
const I32_LOAD = [0x28, 2, 0];
const F64_LOAD = [0x2b, 3, 0];
const F64_STORE = [0x39, 3, 0];
const F64_MUL = 0xa2;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_DIV = 0xa3;
const F64_MIN = 0xa4;
const F64_MAX = 0xa5;
const F64_LT = 0x63;
const F64_GT = 0x64;
const F64_ZERO = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const IF = [0x04, 0x40];
const ELSE = 0x05;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;

function moduleBytes(): Uint8Array<ArrayBuffer> {
  // parameters 0 idx, 1 data, 2 w, 3 start, 4 end; `k` is local kLocal
  const wAddress = (kLocal: number): number[] => [GET, 2, GET, 0, GET, kLocal, I32_CONST, 2, I32_SHL, I32_ADD, ...I32_LOAD, I32_CONST, 3, I32_SHL, I32_ADD];
  const dataAt = (kLocal: number): number[] => [GET, 1, GET, kLocal, I32_CONST, 3, I32_SHL, I32_ADD, ...F64_LOAD];
  const loop = (kLocal: number, body: number[]): number[] => [
    GET, 3, SET, kLocal, ...BLOCK, ...LOOP, GET, kLocal, GET, 4, I32_GE_S, BR_IF, 1,
    ...body,
    GET, kLocal, I32_CONST, 1, I32_ADD, SET, kLocal, BR, 0, END, END,
  ];
  // dot: locals 5 k, 6 s
  const dot = [...vec([[1, I32], [1, F64]]), ...loop(5, [GET, 6, ...wAddress(5), ...F64_LOAD, ...dataAt(5), F64_MUL, F64_ADD, SET, 6]), GET, 6, END];
  // add: parameter 5 step; locals 6 k, 7 a
  const add = [...vec([[2, I32]]), ...loop(6, [...wAddress(6), TEE, 7, GET, 7, ...F64_LOAD, ...dataAt(6), GET, 5, F64_MUL, F64_ADD, ...F64_STORE]), END];
  // l1 (parameters 0 idx, 1 w, 2 q, 3 start, 4 end, 5 wscale, 6 u): locals 7 k, 8 &w[j], 9 &q[j], 10 z, 11 new w
  const l1Body = [
    GET, 1, GET, 0, GET, 7, I32_CONST, 2, I32_SHL, I32_ADD, ...I32_LOAD, I32_CONST, 3, I32_SHL, I32_ADD, SET, 8,
    GET, 2, GET, 8, GET, 1, I32_SUB, I32_ADD, SET, 9,
    GET, 8, ...F64_LOAD, TEE, 10, SET, 11,
    GET, 5, GET, 10, F64_MUL, ...F64_ZERO, F64_GT, ...IF,
    ...F64_ZERO, GET, 10, GET, 6, GET, 9, ...F64_LOAD, F64_ADD, GET, 5, F64_DIV, F64_SUB, F64_MAX, SET, 11,
    ELSE,
    GET, 5, GET, 10, F64_MUL, ...F64_ZERO, F64_LT, ...IF,
    ...F64_ZERO, GET, 10, GET, 6, GET, 9, ...F64_LOAD, F64_SUB, GET, 5, F64_DIV, F64_ADD, F64_MIN, SET, 11,
    END, END,
    GET, 8, GET, 11, ...F64_STORE,
    GET, 9, GET, 9, ...F64_LOAD, GET, 5, GET, 11, GET, 10, F64_SUB, F64_MUL, F64_ADD, ...F64_STORE,
  ];
  const l1 = [...vec([[3, I32], [2, F64]]), ...loop(7, l1Body), END];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([
      [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([[F64]])],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F64]]), ...vec([])],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F64], [F64]]), ...vec([])],
    ])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(7, vec([[...name('dot'), 0x00, 0], [...name('add'), 0x00, 1], [...name('l1'), 0x00, 2]])),
    ...section(10, vec([vec(dot.map((b) => [b])), vec(add.map((b) => [b])), vec(l1.map((b) => [b]))])),
  ]);
}

type Dot = (idx: number, data: number, w: number, start: number, end: number) => number;
type Add = (idx: number, data: number, w: number, start: number, end: number, step: number) => void;
type L1 = (idx: number, w: number, q: number, start: number, end: number, wscale: number, u: number) => void;

interface Instance {
  memory: WebAssembly.Memory;
  dot: Dot;
  add: Add;
  l1: L1;
}

/**
 * X and w inside the module's memory for one `_plain_sgd` call. A class, not an object literal: V8
 * holds a literal's map only weakly, and when the last such object dies the optimised code that
 * checked for that map (the per-sample loop) is thrown away with it.
 */
export class WasmSparseRows {
  constructor(
    readonly dot: Dot,
    readonly add: Add,
    /** The cumulative L1 penalty step (scikit-learn's l1penalty) over w and q. */
    readonly l1: L1,
    /** Byte offsets of the indices, the values, w and q (q: -1 without an L1 penalty). */
    readonly idxBase: number,
    readonly dataBase: number,
    readonly wBase: number,
    readonly qBase: number,
    /** w during the call, a view into the module's memory: left as the previous call left it. */
    readonly weights: Float64Array,
    /** q of the L1 penalty, a view into the module's memory (null without one): as the previous call left it. */
    readonly cumulativePenalty: Float64Array | null,
  ) {}
}

/** Problems above this stay in JavaScript. */
const MAX_BYTES = 1 << 28;
/** Memory above this is let go after the call (the next call starts a fresh, small one). */
const KEEP_BYTES = 1 << 26;
const PAGE = 65536;
let compiled: WebAssembly.Module | null | undefined;
let instance: Instance | null | undefined;
let enabled = true;

/**
 * The module instantiated over a memory of at least `bytes`. A bigger problem gets a new memory rather
 * than `memory.grow`: growing detaches the old ArrayBuffer, and the first detach anywhere makes V8 add
 * a detached-buffer check to every typed-array access in all optimised code (decisionFunction measured
 * ~25% slower afterwards).
 */
function load(bytes: number): Instance | null {
  if (instance !== undefined && instance !== null && instance.memory.buffer.byteLength >= bytes) return instance;
  if (instance === null) return null;
  instance = undefined;
  try {
    if (compiled === undefined) {
      compiled = null;
      if (typeof WebAssembly === 'object') compiled = new WebAssembly.Module(moduleBytes());
    }
    if (compiled === null) {
      instance = null;
      return null;
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    const exports = new WebAssembly.Instance(compiled, { e: { m: memory } }).exports;
    instance = { memory, dot: exports.dot as Dot, add: exports.add as Add, l1: exports.l1 as L1 };
    return instance;
  } catch {
    // no WebAssembly (a page whose CSP forbids compiling it: null for good) or no room for this memory
    // (undefined: a smaller problem may try again); the JavaScript loops do the same either way
    if (compiled === null) instance = null;
    return null;
  }
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
 * Copies the CSR rows into the module's memory, or returns null when the JavaScript loops are used:
 * WebAssembly unavailable or disabled, float32 values, or a problem over 256 MiB.
 */
export function wasmSparseRows(rows: SgdRows, withPenalty: boolean): WasmSparseRows | null {
  if (!enabled || rows.indptr === null || !(rows.data instanceof Float64Array)) return null;
  const nnz = rows.indptr[rows.nSamples]!;
  const nFeatures = rows.nFeatures;
  const qBytes = withPenalty ? nFeatures * 8 : 0;
  const bytes = nnz * 8 + nFeatures * 8 + qBytes + nnz * 4;
  if (bytes > MAX_BYTES) return null;
  const inst = load(bytes);
  if (inst === null) return null;
  const { memory } = inst;
  // values first (8-byte aligned), then w, then q, then the indices
  const dataBase = 0;
  const wBase = nnz * 8;
  const qBase = withPenalty ? wBase + nFeatures * 8 : -1;
  const idxBase = wBase + nFeatures * 8 + qBytes;
  const buffer = memory.buffer;
  new Float64Array(buffer, dataBase, nnz).set(rows.data.subarray(0, nnz));
  new Int32Array(buffer, idxBase, nnz).set(rows.indices.subarray(0, nnz));
  return new WasmSparseRows(
    inst.dot,
    inst.add,
    inst.l1,
    idxBase,
    dataBase,
    wBase,
    qBase,
    new Float64Array(buffer, wBase, nFeatures),
    withPenalty ? new Float64Array(buffer, qBase, nFeatures) : null,
  );
}
