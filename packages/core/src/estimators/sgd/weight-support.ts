/**
 * The support of a model's weights: the columns where some row of w may be non-zero (or -0), known
 * with w finite everywhere. Fine-tuning a loaded model then trains on those columns and X's stored ones
 * only (plain-sgd.ts's compact w), instead of copying, checking and rescaling all of a hashed model's
 * 2^20 columns on every partialFit. A support may hold more: a column that trained back to zero stays.
 */
import { scanWeightSupport } from '../../wasm-kernel/weight-support-scan.js';

/**
 * Beyond this fraction of the columns, gathering and scattering the support costs about what the
 * dense passes do.
 */
export const SUPPORT_MAX_FRACTION = 0.25;

/**
 * The columns, increasing, where a row of the rows × nFeatures matrix `coef` (row-major) is non-zero
 * or -0 (a zero wscale folds -0 to +0: OpenBLAS dscal stores zeros); null when a value is NaN or
 * ±Infinity (scikit-learn's per-epoch finiteness check then needs all of w) or when they are more than
 * SUPPORT_MAX_FRACTION of the columns. In WebAssembly SIMD where it runs (the pass over all of a
 * hashed model's zeros is most of a fine-tuning call's time), else in weightSupportInJavaScript.
 */
export function weightSupport(coef: Float64Array, rows: number, nFeatures: number): Int32Array | null {
  const limit = Math.floor(nFeatures * SUPPORT_MAX_FRACTION);
  const scanned = scanWeightSupport(coef, rows, nFeatures, limit);
  if (scanned === 'unavailable') return weightSupportInJavaScript(coef, rows, nFeatures);
  return scanned === 'none' ? null : scanned;
}

/** weightSupport's columns, computed in JavaScript (where WebAssembly SIMD cannot run). */
export function weightSupportInJavaScript(coef: Float64Array, rows: number, nFeatures: number): Int32Array | null {
  const limit = Math.floor(nFeatures * SUPPORT_MAX_FRACTION);
  if (rows === 1) {
    const out = new Int32Array(limit + 1);
    const n = supportOfRow(coef, 0, nFeatures, out, limit);
    return n < 0 ? null : out.slice(0, n);
  }
  const seen = new Uint8Array(nFeatures);
  const scratch = new Int32Array(nFeatures);
  for (let k = 0; k < rows; k++) {
    const n = supportOfRow(coef, k * nFeatures, nFeatures, scratch, nFeatures);
    if (n < 0) return null;
    for (let c = 0; c < n; c++) seen[scratch[c]!] = 1;
  }
  let count = 0;
  for (let j = 0; j < nFeatures; j++) count += seen[j]!;
  if (count > limit) return null;
  const out = new Int32Array(count);
  let at = 0;
  for (let j = 0; j < nFeatures; j++) if (seen[j] !== 0) out[at++] = j;
  return out;
}

/** The support of coef[from .. from + n) into `out`, increasing; -1 when a value is not finite or there are over `limit`. */
function supportOfRow(coef: Float64Array, from: number, n: number, out: Int32Array, limit: number): number {
  let count = 0;
  for (let j = 0; j < n; j++) {
    const v = coef[from + j]!;
    if (v === 0 && !Object.is(v, -0)) continue;
    // v - v is 0 exactly when v is finite
    if (v - v !== 0 || count === limit) return -1;
    out[count++] = j;
  }
  return count;
}

/** What an estimator knows of its coef_'s support: valid while `of` is still its training coef_ array. */
export interface KnownSupport {
  of: Float64Array;
  columns: Int32Array;
}

/**
 * What an SGD estimator knows of its coef_'s support. Loaded coefficients (setCoefficients) get theirs
 * at once, while the copy setCoefficients just made is still in cache: a first partialFit would read
 * all of w from memory again.
 */
export class SupportMemo {
  private known: KnownSupport | undefined = undefined;

  /** Freshly installed coefficients, rows × nFeatures (row-major). */
  loaded(coef: Float64Array, rows: number, nFeatures: number): void {
    const columns = weightSupport(coef, rows, nFeatures);
    this.known = columns === null ? undefined : { of: coef, columns };
  }

  /** The known support of `coef` (still the array it was known for), or null. */
  of(coef: Float64Array | undefined): Int32Array | null {
    return this.known !== undefined && this.known.of === coef ? this.known.columns : null;
  }

  /** Replaces what is known (training changes coef_ in place: undefined until it has trained). */
  set(known: KnownSupport | undefined): void {
    this.known = known;
  }
}

/** The support plainSgd reported for `coef` after training, kept when small enough to pay. */
export function supportAfter(
  coef: Float64Array,
  columns: Int32Array | null,
  nFeatures: number,
): KnownSupport | undefined {
  return columns !== null && columns.length <= nFeatures * SUPPORT_MAX_FRACTION ? { of: coef, columns } : undefined;
}
