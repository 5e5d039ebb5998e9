import { SCALED_DOT_BASE64 } from './scaled-dot-bytes.js';
import { EmbeddedModule } from './embedded-module.js';

/** X goes into the kernel's memory a block of rows at a time, at most this many bytes (it stays in cache). */
const BLOCK_BYTES = 1 << 18;

type ScaledDot = (
  x: number,
  rows: number,
  m: number,
  shift: number,
  divisor: number,
  w: number,
  b: number,
  out: number,
) => void;

const scaledDotModule = /* @__PURE__ */ new EmbeddedModule(SCALED_DOT_BASE64);
let kernel: { memory: WebAssembly.Memory; scaledDot: ScaledDot } | null = null;

/**
 * out[i] = Σ_j ((X[i, j] − shift[j]) / divisor[j]) · w[j] + b for the rows of a row-major (n × m) X, in
 * WebAssembly with SIMD (scaled-dot.wat): bit-identical to StandardScaler's transform followed by
 * a dense decision, without the scaled copy of X. Null where WebAssembly or its SIMD cannot run (the
 * caller then runs the steps).
 */
export function scaledDenseDecision(
  data: Float64Array,
  n: number,
  m: number,
  shift: Float64Array,
  divisor: Float64Array,
  w: Float64Array,
  b: number,
): Float64Array | null {
  const blockRows = Math.max(1, Math.floor(BLOCK_BYTES / (m * 8)));
  const shiftAt = 0;
  const divisorAt = m * 8;
  const wAt = 2 * m * 8;
  const xAt = 3 * m * 8;
  const outAt = xAt + blockRows * m * 8;
  const k = load(outAt + blockRows * 8);
  if (k === null) return null;
  const memory = new Float64Array(k.memory.buffer);
  memory.set(shift, shiftAt / 8);
  memory.set(divisor, divisorAt / 8);
  memory.set(w, wAt / 8);
  const out = new Float64Array(n);
  for (let start = 0; start < n; start += blockRows) {
    const rows = Math.min(blockRows, n - start);
    memory.set(data.subarray(start * m, (start + rows) * m), xAt / 8);
    k.scaledDot(xAt, rows, m, shiftAt, divisorAt, wAt, b, outAt);
    out.set(memory.subarray(outAt / 8, outAt / 8 + rows), start);
  }
  return out;
}

/**
 * The kernel over a memory of at least `bytes`: a bigger need gets a new memory rather than
 * `memory.grow`, which would detach the old buffer (see wasm-kernel/sgd-rows.ts on why that is avoided).
 */
function load(bytes: number): { memory: WebAssembly.Memory; scaledDot: ScaledDot } | null {
  if (kernel !== null && kernel.memory.buffer.byteLength >= bytes) return kernel;
  const made = scaledDotModule.instance(bytes);
  if (made === null) return null;
  kernel = { memory: made.memory, scaledDot: made.exports.scaledDot as ScaledDot };
  return kernel;
}
