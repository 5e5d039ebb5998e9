import type { ProgressTracker } from '../progress/progress.js';
import type { DatasetToWrite, StreamedDataset, StreamingWriter } from '../storage/types.js';

/** Default bytes per block of a streamed coef: memory stays bounded by about twice this. */
export const DEFAULT_BLOCK_BYTES = 64 * 2 ** 20;

/** A layout's coef dataset (from coefDatasets) as a dataset to stream, with its attributes. */
export function streamedCoef(spec: DatasetToWrite, shape: readonly number[], attrs = spec.attrs): StreamedDataset {
  return {
    path: spec.path,
    dtype: spec.array.dtype as 'float64' | 'float32',
    shape: [...shape],
    ...(spec.chunks ? { chunks: spec.chunks } : {}),
    ...(spec.gzip !== undefined ? { gzip: spec.gzip } : {}),
    ...(spec.shuffle ? { shuffle: true } : {}),
    ...(attrs ? { attrs } : {}),
  };
}

/**
 * Writes a streamed coef of `shape` in column blocks (whole chunks of a chunked layout, so each chunk is
 * written once), each from `columns(c0, c1)`: rows × (c1 - c0) float64 values, row-major. Progress
 * counts coef's bytes at `itemBytes` each; the last block is reported by the caller, after close().
 */
export async function writeCoefInColumnBlocks(
  out: StreamingWriter,
  coef: StreamedDataset,
  columns: (c0: number, c1: number) => Promise<Float64Array> | Float64Array,
  options: {
    blockBytes?: number | undefined;
    progress?: Pick<ProgressTracker, 'update'> | undefined;
    itemBytes?: number;
  },
): Promise<void> {
  const shape = coef.shape;
  const rows = shape.length === 2 ? shape[0]! : 1;
  const cols = shape[shape.length - 1]!;
  const itemBytes = options.itemBytes ?? 8;
  const chunkCols = coef.chunks ? coef.chunks[coef.chunks.length - 1]! : 1;
  const perBlock = Math.max(1, Math.floor((options.blockBytes ?? DEFAULT_BLOCK_BYTES) / (rows * 8)));
  const width = Math.max(chunkCols, Math.floor(perBlock / chunkCols) * chunkCols);
  for (let c0 = 0; c0 < cols; c0 += width) {
    const c1 = Math.min(cols, c0 + width);
    const block = await columns(c0, c1);
    const data = coef.dtype === 'float32' ? Float32Array.from(block) : block;
    await out.write(
      coef.path,
      shape.length === 2 ? [0, c0] : [c0],
      shape.length === 2 ? [rows, c1 - c0] : [c1 - c0],
      data,
    );
    if (c1 < cols) options.progress?.update(rows * c1 * itemBytes);
  }
}

/** Columns [c0, c1) of a row-major rows × cols matrix, row-major. */
export function columnBlock(values: Float64Array, rows: number, cols: number, c0: number, c1: number): Float64Array {
  const width = c1 - c0;
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * cols + c0, r * cols + c1), r * width);
  return out;
}
