/**
 * Reads a dataset, whole or a selection, touching only the chunks the selection needs. Whole rows of
 * contiguous data are read straight into the result, its columns gathered from big ranges of the file
 * (contiguous-columns.ts), anything else of it as a grid of row blocks; compact data comes from its
 * header. Chunks are fetched a window at a time, decoded, and copied into the output.
 */
import type { StoredArray, TypedData } from '@icepickle/core';
import { type SelectionPlan, typedArrayConstructor } from '@icepickle/core/backend-kit';
import { type AxisPick, chunkCopier, groupByChunk } from './chunk-copy.js';
import { type IndexContext, gridOf, linearIndex, walkChunkIndex } from './chunk-index.js';
import type { ChunkTable } from './chunk-table.js';
import { GATHER_BLOCK, columnsOfContiguous, gatherColumns } from './contiguous-columns.js';
import type { H5Context } from './context.js';
import type { DatasetHeader } from './dataset.js';
import { Damaged, Refused } from './errors.js';
import { decodeChunk } from './filters-decode.js';
import type { GlobalHeap } from './global-heap.js';
import { decodeNumbers, decodeStrings } from './values.js';

/** A chunk larger than this is refused: one chunk is decoded whole in memory. */
const MAX_CHUNK_BYTES = 2 ** 30;
/** Whole rows of contiguous data are read straight into the result this many bytes at a time. */
const DIRECT_BLOCK = 64 * 2 ** 20;
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
  /**
   * Decoded bytes of the chunk at these coordinates (may be shorter at the end of contiguous data), or
   * undefined for fill. Given `into` (intoBytes long), a source that has intoBytes may read them there.
   */
  get(coords: readonly number[], into?: Uint8Array): Promise<Uint8Array | undefined>;
  /** Set when chunks can be read into a caller's buffer of this many bytes (unfiltered chunks). */
  intoBytes?: number;
  /** Resolves once getNow can answer (the chunk index is walked). */
  ready?(): Promise<void>;
  /**
   * get() at once, into `into` (intoBytes long), when the source reads synchronously (a local file):
   * the chunk's bytes, undefined for fill, or false when it cannot (then get()).
   */
  getNow?(coords: readonly number[], into: Uint8Array): Uint8Array | undefined | false;
  /**
   * Where the chunk at these coordinates is stored (intoBytes long, read as is), undefined for fill, or
   * false when it cannot say at once (then get()): lets a window of chunks be read in one readIntoMany.
   */
  locate?(coords: readonly number[]): number | undefined | false;
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
const chunkIndexes = new WeakMap<DatasetHeader, Promise<ChunkTable>>();

function chunkIndexOf(h: DatasetHeader, ix: IndexContext): Promise<ChunkTable> {
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
  const unfiltered = h.filters.length === 0;
  let table: ChunkTable | undefined;
  const locate = (coords: readonly number[]): number | undefined | false => {
    if (!unfiltered || !table) return false;
    const entry = table.get(linearIndex(coords, ix.grid));
    if (!entry) return undefined;
    if (entry.size !== chunkBytes) throw new Damaged(`chunk of ${entry.size} bytes, expected ${chunkBytes}`);
    return entry.at;
  };
  return {
    chunk: layout.chunk,
    ...(unfiltered ? { intoBytes: chunkBytes } : {}),
    ready: async () => {
      table = await chunkIndexOf(h, ix);
    },
    locate,
    getNow: (coords, into) => {
      const at = locate(coords);
      return at === false || at === undefined ? at : ctx.reader.readIntoNow(at, into) && into;
    },
    get: async (coords, into) => {
      const entry = (await chunkIndexOf(h, ix)).get(linearIndex(coords, ix.grid));
      if (!entry) return undefined;
      if (unfiltered && entry.size !== chunkBytes)
        throw new Damaged(`chunk of ${entry.size} bytes, expected ${chunkBytes}`);
      if (unfiltered && into) {
        await ctx.reader.readInto(entry.at, into);
        return into;
      }
      const stored = await ctx.reader.read(entry.at, entry.size);
      if (unfiltered) return stored;
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

/** One chunk a selection touches: its coordinates, and the picks per axis. */
interface Job {
  coords: number[];
  picks: AxisPick[];
}

/** Every chunk (coordinates, picks per axis) the selection touches. */
function touched(groups: Map<number, AxisPick>[]): Job[] {
  let out: Job[] = [{ coords: [], picks: [] }];
  for (const g of groups) {
    const next: Job[] = [];
    // forEach and concat: no entry array per chunk, no iterator per spread (hundreds per lazy read)
    for (const prefix of out)
      g.forEach((pick, c) => next.push({ coords: prefix.coords.concat(c), picks: prefix.picks.concat(pick) }));
    out = next;
  }
  return out;
}

/** Bytes of chunk scratch an open file keeps between reads (a lazy prediction's chunks fit). */
const KEPT_SCRATCH = 4 * 2 ** 20;
interface Scratch {
  bytes: Uint8Array;
  busy: boolean;
}
const scratches = new WeakMap<H5Context, Scratch>();

/**
 * A buffer of at least `bytes` for a read's chunks: the file's kept one when it is that small and free,
 * else a fresh one. Reused, it spares the allocator and the garbage collector megabytes per prediction
 * (freed buffers stayed in the process's resident memory until a full collection).
 */
function leaseScratch(ctx: H5Context, bytes: number): { bytes: Uint8Array; release(): void } {
  let kept = scratches.get(ctx);
  if (bytes > KEPT_SCRATCH || kept?.busy) return { bytes: new Uint8Array(bytes), release: () => undefined };
  if (!kept || kept.bytes.length < bytes) {
    kept = {
      bytes: new Uint8Array(Math.min(KEPT_SCRATCH, Math.max(bytes, 2 * (kept?.bytes.length ?? 0)))),
      busy: false,
    };
    scratches.set(ctx, kept);
  }
  const held = kept;
  held.busy = true;
  return { bytes: held.bytes, release: () => (held.busy = false) };
}

/**
 * Reads and copies (through `copy`) the jobs whose chunks the source reads synchronously (a local file),
 * one after the other through one chunk-sized scratch: no promise, no window of chunks held per read. The
 * jobs it could not read now are returned, for the windowed asynchronous reads.
 */
async function readNow(
  ctx: H5Context,
  source: ChunkSource,
  jobs: Job[],
  copy: (job: Job, chunk: Uint8Array | undefined) => void,
): Promise<Job[]> {
  // a source read only asynchronously (remote) would look every chunk up here for nothing
  if (!source.getNow || source.intoBytes === undefined || jobs.length === 0 || !ctx.reader.readsSync) return jobs;
  await source.ready?.();
  const lease = leaseScratch(ctx, source.intoBytes);
  const into = lease.bytes.subarray(0, source.intoBytes);
  const later: Job[] = [];
  try {
    for (const job of jobs) {
      const chunk = source.getNow(job.coords, into);
      if (chunk === false) later.push(job);
      else copy(job, chunk);
    }
  } finally {
    lease.release();
  }
  return later;
}

/** True when `plan` reads whole rows of written contiguous data: one byte range of the file. */
function wholeRowsOfContiguous(h: DatasetHeader, plan: SelectionPlan): boolean {
  return h.layout.layout === 'contiguous' && h.layout.contiguous?.address !== undefined && !plan.cols;
}

/**
 * Whole rows of contiguous data, read straight into `out` (the result's own buffer) in big blocks: no
 * block of its own, no copy. A full read of the 2.27 GB model is then as fast as reading the file.
 */
async function readContiguousRows(ctx: H5Context, h: DatasetHeader, plan: SelectionPlan, out: Uint8Array) {
  const start = contiguousStart(ctx, h)!;
  const shape = h.space.shape;
  const rowBytes = product(shape.slice(1)) * h.type.size;
  const from = start + (plan.rows && shape.length > 0 ? plan.rows[0] * rowBytes : 0);
  for (let done = 0; done < out.length; done += DIRECT_BLOCK)
    await ctx.reader.readInto(from + done, out.subarray(done, Math.min(out.length, done + DIRECT_BLOCK)));
}

/**
 * Columns of written contiguous data, gathered row by row from big ranges of the file (see
 * contiguous-columns.ts); a local file's ranges are read through the file's kept scratch.
 */
async function readContiguousColumns(ctx: H5Context, h: DatasetHeader, plan: SelectionPlan, out: Uint8Array) {
  const start = contiguousStart(ctx, h)!;
  const lease = ctx.reader.readsAtOnce ? leaseScratch(ctx, GATHER_BLOCK) : undefined;
  try {
    await gatherColumns(ctx, h, plan, start, out, lease?.bytes.subarray(0, GATHER_BLOCK));
  } finally {
    lease?.release();
  }
}

const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * `into` as the bytes of a read of `count` values of `h`'s type, zeroed (unwritten chunks without a fill
 * value read as 0), when it is that type's typed array in the host's byte order; else undefined.
 */
function intoBytes(h: DatasetHeader, count: number, into: TypedData | undefined): Uint8Array | undefined {
  if (!into || into.length !== count || h.type.dtype === 'bool') return undefined;
  const ctor = typedArrayConstructor(h.type.dtype);
  if (!ctor || into.constructor !== ctor || (h.type.size > 1 && h.type.littleEndian !== littleEndianHost))
    return undefined;
  return new Uint8Array(into.buffer, into.byteOffset, into.byteLength).fill(0);
}

/** A window's chunks by get(), each its own read: when the source cannot locate them (filtered chunks). */
async function readEach(
  source: ChunkSource,
  batch: readonly Job[],
  into: (k: number) => Uint8Array | undefined,
): Promise<Array<Uint8Array | undefined>> {
  const settled = await Promise.allSettled(batch.map((j, k) => source.get(j.coords, into(k))));
  return settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
}

/**
 * A window's chunks read into their scratch slots by one readIntoMany, when the source locates each
 * (unfiltered chunks of a walked index); else undefined, having read nothing.
 */
async function readLocated(
  ctx: H5Context,
  source: ChunkSource,
  batch: readonly Job[],
  into: (k: number) => Uint8Array | undefined,
): Promise<Array<Uint8Array | undefined> | undefined> {
  if (!source.locate || source.intoBytes === undefined) return undefined;
  await source.ready?.();
  const chunks: Array<Uint8Array | undefined> = [];
  const offsets: number[] = [];
  const intos: Uint8Array[] = [];
  for (let k = 0; k < batch.length; k++) {
    const at = source.locate(batch[k]!.coords);
    if (at === false) return undefined;
    const slot = at === undefined ? undefined : into(k);
    chunks.push(slot);
    if (at !== undefined && slot) {
      offsets.push(at);
      intos.push(slot);
    }
  }
  await ctx.reader.readIntoMany(offsets, intos);
  return chunks;
}

/** Reads `plan` of the dataset; numbers land in `into` when it fits (see Selection.into), else in a new array. */
export async function readSelection(
  ctx: H5Context,
  heap: GlobalHeap,
  h: DatasetHeader,
  plan: SelectionPlan,
  into?: TypedData,
): Promise<StoredArray> {
  const size = h.type.size;
  const count = product(plan.shape);
  const source = count > 0 ? chunkSource(ctx, h) : undefined;
  const given = intoBytes(h, count, into);
  const out = given ?? new Uint8Array(count * size);
  if (count > 0 && wholeRowsOfContiguous(h, plan)) await readContiguousRows(ctx, h, plan, out);
  else if (count > 0 && columnsOfContiguous(h, plan)) await readContiguousColumns(ctx, h, plan, out);
  else if (source) {
    const indices = axisIndices(h.space.shape, plan);
    const all = touched(indices.map((ix, d) => groupByChunk(ix, source.chunk[d]!)));
    const copier = chunkCopier(out, plan.shape, source.chunk, size, h.fill);
    const copy = (j: Job, chunk: Uint8Array | undefined) => copier(chunk, j.picks);
    const jobs = await readNow(ctx, source, all, copy);
    // one buffer for a window's chunks, not one allocation per chunk (a lazy prediction reads hundreds);
    // small chunks are read in windows that fit the file's kept scratch, at least 16 chunks at a time
    const step = source.intoBytes;
    const chunkBytes = Math.max(1, product(source.chunk) * size);
    const window =
      step === undefined
        ? Math.max(1, Math.floor(WINDOW_BYTES / chunkBytes))
        : Math.max(16, Math.floor(KEPT_SCRATCH / chunkBytes));
    const lease = step === undefined ? undefined : leaseScratch(ctx, Math.min(window, jobs.length) * step);
    try {
      for (let i = 0; i < jobs.length; i += window) {
        const batch = jobs.slice(i, i + window);
        const into = (k: number) => lease?.bytes.subarray(k * step!, (k + 1) * step!);
        // every read of the window settles before an error propagates: none may still write into the
        // scratch once it is released (and leased to the next read)
        const chunks = (await readLocated(ctx, source, batch, into)) ?? (await readEach(source, batch, into));
        batch.forEach((j, k) => copy(j, chunks[k]));
      }
    } finally {
      lease?.release();
    }
  }
  const data =
    h.type.dtype === 'utf8'
      ? await decodeStrings(ctx, heap, h.type, out, count, ctx.reader.size)
      : given
        ? into!
        : decodeNumbers(h.type, out, count, true);
  return { dtype: h.type.dtype, shape: plan.shape, data };
}
