/**
 * Lists where each chunk of a chunked dataset is stored, from the file's bytes (HDF5 file format
 * spec: version-1 B-trees, and layout v4's single-chunk, implied and fixed-array indexes). h5wasm
 * 0.10.3 has no direct chunk read, so this is how the backend sees a chunk's stored size before HDF5
 * decompresses it. Bounds-checked like object-header.ts: any inconsistency throws Bounds.
 */
import { Bounds, type ChunkIndexKind, type ChunkIndexRef, type SuperblockInfo, isSig, u } from './object-header.js';

/** One stored chunk. */
export interface ChunkEntry {
  /** Chunk coordinates (element offset / chunk size) per axis. */
  coords: number[];
  /** Absolute position of its stored bytes. */
  at: number;
  /** Stored (filtered) size in bytes. */
  size: number;
  /** Filters skipped for this chunk: bit k set means pipeline filter k was not applied. */
  mask: number;
}

/** Index kinds this file can walk; the others (resizable datasets under libver 'latest') it cannot. */
export const WALKABLE_INDEXES: ReadonlySet<ChunkIndexKind> = new Set(['btree-v1', 'single', 'implied', 'fixed-array']);

const MAX_BTREE_DEPTH = 64;

/**
 * Every chunk the index lists. `maxShape` is the dataset's maximum shape (fixed-array entries are
 * numbered over it); `filtered` tells whether the entries carry sizes and masks.
 */
export function walkChunkIndex(
  bytes: Uint8Array,
  sb: SuperblockInfo,
  ref: ChunkIndexRef,
  maxShape: readonly number[],
  filtered: boolean,
): ChunkEntry[] {
  if (ref.at === undefined) return []; // no chunk written yet: every read gives the fill value
  if (maxShape.length !== ref.chunk.length) throw new Bounds();
  const chunkBytes = ref.chunk.reduce((a, b) => a * b, ref.itemSize);
  switch (ref.kind) {
    case 'btree-v1':
      return walkBtreeV1(bytes, sb, ref);
    case 'single': {
      const size = ref.single?.size ?? chunkBytes;
      return [
        entry(
          bytes,
          ref.chunk.map(() => 0),
          ref.at,
          size,
          ref.single?.mask ?? 0,
        ),
      ];
    }
    case 'implied': {
      // unfiltered chunks back to back, all allocated: one bounds check covers them
      if (filtered) throw new Bounds();
      const count = gridOf(maxShape, ref.chunk).reduce((a, b) => a * b, 1);
      entry(bytes, [], ref.at, count * chunkBytes, 0);
      return [];
    }
    case 'fixed-array':
      return walkFixedArray(bytes, sb, ref, maxShape, filtered, chunkBytes);
    default:
      throw new Error(`chunk index ${ref.kind} cannot be walked`);
  }
}

function entry(bytes: Uint8Array, coords: number[], at: number, size: number, mask: number): ChunkEntry {
  if (!Number.isSafeInteger(at + size) || at < 0 || at + size > bytes.length) throw new Bounds();
  return { coords, at, size, mask };
}

/** Chunks per axis over a (maximum) shape; an unlimited axis has no fixed count. */
function gridOf(shape: readonly number[], chunk: readonly number[]): number[] {
  return shape.map((n, i) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Bounds();
    return Math.ceil(n / chunk[i]!);
  });
}

/** Version-1 B-tree of raw data chunks (node type 1): keys are (size, filter mask, offsets). */
function walkBtreeV1(bytes: Uint8Array, sb: SuperblockInfo, ref: ChunkIndexRef): ChunkEntry[] {
  const O = sb.sizeOfOffsets;
  const rank = ref.chunk.length;
  const keySize = 8 + 8 * (rank + 1);
  const out: ChunkEntry[] = [];
  const seen = new Set<number>();
  const visit = (at: number, depth: number, expectedLevel: number | undefined): void => {
    if (depth > MAX_BTREE_DEPTH || seen.has(at)) throw new Bounds();
    seen.add(at);
    if (!isSig(bytes, at, 'TREE') || u(bytes, at + 4, 1) !== 1) throw new Bounds();
    const level = u(bytes, at + 5, 1);
    if (expectedLevel !== undefined && level !== expectedLevel) throw new Bounds();
    const used = u(bytes, at + 6, 2);
    let p = at + 8 + 2 * O;
    for (let i = 0; i < used; i++) {
      const key = p;
      const child = u(bytes, key + keySize, O);
      p = key + keySize + O;
      const childAt = sb.baseAddress + child;
      if (!Number.isSafeInteger(childAt)) throw new Bounds();
      if (level > 0) {
        visit(childAt, depth + 1, level - 1);
        continue;
      }
      const size = u(bytes, key, 4);
      const mask = u(bytes, key + 4, 4);
      const coords: number[] = [];
      for (let d = 0; d < rank; d++) {
        const offset = u(bytes, key + 8 + 8 * d, 8);
        if (!Number.isSafeInteger(offset) || offset % ref.chunk[d]! !== 0) throw new Bounds();
        coords.push(offset / ref.chunk[d]!);
      }
      out.push(entry(bytes, coords, childAt, size, mask));
    }
  };
  visit(ref.at!, 0, undefined);
  return out;
}

/**
 * Fixed array (layout v4, datasets whose maximum shape is fixed): header "FAHD", data block "FADB",
 * whose elements may be split into pages (each with its own checksum) once there are more than
 * 2^pageBits of them. Element k is the chunk at linear position k over the maximum shape's grid.
 */
function walkFixedArray(
  bytes: Uint8Array,
  sb: SuperblockInfo,
  ref: ChunkIndexRef,
  maxShape: readonly number[],
  filtered: boolean,
  chunkBytes: number,
): ChunkEntry[] {
  const O = sb.sizeOfOffsets;
  const L = sb.sizeOfLengths;
  const header = ref.at!;
  if (!isSig(bytes, header, 'FAHD') || u(bytes, header + 4, 1) !== 0) throw new Bounds();
  const client = u(bytes, header + 5, 1);
  const entrySize = u(bytes, header + 6, 1);
  const pageBits = u(bytes, header + 7, 1);
  const count = u(bytes, header + 8, L);
  const block = sb.baseAddress + u(bytes, header + 8 + L, O);
  if (client !== (filtered ? 1 : 0) || pageBits > 32 || !Number.isSafeInteger(block)) throw new Bounds();
  const sizeBytes = entrySize - O - 4;
  if (filtered ? sizeBytes < 1 || sizeBytes > 8 : entrySize !== O) throw new Bounds();
  const grid = gridOf(maxShape, ref.chunk);
  if (grid.reduce((a, b) => a * b, 1) !== count) throw new Bounds();
  if (!isSig(bytes, block, 'FADB') || u(bytes, block + 4, 1) !== 0 || u(bytes, block + 5, 1) !== client)
    throw new Bounds();
  if (sb.baseAddress + u(bytes, block + 6, O) !== header) throw new Bounds();
  const perPage = 2 ** pageBits;
  const paged = count > perPage;
  const pages = paged ? Math.ceil(count / perPage) : 1;
  const bitmap = block + 6 + O;
  const bitmapBytes = paged ? Math.ceil(pages / 8) : 0;
  // unpaged: elements follow the prefix, then one checksum; paged: the prefix has its own checksum
  let p = bitmap + bitmapBytes + (paged ? 4 : 0);
  if (p + count * entrySize > bytes.length) throw new Bounds();
  const out: ChunkEntry[] = [];
  for (let page = 0; page < pages; page++) {
    const first = page * perPage;
    const n = Math.min(perPage, count - first);
    const initialised = !paged || (u(bytes, bitmap + (page >> 3), 1) & (0x80 >> (page & 7))) !== 0;
    if (initialised) {
      for (let k = 0; k < n; k++) {
        const e = p + k * entrySize;
        const address = u(bytes, e, O);
        const at = sb.baseAddress + address;
        if (!Number.isSafeInteger(at)) continue; // undefined address (all ones): never written
        const size = filtered ? u(bytes, e + O, sizeBytes) : chunkBytes;
        const mask = filtered ? u(bytes, e + O + sizeBytes, 4) : 0;
        out.push(entry(bytes, coordsOf(first + k, grid), at, size, mask));
      }
    }
    p += n * entrySize + (paged ? 4 : 0);
  }
  return out;
}

/** Row-major chunk coordinates of linear position `k` over `grid`. */
function coordsOf(k: number, grid: readonly number[]): number[] {
  const coords = new Array<number>(grid.length);
  for (let d = grid.length - 1; d >= 0; d--) {
    coords[d] = k % grid[d]!;
    k = Math.floor(k / grid[d]!);
  }
  return coords;
}
