/**
 * Extensible arrays (spec III.H: "EAHD" header, "EAIB" index block, "EASB" secondary blocks, "EADB"
 * data blocks, all checksummed): the chunk index of datasets with one unlimited dimension. Element k
 * is the chunk at linear position k over the chunk grid with the unlimited axis moved first (HDF5
 * H5Dearray.c swizzles it so), the other axes counted over their maximum dims. The block geometry
 * (super block table) follows H5EA__hdr_init; paged data blocks are refused.
 */
import type { ChunkTable } from './chunk-table.js';
import { type ChunkEntry, type IndexContext, addChunk, chunkElement, gridOf } from './chunk-index.js';
import { type H5Context, readAddress, readLength, requireAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged, Refused } from './errors.js';
import { checksumOk } from './lookup3.js';

interface Header {
  client: number;
  elementSize: number;
  maxBits: number;
  indexElements: number;
  dataMin: number;
  superMinPointers: number;
  pageBits: number;
  elements: number;
  indexBlock: number | undefined;
}

async function readHeader(ctx: H5Context, at: number): Promise<Header> {
  const L = ctx.sb.sizeOfLengths;
  const c = new Cursor(await ctx.reader.read(at, 12 + 6 * L + ctx.sb.sizeOfOffsets + 4));
  c.expectSignature('EAHD', 'extensible array header');
  if (c.u8() !== 0) throw new Damaged('extensible array: unknown version');
  const h = {
    client: c.u8(),
    elementSize: c.u8(),
    maxBits: c.u8(),
    indexElements: c.u8(),
    dataMin: c.u8(),
    superMinPointers: c.u8(),
    pageBits: c.u8(),
  };
  for (let i = 0; i < 5; i++) readLength(ctx, c); // super/data block counts and sizes, max index set
  const elements = readLength(ctx, c);
  const indexBlock = readAddress(ctx, c);
  if (!checksumOk(c.bytes, c.pos)) throw new Damaged('extensible array header: checksum mismatch');
  const pow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
  if (h.maxBits < 1 || h.maxBits > 64 || !pow2(h.dataMin) || !pow2(h.superMinPointers) || h.pageBits > 32)
    throw new Damaged('extensible array: bad geometry');
  return { ...h, elements, indexBlock };
}

interface SuperInfo {
  dataBlocks: number;
  elementsPerBlock: number;
}

/** H5EA__hdr_init's super block table. */
function superBlocks(h: Header): SuperInfo[] {
  const count = 1 + h.maxBits - Math.log2(h.dataMin);
  return Array.from({ length: count }, (_, u) => ({
    dataBlocks: 2 ** Math.floor(u / 2),
    elementsPerBlock: 2 ** Math.floor((u + 1) / 2) * h.dataMin,
  }));
}

export async function walkExtensibleArray(ix: IndexContext, at: number, out: ChunkTable): Promise<void> {
  const { ctx } = ix;
  const O = ctx.sb.sizeOfOffsets;
  const h = await readHeader(ctx, at);
  if (h.client !== (ix.filtered ? 1 : 0)) throw new Damaged('extensible array: wrong client');
  const sizeBytes = h.elementSize - O - 4;
  if (ix.filtered ? sizeBytes < 1 || sizeBytes > 8 : h.elementSize !== O)
    throw new Damaged('extensible array: entry size');
  if (h.indexBlock === undefined) return;
  const unlimited = ix.maxShape.indexOf(undefined);
  if (unlimited < 0 || ix.maxShape.filter((d) => d === undefined).length !== 1)
    throw new Damaged('extensible array index on a dataset without exactly one unlimited axis');
  const place = placer(ix, unlimited);
  const supers = superBlocks(h);
  const inIndex = 2 * Math.log2(h.superMinPointers);
  const dataAddrs = 2 * (h.superMinPointers - 1);
  const superAddrs = Math.max(0, supers.length - inIndex);
  const offsetSize = Math.ceil(h.maxBits / 8);
  const size = 6 + O + h.indexElements * h.elementSize + (dataAddrs + superAddrs) * O + 4;
  const c = new Cursor(await ctx.reader.read(h.indexBlock, size));
  c.expectSignature('EAIB', 'extensible array index block');
  if (c.u8() !== 0 || c.u8() !== h.client) throw new Damaged('extensible array index block: wrong version or client');
  if (requireAddress(ctx, c, 'extensible array owner') !== at) throw new Damaged('extensible array: wrong owner');
  let k = 0;
  const take = (e: ChunkEntry | undefined) => {
    if (e && k < h.elements) place(k, e, out);
    k++;
  };
  for (let i = 0; i < h.indexElements; i++) take(chunkElement(ix, c, sizeBytes));
  const direct = Array.from({ length: dataAddrs }, () => readAddress(ctx, c));
  const secondary = Array.from({ length: superAddrs }, () => readAddress(ctx, c));
  if (!checksumOk(c.bytes, c.pos)) throw new Damaged('extensible array index block: checksum mismatch');
  const readBlock = async (addr: number | undefined, n: number): Promise<void> => {
    if (k >= h.elements) return;
    if (addr === undefined) return void (k += n);
    if (n > 2 ** h.pageBits) throw new Refused('NOT_SUPPORTED', 'paged extensible array data blocks');
    const d = new Cursor(await ctx.reader.read(addr, 6 + O + offsetSize + n * h.elementSize + 4));
    d.expectSignature('EADB', 'extensible array data block');
    if (d.u8() !== 0 || d.u8() !== h.client) throw new Damaged('extensible array data block: wrong version');
    if (requireAddress(ctx, d, 'extensible array owner') !== at) throw new Damaged('extensible array: wrong owner');
    d.skip(offsetSize); // block offset: not needed, the walk knows where each block starts
    for (let i = 0; i < n; i++) take(chunkElement(ix, d, sizeBytes));
    if (!checksumOk(d.bytes, d.pos)) throw new Damaged('extensible array data block: checksum mismatch');
  };
  let next = 0;
  for (let s = 0; s < inIndex && s < supers.length; s++)
    for (let b = 0; b < supers[s]!.dataBlocks; b++) await readBlock(direct[next++], supers[s]!.elementsPerBlock);
  for (let s = inIndex; s < supers.length && k < h.elements; s++) {
    const info = supers[s]!;
    const addr = secondary[s - inIndex];
    if (addr === undefined) {
      k += info.dataBlocks * info.elementsPerBlock;
      continue;
    }
    const sb = new Cursor(await ctx.reader.read(addr, 6 + O + offsetSize + info.dataBlocks * O + 4));
    sb.expectSignature('EASB', 'extensible array secondary block');
    if (sb.u8() !== 0 || sb.u8() !== h.client) throw new Damaged('extensible array secondary block: wrong version');
    if (requireAddress(ctx, sb, 'extensible array owner') !== at) throw new Damaged('extensible array: wrong owner');
    sb.skip(offsetSize);
    const blocks = Array.from({ length: info.dataBlocks }, () => readAddress(ctx, sb));
    if (!checksumOk(sb.bytes, sb.pos)) throw new Damaged('extensible array secondary block: checksum mismatch');
    for (const b of blocks) await readBlock(b, info.elementsPerBlock);
  }
}

/** Puts element k at its chunk: coordinates over the grid with the unlimited axis first (H5Dearray.c). */
function placer(ix: IndexContext, unlimited: number) {
  const fixedGrid = gridOf(
    ix.maxShape.map((d, i) => (i === unlimited ? 1 : d!)),
    ix.layout.chunk,
  );
  const others = fixedGrid.map((_, i) => i).filter((i) => i !== unlimited);
  return (k: number, e: ChunkEntry, out: ChunkTable): void => {
    const coords = new Array<number>(fixedGrid.length);
    let rest = k;
    for (let j = others.length - 1; j >= 0; j--) {
      const axis = others[j]!;
      coords[axis] = rest % fixedGrid[axis]!;
      rest = Math.floor(rest / fixedGrid[axis]!);
    }
    coords[unlimited] = rest;
    if (coords.every((c, d) => c < ix.grid[d]!)) addChunk(ix, out, coords, e);
  };
}
