/**
 * Reads a dataset, whole or a selection, touching only the chunks the selection needs. Contiguous data
 * is read as a grid of row blocks (so a row range reads only its rows); compact data comes from its
 * header. Chunks are fetched a few at a time, decoded, and copied into the output.
 */
import type { StoredArray } from '@icepickle/core';
import type { SelectionPlan } from '@icepickle/core/backend-kit';
import { type AxisPick, copyChunk, groupByChunk } from './chunk-copy.js';
import { type ChunkEntry, type IndexContext, gridOf, linearIndex, walkChunkIndex } from './chunk-index.js';
import type { H5Context } from './context.js';
import type { DatasetHeader } from './dataset.js';
import { Damaged, Refused } from './errors.js';
import { decodeChunk } from './filters-decode.js';
import type { GlobalHeap } from './global-heap.js';
import { decodeNumbers, decodeStrings } from './values.js';

/** A chunk larger than this is refused: one chunk is decoded whole in memory. */
const MAX_CHUNK_BYTES = 2 ** 30;
/** Contiguous data is read in row blocks of about this many bytes. */
const CONTIGUOUS_BLOCK = 1 << 20;
/**
 * Decoded chunk bytes requested at once: every chunk of a window is asked for in the same tick, so the
 * block reader coalesces neighbours into one range and keeps its own cap on reads in flight. (A fixed
 * eight chunks at a time cost one round trip per eight columns of a lazy prediction over R2 or HTTP.)
 */
const WINDOW_BYTES = 16 * 2 ** 20;

/** Where a dataset's elements are: a chunk grid and a way to get one chunk's decoded bytes. */
export interface ChunkSource {
  chunk: number[];
  /** Decoded bytes of the chunk at these coordinates (may be shorter at the end of contiguous data), or undefined for fill. */
  get(coords: readonly number[]): Promise<Uint8Array | undefined>;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * Where contiguous data starts (undefined: never written), once its extent is checked: it holds the
 * whole shape, inside the file. Checked before the output is allocated.
 */
export function contiguousStart(ctx: H5Context, h: DatasetHeader): number | undefined {
  const total = product(h.space.shape) * h.type.size;
  const c = h.layout.contiguous!;
  if (c.address !== undefined && c.size < total) throw new Damaged('contiguous data smaller than its shape');
  if (c.address !== undefined && c.address + total > ctx.reader.size)
    throw new Damaged(`contiguous data of ${total} bytes runs past the end of the file`);
  return c.address;
}

function contiguousSource(ctx: H5Context, h: DatasetHeader): ChunkSource {
  const size = h.type.size;
  const shape = h.space.shape;
  const total = product(shape) * size;
  const c = h.layout.contiguous!;
  contiguousStart(ctx, h);
  const rowBytes = product(shape.slice(1)) * size;
  const rows = shape.length === 0 ? 1 : Math.max(1, Math.floor(CONTIGUOUS_BLOCK / Math.max(1, rowBytes)));
  const chunk = shape.length === 0 ? [] : [rows, ...shape.slice(1)];
  return {
    chunk,
    get: async (coords) => {
      if (c.address === undefined) return undefined;
      const offset = shape.length === 0 ? 0 : coords[0]! * rows * rowBytes;
      return ctx.reader.read(c.address + offset, Math.min(rows * rowBytes, total - offset));
    },
  };
}

function compactSource(h: DatasetHeader): ChunkSource {
  const data = h.layout.compact!;
  if (data.length < product(h.space.shape) * h.type.size) throw new Damaged('compact data smaller than its shape');
  return { chunk: [...h.space.shape], get: async () => data };
}

/**
 * Each dataset's chunk index, walked once per open file (the header object lives as long as the file's
 * listing): a lazy model reads the same dataset once per request, and re-walking the 168,646 entries of
 * the 2.27 GB model's index every time cost seconds per prediction.
 */
const chunkIndexes = new WeakMap<DatasetHeader, Promise<Map<number, ChunkEntry>>>();

function chunkIndexOf(h: DatasetHeader, ix: IndexContext): Promise<Map<number, ChunkEntry>> {
  let index = chunkIndexes.get(h);
  if (!index) {
    index = walkChunkIndex(ix);
    chunkIndexes.set(h, index);
    index.catch(() => chunkIndexes.delete(h)); // a failed walk is retried (and fails again, typed) next read
  }
  return index;
}

function chunkedSource(ctx: H5Context, h: DatasetHeader): ChunkSource {
  const layout = h.layout.chunked!;
  if (layout.itemSize !== h.type.size) throw new Damaged('chunk element size differs from the datatype');
  const chunkBytes = product(layout.chunk) * layout.itemSize;
  if (chunkBytes > MAX_CHUNK_BYTES) throw new Refused('LIMIT_EXCEEDED', `chunks of ${chunkBytes} bytes are too large`);
  const ix: IndexContext = {
    ctx,
    layout,
    shape: h.space.shape,
    grid: gridOf(h.space.shape, layout.chunk),
    maxShape: h.space.maxShape,
    filtered: h.filters.length > 0,
    chunkBytes,
  };
  return {
    chunk: layout.chunk,
    get: async (coords) => {
      const entry = (await chunkIndexOf(h, ix)).get(linearIndex(coords, ix.grid));
      if (!entry) return undefined;
      const stored = await ctx.reader.read(entry.at, entry.size);
      if (h.filters.length === 0) {
        if (entry.size !== chunkBytes) throw new Damaged(`chunk of ${entry.size} bytes, expected ${chunkBytes}`);
        return stored;
      }
      return decodeChunk(stored, h.filters, entry.mask, chunkBytes, layout.itemSize);
    },
  };
}

export function chunkSource(ctx: H5Context, h: DatasetHeader): ChunkSource {
  if (h.layout.layout === 'contiguous' && h.layout.contiguous) return contiguousSource(ctx, h);
  if (h.layout.layout === 'compact' && h.layout.compact) return compactSource(h);
  if (h.layout.layout === 'chunked' && h.layout.chunked) return chunkedSource(ctx, h);
  throw new Refused('UNSAFE_FILE', `layout ${h.layout.layout} cannot be read`);
}

/** Dataset indices per axis, in output order. */
function axisIndices(shape: readonly number[], plan: SelectionPlan): ArrayLike<number>[] {
  const rank = shape.length;
  return shape.map((n, d) => {
    if (d === 0 && plan.rows)
      return Int32Array.from({ length: plan.rows[1] - plan.rows[0] }, (_, i) => plan.rows![0] + i);
    if (d === rank - 1 && plan.cols) return plan.cols;
    return Int32Array.from({ length: n }, (_, i) => i);
  });
}

/** Every chunk (coordinates, picks per axis) the selection touches. */
function touched(groups: Map<number, AxisPick>[]): Array<{ coords: number[]; picks: AxisPick[] }> {
  let out: Array<{ coords: number[]; picks: AxisPick[] }> = [{ coords: [], picks: [] }];
  for (const g of groups) {
    const next: typeof out = [];
    for (const prefix of out)
      for (const [c, pick] of g) next.push({ coords: [...prefix.coords, c], picks: [...prefix.picks, pick] });
    out = next;
  }
  return out;
}

export async function readSelection(
  ctx: H5Context,
  heap: GlobalHeap,
  h: DatasetHeader,
  plan: SelectionPlan,
): Promise<StoredArray> {
  const size = h.type.size;
  const count = product(plan.shape);
  const source = count > 0 ? chunkSource(ctx, h) : undefined;
  const out = new Uint8Array(count * size);
  if (source) {
    const indices = axisIndices(h.space.shape, plan);
    const jobs = touched(indices.map((ix, d) => groupByChunk(ix, source.chunk[d]!)));
    const window = Math.max(1, Math.floor(WINDOW_BYTES / Math.max(1, product(source.chunk) * size)));
    for (let i = 0; i < jobs.length; i += window) {
      const batch = jobs.slice(i, i + window);
      const chunks = await Promise.all(batch.map((j) => source.get(j.coords)));
      batch.forEach((j, k) => copyChunk(out, plan.shape, chunks[k], source.chunk, j.picks, size, h.fill));
    }
  }
  const data =
    h.type.dtype === 'utf8'
      ? await decodeStrings(ctx, heap, h.type, out, count, ctx.reader.size)
      : decodeNumbers(h.type, out, count);
  return { dtype: h.type.dtype, shape: plan.shape, data };
}
