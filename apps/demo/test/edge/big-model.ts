/**
 * A big column-chunked model written by our own streaming writer, with coefficients that are a
 * function of (row, column), so a test can compute the exact decision values without holding the
 * matrix: 560 classes (the blog's model) × `cols` hashed features.
 */
import { createCoefficientWriter } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

export const ROWS = 560;

/** Coefficient (row, col): exact binary fractions, different for every nearby cell. */
export const coefAt = (r: number, c: number): number => (((r * 7919 + c * 104_729) % 4093) - 2046) / 1024;
export const interceptAt = (r: number): number => (r % 17) / 64 - 0.125;

export async function writeBigModel(path: string, cols: number, layout: 'column-chunked' | 'contiguous') {
  const writer = await createCoefficientWriter(path, {
    backend: hdf5Wasm(),
    estimator: 'SGDClassifier',
    coefShape: [ROWS, cols],
    intercept: Float64Array.from({ length: ROWS }, (_, r) => interceptAt(r)),
    classes: Array.from({ length: ROWS }, (_, r) => r),
    layout,
  });
  if (layout === 'contiguous') {
    for (let r0 = 0; r0 < ROWS; r0 += 16) {
      const h = Math.min(16, ROWS - r0);
      const block = new Float64Array(h * cols);
      for (let r = 0; r < h; r++) for (let c = 0; c < cols; c++) block[r * cols + c] = coefAt(r0 + r, c);
      await writer.writeRows(r0, block);
    }
  } else {
    const width = (writer.chunkColumns ?? 1) * 512;
    for (let c0 = 0; c0 < cols; c0 += width) {
      const w = Math.min(width, cols - c0);
      const block = new Float64Array(ROWS * w);
      for (let r = 0; r < ROWS; r++) for (let c = 0; c < w; c++) block[r * w + c] = coefAt(r, c0 + c);
      await writer.writeColumns(c0, block);
    }
  }
  await writer.close();
}

/** X·Wᵀ + b as LazyLinearModel sums it: each row's stored entries in order from 0, intercept last. */
export function expectedDecisions(X: {
  indptr: ArrayLike<number>;
  indices: ArrayLike<number>;
  data: ArrayLike<number>;
}) {
  const out: number[][] = [];
  for (let i = 0; i + 1 < X.indptr.length; i++) {
    const row = new Array<number>(ROWS).fill(0);
    for (let p = X.indptr[i]!; p < X.indptr[i + 1]!; p++)
      for (let r = 0; r < ROWS; r++) row[r] = row[r]! + X.data[p]! * coefAt(r, X.indices[p]!);
    out.push(row.map((v, r) => v + interceptAt(r)));
  }
  return out;
}
