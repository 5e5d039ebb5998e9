/**
 * Version-2 B-trees (spec III.A.2: "BTHD" header, "BTIN" internal and "BTLF" leaf nodes, all
 * checksummed). Used for dense link and attribute name indexes (record types 5 and 8) and for chunk
 * indexes of datasets with more than one unlimited dimension (types 10 and 11). Field widths of child
 * pointers follow HDF5's H5B2__hdr_init.
 */
import type { ChunkTable } from './chunk-table.js';
import { type IndexContext, addChunk } from './chunk-index.js';
import { type H5Context, readLength, requireAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import { checksumOk } from './lookup3.js';

const PREFIX = 10; // signature, version, type, checksum
const MAX_DEPTH = 32;
const MAX_NODES = 1_000_000;

const log2floor = (n: number): number => Math.floor(Math.log2(n));
const bytesFor = (n: number): number => Math.floor(log2floor(Math.max(1, n)) / 8) + 1;

interface Level {
  maxRecords: number;
  cumulative: number;
  cumulativeSize: number;
}

function levels(nodeSize: number, recordSize: number, depth: number, O: number): { info: Level[]; nrecSize: number } {
  const leaf = Math.floor((nodeSize - PREFIX) / recordSize);
  if (leaf < 1) throw new Damaged('version-2 B-tree: node too small for a record');
  const nrecSize = bytesFor(leaf);
  const info: Level[] = [{ maxRecords: leaf, cumulative: leaf, cumulativeSize: 0 }];
  for (let d = 1; d <= depth; d++) {
    const pointer = O + nrecSize + (d > 1 ? info[d - 1]!.cumulativeSize : 0);
    const max = Math.floor((nodeSize - (PREFIX + pointer)) / (recordSize + pointer));
    if (max < 1) throw new Damaged('version-2 B-tree: node too small');
    const cumulative = (max + 1) * info[d - 1]!.cumulative + max;
    info.push({ maxRecords: max, cumulative, cumulativeSize: bytesFor(cumulative) });
  }
  return { info, nrecSize };
}

/** Calls `onRecord` with each record's bytes, in key order. */
export async function walkBtreeV2(
  ctx: H5Context,
  at: number,
  type: number,
  onRecord: (record: Uint8Array) => void,
): Promise<void> {
  const O = ctx.sb.sizeOfOffsets;
  const h = new Cursor(await ctx.reader.read(at, 16 + 2 * O + ctx.sb.sizeOfLengths + 4));
  h.expectSignature('BTHD', 'version-2 B-tree header');
  if (h.u8() !== 0 || h.u8() !== type) throw new Damaged(`version-2 B-tree: not of type ${type}`);
  const nodeSize = h.u32();
  const recordSize = h.u16();
  const depth = h.u16();
  h.skip(2);
  const root = requireAddress(ctx, h, 'version-2 B-tree root');
  const rootRecords = h.u16();
  readLength(ctx, h);
  if (!checksumOk(h.bytes, h.pos)) throw new Damaged('version-2 B-tree header: checksum mismatch');
  if (depth > MAX_DEPTH || recordSize < 1 || nodeSize > 1 << 24) throw new Damaged('version-2 B-tree: bad geometry');
  const { info, nrecSize } = levels(nodeSize, recordSize, depth, O);
  let nodes = 0;
  const visit = async (node: number, level: number, records: number): Promise<void> => {
    if (++nodes > MAX_NODES) throw new Damaged('version-2 B-tree: too many nodes');
    if (records > info[level]!.maxRecords) throw new Damaged('version-2 B-tree: node overfull');
    const bytes = await ctx.reader.read(node, Math.min(nodeSize, ctx.reader.size - node));
    const c = new Cursor(bytes);
    c.expectSignature(level === 0 ? 'BTLF' : 'BTIN', 'version-2 B-tree node');
    if (c.u8() !== 0 || c.u8() !== type) throw new Damaged('version-2 B-tree node: wrong version or type');
    const recs: Uint8Array[] = [];
    for (let i = 0; i < records; i++) recs.push(c.take(recordSize));
    const children: Array<[number, number]> = [];
    if (level > 0) {
      for (let i = 0; i <= records; i++) {
        const child = requireAddress(ctx, c, 'version-2 B-tree child');
        const n = c.uint(nrecSize);
        if (level > 1) c.skip(info[level - 1]!.cumulativeSize);
        children.push([child, n]);
      }
    }
    if (!checksumOk(bytes, c.pos)) throw new Damaged('version-2 B-tree node: checksum mismatch');
    for (let i = 0; i <= records; i++) {
      if (level > 0) await visit(children[i]![0], level - 1, children[i]![1]);
      if (i < records) onRecord(recs[i]!);
    }
  };
  if (rootRecords > 0) await visit(root, depth, rootRecords);
}

/** Chunk index records: type 10 (address, scaled offsets) and 11 (address, size, mask, scaled offsets). */
export async function walkBtreeV2Chunks(ix: IndexContext, at: number, out: ChunkTable): Promise<void> {
  const O = ix.ctx.sb.sizeOfOffsets;
  const rank = ix.layout.chunk.length;
  await walkBtreeV2(ix.ctx, at, ix.filtered ? 11 : 10, (record) => {
    const c = new Cursor(record);
    const address = requireAddress(ix.ctx, c, 'chunk');
    const sizeBytes = record.length - O - (ix.filtered ? 4 : 0) - 8 * rank;
    if (ix.filtered && (sizeBytes < 1 || sizeBytes > 8)) throw new Damaged('chunk B-tree record: wrong size');
    const size = ix.filtered ? c.uint(sizeBytes) : ix.chunkBytes;
    const mask = ix.filtered ? c.u32() : 0;
    const coords = Array.from({ length: rank }, () => c.uint(8));
    addChunk(ix, out, coords, { at: address, size, mask });
  });
}
