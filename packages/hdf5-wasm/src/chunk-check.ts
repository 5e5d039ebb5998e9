/**
 * HDF5 trusts a chunk to decode to exactly one chunk's bytes: a deflate bomb makes h5wasm's libhdf5
 * allocate without bound (then silently cut the result), and a chunk that inflates short leaves
 * uninitialised memory in the result. Before HDF5 reads a chunked dataset, each chunk the read
 * touches is checked once per open file, as the native backend does (hdf5-node/native/read.cc):
 * stored bytes inside the file, and undoing the filters with a bounded inflater, exactly one chunk's
 * bytes out. Filters are undone from the last to the first; fletcher32 drops its 4-byte checksum,
 * shuffle keeps the size, deflate is inflated with fflate (pure JS: works in browsers and edge
 * runtimes) and stops as soon as the output passes one chunk.
 */
import type { DatasetInfo } from '@icepickle/core';
import { Unzlib } from 'fflate';
import { type ChunkEntry, WALKABLE_INDEXES, walkChunkIndex } from './chunk-index.js';
import { fail } from './errors.js';
import { Bounds, type ChunkIndexRef, type SuperblockInfo } from './object-header.js';

const DEFLATE = 1;
const SHUFFLE = 2;
const FLETCHER32 = 3;

/** Per axis, the chunk indexes a read touches: sorted, disjoint half-open ranges [first, end). */
export type TouchedChunks = Array<Array<[number, number]>>;

interface DatasetChunks {
  ref: ChunkIndexRef;
  filters: number[];
  /** Stored chunks by their coordinates ("i,j"). */
  byCoords: Map<string, ChunkEntry>;
  entries: ChunkEntry[];
  chunkBytes: number;
}

export class ChunkChecker {
  private readonly datasets = new Map<string, DatasetChunks | null>();
  /** Positions of chunks already checked (a chunk is decoded for checking once per open file). */
  private readonly checked = new Set<number>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly superblock: SuperblockInfo,
    private readonly label: string,
  ) {}

  /**
   * Throws READ_FAILED when a chunk in `touched` (chunk indexes per axis) does not decode to exactly
   * one chunk's bytes, and UNSAFE_FILE for filtered data whose chunk index cannot be walked here.
   */
  check(info: DatasetInfo, ref: ChunkIndexRef | undefined, maxShape: readonly number[], touched: TouchedChunks): void {
    if (info.layout !== 'chunked' || !ref) return;
    const chunks = this.chunksOf(info, ref, maxShape);
    if (!chunks) return;
    for (const e of this.touchedEntries(chunks, touched)) {
      if (this.checked.has(e.at)) continue;
      this.checkOne(info.path, chunks, e, info.shape);
      this.checked.add(e.at);
    }
  }

  private chunksOf(info: DatasetInfo, ref: ChunkIndexRef, maxShape: readonly number[]): DatasetChunks | null {
    const known = this.datasets.get(info.path);
    if (known !== undefined) return known;
    const filters = info.filters.map((f) => f.id);
    let chunks: DatasetChunks | null = null;
    if (!WALKABLE_INDEXES.has(ref.kind)) {
      // Unfiltered chunks are read as exactly one chunk's bytes by HDF5: nothing to decode, nothing to check.
      if (filters.length > 0) {
        throw fail(
          'UNSAFE_FILE',
          this.label,
          `cannot verify the compressed chunks of dataset "${info.path}": its chunk index (${ref.kind}, written for resizable datasets by libver "latest") is not one this backend walks; rewrite it without maxshape, or read it with @icepickle/hdf5-node`,
          { object: info.path },
        );
      }
    } else {
      let entries: ChunkEntry[];
      try {
        entries = walkChunkIndex(this.bytes, this.superblock, ref, maxShape, filters.length > 0);
      } catch (cause) {
        if (!(cause instanceof Bounds)) throw cause;
        throw fail(
          'READ_FAILED',
          this.label,
          `damaged chunk index in dataset "${info.path}" (an entry lies outside the file or contradicts the layout)`,
          { object: info.path, cause },
        );
      }
      const byCoords = new Map(entries.map((e) => [e.coords.join(','), e]));
      chunks = { ref, filters, byCoords, entries, chunkBytes: ref.chunk.reduce((a, b) => a * b, ref.itemSize) };
    }
    this.datasets.set(info.path, chunks);
    return chunks;
  }

  /** The stored chunks in the product of `touched`: by lookup when that is smaller than the index. */
  private *touchedEntries(chunks: DatasetChunks, touched: TouchedChunks): Iterable<ChunkEntry> {
    const axes = touched.map((ranges) => ranges.reduce((n, [a, b]) => n + b - a, 0));
    const product = axes.reduce((a, b) => a * b, 1);
    if (product === 0) return;
    if (product > chunks.entries.length) {
      for (const e of chunks.entries) if (e.coords.every((c, d) => inRanges(touched[d]!, c))) yield e;
      return;
    }
    const lists = touched.map((ranges) => ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i)));
    const at = lists.map(() => 0);
    for (;;) {
      const e = chunks.byCoords.get(at.map((k, d) => lists[d]![k]).join(','));
      if (e) yield e;
      let d = at.length - 1;
      while (d >= 0 && ++at[d]! === lists[d]!.length) at[d--] = 0;
      if (d < 0) return;
    }
  }

  private checkOne(path: string, chunks: DatasetChunks, e: ChunkEntry, shape: readonly number[]): void {
    const expected = chunks.chunkBytes;
    const { ref } = chunks;
    // layout v4 may store partial edge chunks unfiltered
    const raw = ref.unfilteredEdges === true && e.coords.some((c, d) => (c + 1) * ref.chunk[d]! > shape[d]!);
    const decoded = decodedSize(
      this.bytes.subarray(e.at, e.at + e.size),
      raw ? [] : chunks.filters,
      e.mask,
      expected,
      ref.itemSize,
    );
    if (decoded === undefined) {
      throw fail(
        'READ_FAILED',
        this.label,
        `damaged chunk in dataset "${path}" at byte ${e.at}: its ${e.size} stored bytes do not decode (not a complete deflate stream)`,
        { object: path },
      );
    }
    if (decoded !== expected) {
      const what = decoded > expected ? `more than ${expected} bytes (inflating stopped there)` : `${decoded} bytes`;
      throw fail(
        'READ_FAILED',
        this.label,
        `damaged chunk in dataset "${path}" at byte ${e.at}: it decodes to ${what}, ${expected} expected`,
        { object: path },
      );
    }
  }
}

function inRanges(ranges: ReadonlyArray<[number, number]>, c: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (c < a) hi = mid;
    else if (c >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The size `stored` decodes to through `filters` (ids in pipeline order, undone from the last), or
 * undefined when it cannot decode. Inflating stops once past `expected` (a bomb never inflates
 * further). `itemSize` is shuffle's element size.
 */
export function decodedSize(
  stored: Uint8Array,
  filters: readonly number[],
  mask: number,
  expected: number,
  itemSize: number,
): number | undefined {
  let data: Uint8Array = stored;
  let size = stored.length;
  for (let k = filters.length - 1; k >= 0; k--) {
    if (mask & (2 ** k)) continue; // this filter was skipped for this chunk
    const id = filters[k]!;
    // the bytes themselves matter only while a deflate is still to be undone
    const bytesNeeded = filters.slice(0, k).some((f, j) => f === DEFLATE && !(mask & (2 ** j)));
    if (id === FLETCHER32) {
      if (size < 4) return undefined;
      size -= 4;
      data = data.subarray(0, size);
    } else if (id === SHUFFLE) {
      if (bytesNeeded) data = unshuffle(data, itemSize);
    } else if (id === DEFLATE) {
      const out = inflateBounded(data, expected, bytesNeeded);
      if (!out) return undefined;
      size = out.size;
      if (size > expected) return size;
      data = out.bytes ?? new Uint8Array(0);
    } else {
      return undefined; // not a filter this backend decodes (refused before reading)
    }
  }
  return size;
}

/** Undoes HDF5's shuffle: byte b of element i was stored at b * n + i; trailing bytes stay. */
function unshuffle(data: Uint8Array, itemSize: number): Uint8Array {
  const n = Math.floor(data.length / itemSize);
  if (itemSize <= 1 || n <= 1) return data;
  const out = new Uint8Array(data.length);
  for (let b = 0; b < itemSize; b++) for (let i = 0; i < n; i++) out[i * itemSize + b] = data[b * n + i]!;
  out.set(data.subarray(n * itemSize), n * itemSize);
  return out;
}

/**
 * Input bytes per push. Deflate expands at most ~1032×, so one push inflates at most about
 * max(limit, 4 MiB) past the bound before the count stops it; smaller pushes cost more (fflate
 * copies its 32 KiB window on each), so a push is never under 1 KiB (costs: bench/RESULTS.md).
 */
function sliceFor(limit: number): number {
  return Math.min(64 * 1024, Math.max(1024, Math.floor(Math.max(limit, 4 * 1024 * 1024) / 1032)));
}

/**
 * Inflates a zlib stream, counting output, and stops once it passes `limit`. Returns the output size
 * (limit + something when it is too big), the bytes when `keep`, or undefined when the stream is
 * invalid or ends early.
 */
export function inflateBounded(
  input: Uint8Array,
  limit: number,
  keep: boolean,
): { size: number; bytes?: Uint8Array } | undefined {
  let size = 0;
  const parts: Uint8Array[] = [];
  if (input.length === 0) return undefined;
  const inflater = new Unzlib((chunk) => {
    size += chunk.length;
    if (keep && size <= limit) parts.push(chunk);
  });
  const slice = sliceFor(limit);
  try {
    // the last push is final: fflate then throws on a stream that ends early
    for (let at = 0; at < input.length && size <= limit; at += slice) {
      const end = Math.min(at + slice, input.length);
      inflater.push(input.subarray(at, end), end === input.length);
    }
  } catch {
    return undefined;
  }
  if (size > limit || !keep) return { size };
  const bytes = new Uint8Array(size);
  let p = 0;
  for (const part of parts) {
    bytes.set(part, p);
    p += part.length;
  }
  return { size, bytes };
}
