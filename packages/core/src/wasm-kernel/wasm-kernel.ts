import { EmbeddedModule } from './embedded-module.js';
import { WASM_KERNEL_BASE64 } from './wasm-kernel-bytes.js';

/** The exports of wasm-kernel.wat (addresses are byte offsets into the instance's memory). */
export interface WasmKernel {
  memory: WebAssembly.Memory;
  dot(idx: number, data: number, w: number, start: number, end: number): number;
  add(idx: number, data: number, w: number, start: number, end: number, step: number): void;
  l1(idx: number, w: number, q: number, start: number, end: number, wscale: number, u: number): void;
  mark(idx: number, bits: number, start: number, end: number): void;
  prefix(bits: number, before: number, nWords: number): number;
  select(bits: number, nWords: number, out: number): number;
  rank(idx: number, bits: number, before: number, start: number, end: number): void;
  fold(w: number, n: number, wscale: number): void;
  finite(w: number, n: number): number;
  epoch(
    idx: number,
    data: number,
    w: number,
    q: number,
    ptr: number,
    order: number,
    y: number,
    sw: number,
    from: number,
    n: number,
    state: number,
    loss: number,
    lossParam: number,
    learningRate: number,
    penalty: number,
    alpha: number,
    l1Ratio: number,
    optimalInit: number,
    weightPos: number,
    weightNeg: number,
    interceptDecay: number,
    fitIntercept: number,
    nFeatures: number,
    stopOnNonFinite: number,
    etas: number,
  ): number;
}

const kernelModule = /* @__PURE__ */ new EmbeddedModule(WASM_KERNEL_BASE64);

/**
 * The kernel over a new memory of at least `bytes`, or null where WebAssembly cannot run (a page whose
 * CSP forbids compiling it, an edge runtime without it: for good) or the memory cannot be had (this
 * time): callers then run their JavaScript loops, which give the same values.
 */
export function wasmKernel(bytes: number): WasmKernel | null {
  const made = kernelModule.instance(bytes);
  if (made === null) return null;
  const e = made.exports;
  return {
    memory: made.memory,
    dot: e.dot,
    add: e.add,
    l1: e.l1,
    mark: e.mark,
    prefix: e.prefix,
    select: e.select,
    rank: e.rank,
    fold: e.fold,
    finite: e.finite,
    epoch: e.epoch,
  } as WasmKernel;
}

/** True once compiling failed for good (no WebAssembly here): no later call will succeed. */
export function wasmKernelUnsupported(): boolean {
  return kernelModule.unsupported;
}
