import { IcepickleError } from '../errors.js';
import type { LinearCoefficients } from '../estimators/linear-model.js';
import type { AttrValue, DatasetToWrite } from '../storage/types.js';
import { DATASET } from './keys.js';

/**
 * How `coef` is stored. Every layout but 'sparse' is the same logical `coef` dataset to h5py and Python
 * icepickle; 'sparse' replaces it with a CSR triple under `coef_csr/` whose `indices` are delta-coded
 * within each row (attribute `encoding: "row-delta"`: the first index of a row as is, then differences;
 * np.cumsum per row restores them — small numbers compress about twice as well). Read it in Python with
 * python/icepickle_reader.py.
 */
export type CoefLayout =
  /** As Python writes it: one contiguous block, row-major. */
  | 'contiguous'
  /** Chunks of shape (n_rows, k): one feature's coefficients are one small read (lazy prediction). */
  | 'column-chunked'
  /** Contiguous float32: half the size; values are rounded to float32 (predictions change slightly). */
  | 'float32'
  /** Chunked with deflate (+ shuffle when most values are non-zero): small for mostly-zero coefficients, still a plain `coef`. */
  | 'gzip'
  /** CSR of the coefficient matrix: for L1-trained, mostly-zero models. */
  | 'sparse';

/** Every {@link CoefLayout}. */
export const coefLayouts: readonly CoefLayout[] = ['contiguous', 'column-chunked', 'float32', 'gzip', 'sparse'];

/** How `coef` is stored when saving: its layout, chunk size, compression. */
export interface LayoutOptions {
  /**
   * How `coef` is stored (see {@link CoefLayout}).
   * @defaultValue 'contiguous'
   */
  layout?: CoefLayout;
  /**
   * Target bytes per chunk for 'column-chunked' and 'gzip'.
   * @defaultValue 16 * 1024 for 'column-chunked', 256 * 1024 for 'gzip'
   */
  chunkBytes?: number;
  /**
   * Deflate level for 'gzip' and 'sparse'.
   * @defaultValue 4
   */
  gzipLevel?: number;
  /**
   * Byte-shuffle before deflate. For 'gzip' by default only when at least 3/4 of the values are non-zero
   * (shuffling mostly-zero doubles breaks their long zero runs, so deflate finds less to remove; sizes in
   * bench/RESULTS.md); for 'sparse': yes. Never where the backend cannot write it.
   * @defaultValue for 'gzip', true when at least 3/4 of the values are non-zero; for 'sparse', true
   */
  shuffle?: boolean;
  /** @internal The backend can write the shuffle filter (callers pass the backend's capability). */
  canShuffle?: boolean;
}

export const COEF_CSR = 'coef_csr';
export const LAYOUT_ATTR = 'coef_layout';
export const COEF_SHAPE_ATTR = 'coef_shape';
/** Attribute of coef_csr/indices: 'row-delta' (ours since format 1.1); absent: plain column indices. */
export const INDEX_ENCODING_ATTR = 'encoding';
export const ROW_DELTA = 'row-delta';

/** The datasets that hold coef in the chosen layout (paths relative to `prefix`, which ends in '/'). */
export function coefDatasets(
  c: LinearCoefficients,
  prefix: string,
  options: LayoutOptions = {},
): { datasets: DatasetToWrite[]; attrs: Record<string, AttrValue> } {
  const layout = options.layout ?? 'contiguous';
  if (!coefLayouts.includes(layout)) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope: 'save',
      detail: `unknown layout "${String(layout)}"; use one of ${coefLayouts.join(', ')}`,
    });
  }
  const shape = c.coefShape;
  const rows = shape.length === 2 ? shape[0]! : 1;
  const cols = shape[shape.length - 1]!;
  const path = `${prefix}${DATASET.coef}`;
  const attrs: Record<string, AttrValue> = { [LAYOUT_ATTR]: layout };
  const chunkFor = (targetBytes: number) => {
    const k = Math.max(1, Math.min(cols, Math.floor(targetBytes / (rows * 8))));
    return shape.length === 2 ? [rows, k] : [k];
  };
  switch (layout) {
    case 'contiguous':
      return { datasets: [{ path, array: { dtype: 'float64', shape, data: c.coef } }], attrs };
    case 'float32':
      return { datasets: [{ path, array: { dtype: 'float32', shape, data: Float32Array.from(c.coef) } }], attrs };
    case 'column-chunked':
      if (cols === 0) return { datasets: [{ path, array: { dtype: 'float64', shape, data: c.coef } }], attrs };
      return {
        datasets: [
          { path, array: { dtype: 'float64', shape, data: c.coef }, chunks: chunkFor(options.chunkBytes ?? 16 * 1024) },
        ],
        attrs,
      };
    case 'gzip':
      if (cols === 0) return { datasets: [{ path, array: { dtype: 'float64', shape, data: c.coef } }], attrs };
      return {
        datasets: [
          {
            path,
            array: { dtype: 'float64', shape, data: c.coef },
            chunks: chunkFor(options.chunkBytes ?? 256 * 1024),
            shuffle: options.shuffle ?? (options.canShuffle !== false && mostlyNonZero(c.coef)),
            gzip: options.gzipLevel ?? 4,
          },
        ],
        attrs,
      };
    case 'sparse': {
      const indptr = new Int32Array(rows + 1);
      let nnz = 0;
      for (let i = 0; i < c.coef.length; i++) if (c.coef[i] !== 0 || Object.is(c.coef[i], -0)) nnz++;
      const indices = new Int32Array(nnz);
      const data = new Float64Array(nnz);
      let at = 0;
      for (let r = 0; r < rows; r++) {
        let previous = 0;
        for (let j = 0; j < cols; j++) {
          const v = c.coef[r * cols + j]!;
          if (v !== 0 || Object.is(v, -0)) {
            indices[at] = j - previous; // row-delta: the first as is (previous = 0), then differences
            previous = j;
            data[at++] = v;
          }
        }
        indptr[r + 1] = at;
      }
      const compress = (n: number) =>
        n > 0
          ? {
              chunks: [Math.min(n, 65536)],
              shuffle: options.shuffle ?? options.canShuffle !== false,
              gzip: options.gzipLevel ?? 4,
            }
          : {};
      return {
        datasets: [
          { path: `${prefix}${COEF_CSR}/data`, array: { dtype: 'float64', shape: [nnz], data }, ...compress(nnz) },
          {
            path: `${prefix}${COEF_CSR}/indices`,
            array: { dtype: 'int32', shape: [nnz], data: indices },
            attrs: { [INDEX_ENCODING_ATTR]: ROW_DELTA },
            ...compress(nnz),
          },
          { path: `${prefix}${COEF_CSR}/indptr`, array: { dtype: 'int32', shape: [rows + 1], data: indptr } },
        ],
        attrs: { ...attrs, [COEF_SHAPE_ATTR]: [...shape] },
      };
    }
  }
}

/** At least 3/4 of the values are non-zero (false for none: a streamed coef is not known in advance). */
function mostlyNonZero(values: ArrayLike<number>): boolean {
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  return values.length > 0 && nonZero >= 0.75 * values.length;
}
