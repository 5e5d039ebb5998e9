/**
 * Chunk indexes (spec III.A.1 version-1 B-trees of type 1 in chunk-btree-v1.ts; layout v4's single chunk,
 * implied and fixed array in VII; extensible array and version-2 B-tree in extensible-array.ts / btree-v2.ts):
 * each walked once into a table (chunk-table.ts) from a chunk's linear position over the dataset's chunk
 * grid to where its bytes are.
 */
import { type H5Context, readAddress, requireAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import type { ChunkedLayout } from './layout.js';
import { checksumOk } from './lookup3.js';
import { walkBtreeV1 } from './chunk-btree-v1.js';
import { walkBtreeV2Chunks } from './btree-v2.js';
import { walkExtensibleArray } from './extensible-array.js';
import { type ChunkEntry, ChunkTable } from './chunk-table.js';

export type { ChunkEntry } from './chunk-table.js';

/** The chunk grid over `shape`: chunks per axis. */
export function gridOf(shape: readonly number[], chunk: readonly number[]): number[] {
  return shape.map((n, i) => Math.ceil(n / chunk[i]!));
}

export function linearIndex(coords: readonly number[], grid: readonly number[]): number {
  let k = 0;
  for (let d = 0; d < grid.length; d++) k = k * grid[d]! + coords[d]!;
  return k;
}

export interface IndexContext {
  ctx: H5Context;
  layout: ChunkedLayout;
  /** The dataset's current shape and its grid. */
  shape: readonly number[];
  grid: readonly number[];
  /** Maximum dims (undefined: unlimited); fixed arrays number chunks over them. */
  maxShape: ReadonlyArray<number | undefined>;
  filtered: boolean;
  chunkBytes: number;
}

export async function walkChunkIndex(ix: IndexContext): Promise<ChunkTable> {
  const out = new ChunkTable(
    ix.grid.reduce((a, b) => a * b, 1),
    ix.chunkBytes,
  );
  const { layout } = ix;
  if (layout.address === undefined) return out; // nothing written: every chunk reads as the fill value
  if (layout.chunk.length !== ix.shape.length) throw new Damaged('chunk rank differs from the dataset rank');
  switch (layout.kind) {
    case 'btree-v1':
      await walkBtreeV1(ix, layout.address, out);
      break;
    case 'single':
      out.set(0, { at: layout.address, size: layout.single?.size ?? ix.chunkBytes, mask: layout.single?.mask ?? 0 });
      break;
    case 'implied': {
      if (ix.filtered) throw new Damaged('implied chunk index with filters');
      const count = ix.grid.reduce((a, b) => a * b, 1);
      for (let k = 0; k < count; k++)
        out.set(k, { at: layout.address + k * ix.chunkBytes, size: ix.chunkBytes, mask: 0 });
      break;
    }
    case 'fixed-array':
      await walkFixedArray(ix, layout.address, out);
      break;
    case 'extensible-array':
      await walkExtensibleArray(ix, layout.address, out);
      break;
    case 'btree-v2':
      await walkBtreeV2Chunks(ix, layout.address, out);
      break;
  }
  return out.seal();
}

/** Records a chunk, refusing coordinates off the grid (positions listed twice are refused by seal()). */
export function addChunk(ix: IndexContext, out: ChunkTable, coords: number[], entry: ChunkEntry): void {
  for (let d = 0; d < coords.length; d++)
    if (!(coords[d]! < ix.grid[d]!)) throw new Damaged('chunk index: a chunk lies outside the dataset');
  out.set(linearIndex(coords, ix.grid), entry);
}

/** Reads one element (address, and for filtered chunks size and mask) of a chunk index array. */
export function chunkElement(ix: IndexContext, c: Cursor, sizeBytes: number): ChunkEntry | undefined {
  const at = readAddress(ix.ctx, c);
  const size = ix.filtered ? c.uint(sizeBytes) : ix.chunkBytes;
  const mask = ix.filtered ? c.u32() : 0;
  return at === undefined ? undefined : { at, size, mask };
}

/** Row-major chunk coordinates of linear position `k` over `grid`. */
export function coordsOf(k: number, grid: readonly number[]): number[] {
  const coords = new Array<number>(grid.length);
  for (let d = grid.length - 1; d >= 0; d--) {
    coords[d] = k % grid[d]!;
    k = Math.floor(k / grid[d]!);
  }
  return coords;
}

/**
 * Fixed array ("FAHD" header, "FADB" data block, optionally paged): element k is the chunk at linear
 * position k over the grid of the maximum shape (equal to the shape: fixed arrays index fixed dims).
 */
async function walkFixedArray(ix: IndexContext, header: number, out: ChunkTable): Promise<void> {
  const { ctx } = ix;
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const h = new Cursor(await ctx.reader.read(header, 12 + L + O));
  h.expectSignature('FAHD', 'fixed array header');
  if (h.u8() !== 0) throw new Damaged('fixed array: unknown version');
  const client = h.u8();
  const entrySize = h.u8();
  const pageBits = h.u8();
  const count = h.uint(L);
  const block = requireAddress(ctx, h, 'fixed array data block');
  if (!checksumOk(h.bytes, h.pos)) throw new Damaged('fixed array header: checksum mismatch');
  const sizeBytes = entrySize - O - 4;
  if (client !== (ix.filtered ? 1 : 0) || pageBits > 31) throw new Damaged('fixed array: wrong client or page size');
  if (ix.filtered ? sizeBytes < 1 || sizeBytes > 8 : entrySize !== O)
    throw new Damaged('fixed array: wrong entry size');
  // fixed arrays number chunks over the maximum dims (all finite for this index)
  if (ix.maxShape.some((d) => d === undefined)) throw new Damaged('fixed array index on an unlimited dataset');
  const maxGrid = gridOf(ix.maxShape as number[], ix.layout.chunk);
  if (count !== maxGrid.reduce((a, b) => a * b, 1)) throw new Damaged('fixed array: entry count differs from the grid');
  const perPage = 2 ** pageBits;
  const paged = count > perPage;
  const pages = paged ? Math.ceil(count / perPage) : 1;
  const bitmapBytes = paged ? Math.ceil(pages / 8) : 0;
  const prefix = 6 + O + bitmapBytes;
  const total = prefix + 4 + count * entrySize + (paged ? pages * 4 : 0);
  const bytes = await ctx.reader.read(block, total);
  const c = new Cursor(bytes);
  c.expectSignature('FADB', 'fixed array data block');
  if (c.u8() !== 0 || c.u8() !== client) throw new Damaged('fixed array data block: wrong version or client');
  if (requireAddress(ctx, c, 'fixed array owner') !== header) throw new Damaged('fixed array data block: wrong owner');
  const bitmap = c.take(bitmapBytes);
  if (!paged && !checksumOk(bytes, prefix + count * entrySize)) throw new Damaged('fixed array data block: checksum');
  if (paged && !checksumOk(bytes, prefix)) throw new Damaged('fixed array data block: checksum');
  c.pos = prefix + (paged ? 4 : 0);
  for (let page = 0; page < pages; page++) {
    const first = page * perPage;
    const n = Math.min(perPage, count - first);
    const pageStart = c.pos;
    const initialised = !paged || (bitmap[page >> 3]! & (0x80 >> (page & 7))) !== 0;
    if (paged && initialised && !checksumOk(bytes.subarray(pageStart), n * entrySize))
      throw new Damaged('fixed array page: checksum mismatch');
    for (let k = 0; k < n && initialised; k++) {
      const e = chunkElement(ix, c, sizeBytes);
      const coords = coordsOf(first + k, maxGrid);
      if (e && coords.every((x, d) => x < ix.grid[d]!)) addChunk(ix, out, coords, e);
    }
    c.pos = pageStart + n * entrySize + (paged ? 4 : 0);
  }
}
