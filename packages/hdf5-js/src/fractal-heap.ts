/**
 * Fractal heaps (spec III.G: "FRHP" header, "FHIB" indirect and "FHDB" direct blocks): where dense
 * storage keeps link and attribute messages. The block tree is walked once into a list of direct
 * blocks; a heap ID is then resolved to its bytes. Managed, tiny and huge objects are read (huge:
 * larger than a direct block, e.g. an attribute of 1 MiB, stored at their own address: in the heap ID
 * itself when it is long enough, else in a version-2 B-tree of type 1, as libhdf5's H5HFhuge.c).
 * Filtered heaps (which HDF5 writes for neither links nor attributes) are refused.
 */
import { walkBtreeV2 } from './btree-v2.js';
import { type H5Context, readAddress, readLength, requireAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged, Refused } from './errors.js';
import { checksumOk, lookup3 } from './lookup3.js';

interface DirectBlock {
  offset: number;
  bytes: Uint8Array;
}

const MAX_BLOCKS = 100_000;

export class FractalHeap {
  private constructor(
    private readonly ctx: H5Context,
    readonly idLength: number,
    private readonly offsetSize: number,
    private readonly lengthSize: number,
    private readonly blocks: DirectBlock[],
    /** Version-2 B-tree of huge objects (type 1: address, length, id), when IDs do not hold them. */
    private readonly hugeIndex: number | undefined,
  ) {}

  static async open(ctx: H5Context, at: number): Promise<FractalHeap> {
    const O = ctx.sb.sizeOfOffsets;
    const L = ctx.sb.sizeOfLengths;
    const c = new Cursor(await ctx.reader.read(at, Math.min(ctx.reader.size - at, 22 + 12 * L + 3 * O + 32)));
    c.expectSignature('FRHP', 'fractal heap');
    if (c.u8() !== 0) throw new Damaged('fractal heap: unknown version');
    const idLength = c.u16();
    const filtersLength = c.u16();
    const flags = c.u8();
    const maxManaged = c.u32();
    readLength(ctx, c); // next huge object id
    const hugeIndex = readAddress(ctx, c);
    readLength(ctx, c); // free space
    readAddress(ctx, c); // free-space manager
    for (let i = 0; i < 8; i++) readLength(ctx, c); // managed space ... number of tiny objects
    const width = c.u16();
    const start = readLength(ctx, c);
    const maxDirect = readLength(ctx, c);
    const maxHeapBits = c.u16();
    c.skip(2); // starting rows
    const root = readAddress(ctx, c);
    const rows = c.u16();
    if (filtersLength > 0) throw new Refused('NOT_SUPPORTED', 'fractal heap with I/O filters');
    if (!checksumOk(c.bytes, c.pos)) throw new Damaged('fractal heap header: checksum mismatch');
    const pow2 = (n: number) => n > 0 && Number.isSafeInteger(n) && (n & (n - 1)) === 0;
    if (width < 1 || width > 65536 || !pow2(width) || !pow2(start) || !pow2(maxDirect) || maxDirect < start)
      throw new Damaged('fractal heap: bad doubling table');
    if (maxHeapBits < 1 || maxHeapBits > 64) throw new Damaged('fractal heap: bad maximum size');
    const offsetSize = Math.ceil(maxHeapBits / 8);
    const lengthSize = Math.min(
      Math.ceil(Math.log2(maxDirect) / 8),
      Math.floor(Math.log2(Math.max(1, maxManaged)) / 8) + 1,
    );
    const geometry = { width, start, maxDirect, offsetSize, checksummed: (flags & 0x02) !== 0, header: at };
    const blocks: DirectBlock[] = [];
    if (root !== undefined) {
      if (rows === 0) blocks.push(await directBlock(ctx, geometry, root, 0, start));
      else await indirectBlock(ctx, geometry, root, 0, rows, blocks, 0);
    }
    return new FractalHeap(ctx, idLength, offsetSize, lengthSize, blocks, hugeIndex);
  }

  /** The bytes of the object a heap ID names. */
  async object(id: Uint8Array): Promise<Uint8Array> {
    const c = new Cursor(id);
    const head = c.u8();
    if (head >> 6 !== 0) throw new Damaged('fractal heap ID: unknown version');
    const type = (head >> 4) & 0x03;
    if (type === 2) {
      const length = (head & 0x0f) + 1;
      return c.take(length);
    }
    if (type === 1) return this.huge(c);
    if (type !== 0) throw new Damaged('fractal heap ID: unknown type');
    const offset = c.uint(this.offsetSize);
    const length = c.uint(this.lengthSize);
    const block = this.blocks.find((b) => offset >= b.offset && offset < b.offset + b.bytes.length);
    if (!block) throw new Damaged(`fractal heap: no block holds offset ${offset}`);
    const from = offset - block.offset;
    if (from + length > block.bytes.length) throw new Damaged('fractal heap: object runs past its block');
    return block.bytes.subarray(from, from + length);
  }

  /** A huge object: its address and length in the ID (long IDs), or its ID's record in the B-tree. */
  private async huge(c: Cursor): Promise<Uint8Array> {
    const { ctx } = this;
    const O = ctx.sb.sizeOfOffsets;
    const L = ctx.sb.sizeOfLengths;
    let at: number;
    let length: number;
    if (this.idLength >= 1 + O + L) {
      at = requireAddress(ctx, c, 'huge heap object');
      length = readLength(ctx, c);
    } else {
      if (this.hugeIndex === undefined) throw new Damaged('fractal heap: a huge object but no huge-object index');
      const key = c.uint(Math.min(this.idLength - 1, 8));
      let found: { at: number; length: number } | undefined;
      await walkBtreeV2(ctx, this.hugeIndex, 1, (record) => {
        const r = new Cursor(record);
        const recordAt = requireAddress(ctx, r, 'huge heap object');
        const recordLength = readLength(ctx, r);
        if (r.uint(L) === key) found = { at: recordAt, length: recordLength };
      });
      if (!found) throw new Damaged(`fractal heap: no huge object ${key}`);
      ({ at, length } = found);
    }
    // what the file stores bounds what is read: a length past its end is damage, never an allocation
    if (length > ctx.reader.size - at) throw new Damaged('fractal heap: huge object runs past the end of the file');
    return ctx.reader.read(at, length);
  }
}

interface Geometry {
  width: number;
  start: number;
  maxDirect: number;
  offsetSize: number;
  checksummed: boolean;
  header: number;
}

const rowSize = (g: Geometry, row: number): number => (row === 0 ? g.start : g.start * 2 ** (row - 1));

async function directBlock(
  ctx: H5Context,
  g: Geometry,
  at: number,
  offset: number,
  size: number,
): Promise<DirectBlock> {
  const bytes = await ctx.reader.read(at, size);
  const c = new Cursor(bytes);
  c.expectSignature('FHDB', 'fractal heap direct block');
  if (c.u8() !== 0) throw new Damaged('fractal heap direct block: unknown version');
  if (requireAddress(ctx, c, 'fractal heap owner') !== g.header) throw new Damaged('fractal heap block: wrong owner');
  if (c.uint(g.offsetSize) !== offset) throw new Damaged('fractal heap direct block: wrong offset');
  if (g.checksummed) {
    const stored = c.u32();
    const copy = new Uint8Array(bytes); // a copy, whatever the source returned (a Buffer's slice shares)
    copy.fill(0, c.pos - 4, c.pos);
    if (lookup3(copy) !== stored) throw new Damaged('fractal heap direct block: checksum mismatch');
  }
  return { offset, bytes };
}

async function indirectBlock(
  ctx: H5Context,
  g: Geometry,
  at: number,
  offset: number,
  rows: number,
  out: DirectBlock[],
  depth: number,
): Promise<void> {
  const O = ctx.sb.sizeOfOffsets;
  const maxDirectRows = Math.log2(g.maxDirect) - Math.log2(g.start) + 2;
  if (depth > 16 || rows > 64) throw new Damaged('fractal heap: indirect blocks too deep');
  const size = 5 + O + g.offsetSize + rows * g.width * O + 4;
  const bytes = await ctx.reader.read(at, size);
  const c = new Cursor(bytes);
  c.expectSignature('FHIB', 'fractal heap indirect block');
  if (c.u8() !== 0) throw new Damaged('fractal heap indirect block: unknown version');
  if (requireAddress(ctx, c, 'fractal heap owner') !== g.header) throw new Damaged('fractal heap block: wrong owner');
  if (c.uint(g.offsetSize) !== offset) throw new Damaged('fractal heap indirect block: wrong offset');
  if (!checksumOk(bytes, size - 4)) throw new Damaged('fractal heap indirect block: checksum mismatch');
  let next = offset;
  for (let row = 0; row < rows; row++) {
    const blockSize = rowSize(g, row);
    for (let col = 0; col < g.width; col++) {
      const child = readAddress(ctx, c);
      if (child !== undefined) {
        if (out.length >= MAX_BLOCKS) throw new Damaged('fractal heap: too many blocks');
        if (row < maxDirectRows) out.push(await directBlock(ctx, g, child, next, blockSize));
        else {
          const childRows = Math.log2(blockSize) - Math.log2(g.start * g.width) + 1;
          await indirectBlock(ctx, g, child, next, childRows, out, depth + 1);
        }
      }
      next += blockSize;
    }
  }
}
