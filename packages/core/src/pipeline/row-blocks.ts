import { DenseMatrix } from '../math/dense-matrix.js';
import type { NamedStep } from './types.js';

/**
 * Rows per block. A block's intermediates (1,024 × 30 float64 is 240 KiB) stay in cache, and no step
 * allocates an intermediate as large as X: a 100k × 30 scaled copy is 24 MB of external memory, which made
 * V8 run a full garbage collection every other predict.
 */
export const BLOCK_ROWS = 1024;

/**
 * X's rows [start, end) without copying them, when X is a DenseMatrix or an array of rows of at least two
 * blocks; null otherwise (the pipeline then runs once on X).
 */
export function rowSlicer(X: unknown): RowSlicer | null {
  if (X instanceof DenseMatrix) {
    const [n, m] = X.shape;
    if (n < 2 * BLOCK_ROWS) return null;
    return { n, slice: (start, end) => new DenseMatrix(X.data.subarray(start * m, end * m), [end - start, m]) };
  }
  if (
    Array.isArray(X) &&
    X.length >= 2 * BLOCK_ROWS &&
    X.every((row) => Array.isArray(row) || ArrayBuffer.isView(row))
  ) {
    return { n: X.length, slice: (start, end) => X.slice(start, end) };
  }
  return null;
}

/** The number of rows of X and a view of rows [start, end). */
export interface RowSlicer {
  n: number;
  slice(start: number, end: number): unknown;
}

/** Whether every step but the last transforms rows on their own (Transformer.rowWise). */
export function allRowWise(steps: readonly NamedStep[]): boolean {
  for (let i = 0; i < steps.length - 1; i++) {
    if ((steps[i]![1] as { rowWise?: unknown }).rowWise !== true) return false;
  }
  return true;
}

/**
 * run(X's rows) block by block, the per-row outputs (arrays: labels, decisions, probability rows) joined in
 * order; null when a block's output is not an array of one entry per row. Same values as run(X): each row
 * goes through the same steps with the same fitted state, and the final estimators compute rows apart too.
 */
export function runInRowBlocks({ n, slice }: RowSlicer, run: (X: unknown) => unknown): unknown[] | null {
  const parts: unknown[][] = [];
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const end = Math.min(n, start + BLOCK_ROWS);
    const part = run(slice(start, end));
    if (!Array.isArray(part) || part.length !== end - start) return null;
    parts.push(part);
  }
  return parts.length === 1 ? parts[0]! : ([] as unknown[]).concat(...parts);
}
