/**
 * Columns of contiguous data (a lazy model's features of an h5py-written coef), gathered row by row
 * straight from the file's bytes: the rows a read touches are fetched in a few big ranges (views of the
 * bytes themselves over an in-memory source, reads into one reused scratch over a local file, synchronous
 * when the source can) and each selected element is copied from its row to the output. No pseudo-chunk grid, no
 * per-chunk run objects: reading 300 scattered columns of a 200 × 50,000 float64 coef from memory went
 * from 100 chunk reads and ~30,000 small objects to 20 views and one loop.
 */
import type { SelectionPlan } from '@icepickle/core/backend-kit';
import type { H5Context } from './context.js';
import type { DatasetHeader } from './dataset.js';

/** Bytes of one range read: the file's kept chunk scratch holds one (see read-dataset.ts). */
export const GATHER_BLOCK = 4 * 2 ** 20;
/** Range reads of an asynchronous source asked for at once (their bytes are held until copied). */
const READS_AT_ONCE = 4;

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** True when `plan` picks columns (elements of a 1-D dataset) of written contiguous data (what gatherColumns reads). */
export function columnsOfContiguous(h: DatasetHeader, plan: SelectionPlan): boolean {
  return (
    h.layout.layout === 'contiguous' &&
    h.layout.contiguous?.address !== undefined &&
    plan.cols !== undefined &&
    h.space.shape.length >= 1
  );
}

/** Where the selected elements are: rows of `rowBytes` from `start`, each element at a byte offset in its row. */
interface Gather {
  start: number;
  rowBytes: number;
  itemSize: number;
  /** Byte offset of each output column inside a row, in output order. */
  at: Float64Array;
  /** Rows (of the dataset seen as [rows, last axis]) to read, [first, end). */
  first: number;
  end: number;
}

/** One range of the file holding the selected elements of rows [from, to) at bytes [offset, offset + length). */
interface Range {
  offset: number;
  length: number;
  from: number;
  to: number;
  /** Output columns [c0, c1) of those rows this range holds. */
  c0: number;
  c1: number;
}

/**
 * The ranges to read, in file order: rows grouped so one range stays within GATHER_BLOCK bytes; a row
 * whose selected span alone is longer is split into pieces of sorted columns, each within the block.
 */
function rangesOf(g: Gather, order: Int32Array): Range[] {
  const { at, itemSize, rowBytes } = g;
  const lo = at[order[0]!]!;
  const span = at[order[order.length - 1]!]! + itemSize - lo;
  const ranges: Range[] = [];
  if (span <= GATHER_BLOCK) {
    const perRead = Math.max(1, Math.floor((GATHER_BLOCK - span) / rowBytes) + 1);
    for (let r = g.first; r < g.end; r += perRead) {
      const to = Math.min(g.end, r + perRead);
      const offset = g.start + r * rowBytes + lo;
      ranges.push({ offset, length: (to - r - 1) * rowBytes + span, from: r, to, c0: 0, c1: order.length });
    }
    return ranges;
  }
  for (let r = g.first; r < g.end; r++) {
    for (let c0 = 0; c0 < order.length; ) {
      const pieceLo = at[order[c0]!]!;
      let c1 = c0 + 1;
      while (c1 < order.length && at[order[c1]!]! + itemSize - pieceLo <= GATHER_BLOCK) c1++;
      const length = at[order[c1 - 1]!]! + itemSize - pieceLo;
      ranges.push({ offset: g.start + r * rowBytes + pieceLo, length, from: r, to: r + 1, c0, c1 });
      c0 = c1;
    }
  }
  return ranges;
}

/**
 * Copies the selected elements of range `r` (its bytes in `bytes`) into `out`: output columns
 * order[c0..c1) of rows [from, to). Whole aligned words are copied as 32-bit words (bit for bit, NaNs
 * too; byte order is fixed later, by decodeNumbers), anything else byte by byte; one loop per case, no
 * branch per element (60,000 elements a read of a lazy model's columns).
 */
function copyRange(out: Uint8Array, bytes: Uint8Array, r: Range, g: Gather, order: Int32Array): void {
  const { itemSize, rowBytes, at } = g;
  const n = at.length;
  const base = r.offset - g.start; // the range's first byte, counted from the data's start
  const aligned = (itemSize & 3) === 0 && (bytes.byteOffset & 3) === 0 && (out.byteOffset & 3) === 0;
  if (!aligned) {
    copyBytes(out, bytes, r, g, order, base);
    return;
  }
  const in32 = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const out32 = new Int32Array(out.buffer, out.byteOffset, out.length >> 2);
  const words = itemSize >> 2;
  for (let row = r.from; row < r.to; row++) {
    const rowAt = row * rowBytes - base; // may be negative: the range starts at its first column
    const outRow = (row - g.first) * n;
    if (words === 2) {
      for (let k = r.c0; k < r.c1; k++) {
        const o = order[k]!;
        const i = (rowAt + at[o]!) >> 2;
        const to = (outRow + o) * 2;
        out32[to] = in32[i]!;
        out32[to + 1] = in32[i + 1]!;
      }
    } else if (words === 1) {
      for (let k = r.c0; k < r.c1; k++) {
        const o = order[k]!;
        out32[outRow + o] = in32[(rowAt + at[o]!) >> 2]!;
      }
    } else {
      for (let k = r.c0; k < r.c1; k++) {
        const o = order[k]!;
        const i = (rowAt + at[o]!) >> 2;
        const to = (outRow + o) * words;
        for (let w = 0; w < words; w++) out32[to + w] = in32[i + w]!;
      }
    }
  }
}

/** copyRange's byte-by-byte case: elements of any size, bytes at any offset. */
function copyBytes(out: Uint8Array, bytes: Uint8Array, r: Range, g: Gather, order: Int32Array, base: number): void {
  const { itemSize, rowBytes, at } = g;
  const n = at.length;
  for (let row = r.from; row < r.to; row++) {
    const rowAt = row * rowBytes - base;
    const outRow = (row - g.first) * n;
    for (let k = r.c0; k < r.c1; k++) {
      const o = order[k]!;
      const i = rowAt + at[o]!;
      const to = (outRow + o) * itemSize;
      for (let b = 0; b < itemSize; b++) out[to + b] = bytes[i + b]!;
    }
  }
}

/**
 * Reads the columns `plan` selects (rows too, when it says) of written contiguous data into `out`, the
 * result's bytes in the file's byte order. The data's extent was checked by the caller (contiguousStart);
 * every range is bounds-checked again by the reader. `scratch` (GATHER_BLOCK bytes) serves a local file's reads.
 */
export async function gatherColumns(
  ctx: H5Context,
  h: DatasetHeader,
  plan: SelectionPlan,
  start: number,
  out: Uint8Array,
  scratch: Uint8Array | undefined,
): Promise<void> {
  const shape = h.space.shape;
  const itemSize = h.type.size;
  const last = shape[shape.length - 1]!;
  const inner = product(shape.slice(1, -1)); // rows of the axes between the first and the last, per first-axis row
  const cols = plan.cols!;
  const at = Float64Array.from(cols, (c) => c * itemSize);
  // sorted by position in the row: ranges then follow the file, and pieces of a long row hold neighbours
  const order = Int32Array.from(cols.keys()).sort((a, b) => at[a]! - at[b]!);
  // a 1-D dataset is one row (planSelection takes rows or cols of it, not both)
  const rows: readonly [number, number] = shape.length === 1 ? [0, 1] : (plan.rows ?? [0, shape[0]!]);
  const g: Gather = { start, rowBytes: last * itemSize, itemSize, at, first: rows[0] * inner, end: rows[1] * inner };
  const ranges = rangesOf(g, order);
  if (ctx.reader.readsAtOnce && scratch) {
    // a local file: one range after the other through the scratch, at once when the source can
    for (const r of ranges) {
      const into = scratch.subarray(0, r.length);
      if (!ctx.reader.readIntoNow(r.offset, into)) await ctx.reader.readInto(r.offset, into);
      copyRange(out, into, r, g, order);
    }
    return;
  }
  // in memory (the reads are views of the bytes) or remote: a few ranges asked for together, so a remote
  // source's round trips overlap; every read of a batch settles before an error propagates
  for (let i = 0; i < ranges.length; i += READS_AT_ONCE) {
    const batch = ranges.slice(i, i + READS_AT_ONCE);
    const settled = await Promise.allSettled(batch.map((r) => ctx.reader.read(r.offset, r.length)));
    settled.forEach((s, k) => {
      if (s.status === 'rejected') throw s.reason;
      copyRange(out, s.value, batch[k]!, g, order);
    });
  }
}
