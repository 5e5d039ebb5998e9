import { WEIGHT_SUPPORT_BASE64 } from './weight-support-bytes.js';
import { EmbeddedModule } from './embedded-module.js';

/** w goes into the kernel's memory a block at a time, this many values (256 KiB: it stays in cache). */
const BLOCK = 1 << 15;
/** A memory above this is not kept after the scan (the next one starts a fresh one). */
const KEEP_BYTES = 1 << 24;

interface SupportKernel {
  memory: WebAssembly.Memory;
  support(w: number, n: number, bits: number): number;
  count(bits: number, nWords: number): number;
  select(bits: number, nWords: number, out: number): number;
}

const supportModule = /* @__PURE__ */ new EmbeddedModule(WEIGHT_SUPPORT_BASE64);
let kept: SupportKernel | null = null;

/**
 * What the SIMD scan found: the columns (increasing) where a row of coef is not +0; 'none' when a value
 * is NaN or ±Infinity or there are more than `limit` columns; 'unavailable' where WebAssembly or its
 * SIMD cannot run or the memory cannot be had (the caller then runs its JavaScript loop, which gives
 * the same columns).
 */
export type ScannedSupport = Int32Array | 'none' | 'unavailable';

/**
 * The support of the rows × nFeatures row-major `coef` in WebAssembly SIMD (weight-support.wat): the
 * union of the rows' columns that are non-zero or -0.
 */
export function scanWeightSupport(coef: Float64Array, rows: number, nFeatures: number, limit: number): ScannedSupport {
  const nWords = Math.ceil(nFeatures / 64);
  const bitsAt = BLOCK * 8;
  const outAt = bitsAt + nWords * 8;
  const k = load(outAt + (limit + 1) * 4);
  if (k === null) return 'unavailable';
  try {
    const values = new Float64Array(k.memory.buffer, 0, BLOCK);
    new Uint8Array(k.memory.buffer, bitsAt, nWords * 8).fill(0);
    for (let r = 0; r < rows; r++) {
      const row = r * nFeatures;
      for (let at = 0; at < nFeatures; at += BLOCK) {
        const n = Math.min(BLOCK, nFeatures - at);
        values.set(coef.subarray(row + at, row + at + n));
        // the kernel takes eight values per step: a row's last few are padded with +0, which sets no bit
        const padded = (n + 7) & ~7;
        values.fill(0, n, padded);
        if (k.support(0, padded, bitsAt + at / 8) !== 0) return 'none';
      }
    }
    if (k.count(bitsAt, nWords) > limit) return 'none';
    const count = k.select(bitsAt, nWords, outAt);
    return new Int32Array(k.memory.buffer, outAt, count).slice();
  } finally {
    if (k.memory.buffer.byteLength > KEEP_BYTES) kept = null;
  }
}

/**
 * The kernel over a memory of at least `bytes`: a bigger need gets a new memory rather than
 * `memory.grow`, which would detach the old buffer (see wasm-kernel/sgd-rows.ts on why that is avoided).
 */
function load(bytes: number): SupportKernel | null {
  if (kept !== null && kept.memory.buffer.byteLength >= bytes) return kept;
  const made = supportModule.instance(bytes);
  if (made === null) return null;
  const e = made.exports;
  kept = {
    memory: made.memory,
    support: e.support as SupportKernel['support'],
    count: e.count as SupportKernel['count'],
    select: e.select as SupportKernel['select'],
  };
  return kept;
}
