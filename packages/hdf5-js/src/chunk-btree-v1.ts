/**
 * The version-1 B-tree chunk index (spec III.A.1, node type 1), walked into a ChunkTable without garbage:
 * level by level, a batch of nodes at a time, each read into a scratch buffer of the walk's own and parsed
 * in place, its chunks recorded straight into the table's typed arrays. The 2.27 GB model's index has
 * 2,600+ nodes over 168,646 chunks: a Cursor, a Uint8Array per read, cached blocks and a promise chain per
 * node made tens of megabytes of short-lived garbage, which stayed resident long after the walk.
 */
import type { BlockReader } from './block-reader.js';
import type { IndexContext } from './chunk-index.js';
import type { ChunkTable } from './chunk-table.js';
import { Damaged } from './errors.js';

const MAX_DEPTH = 64;
const MAX_NODES = 1_000_000;
/**
 * Nodes of one level read at once from a remote source, which fetches a batch's nodes in shared round
 * trips (its blocks merged); only a batch's nodes are held at a time (a whole level at once held the
 * 168,646-chunk index whole). A local file read at once gains nothing from batches: one node at a time.
 */
const REMOTE_BATCH = 256;

/** An unsigned little-endian integer of `size` bytes (1-8; above 2^53 only exactness is lost). */
function uintAt(b: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + b[at + i]!;
  return value;
}

/** A node's child address (requireAddress's rules: defined, inside the file). */
function childAt(ix: IndexContext, b: Uint8Array, at: number): number {
  const O = ix.ctx.sb.sizeOfOffsets;
  let undefinedAddress = true;
  for (let i = 0; i < O && undefinedAddress; i++) undefinedAddress = b[at + i] === 0xff;
  if (undefinedAddress) throw new Damaged('chunk B-tree child: undefined address');
  const address = ix.ctx.sb.baseAddress + uintAt(b, at, O);
  if (!Number.isSafeInteger(address) || address >= ix.ctx.reader.size)
    throw new Damaged(`address ${address} lies past the end of the file`);
  return address;
}

/** The walk's node buffers, one per node of a batch, and the most bytes a node of this tree has taken. */
interface Scratch {
  slots: Uint8Array[];
  nodeBytes: number;
}

/**
 * A node read whole into `scratch.slots[slot]` (grown when a node needs more): its bytes (signature
 * checked). It is read in one go at the size of the largest node seen (the rest, if any, in a second
 * read), straight into the slot: nodes of a tree are that size but the last of a level.
 */
async function readNode(reader: BlockReader, scratch: Scratch, slot: number, at: number, O: number, keySize: number) {
  const head = 8 + 2 * O;
  let bytes = scratch.slots[slot]!;
  if (bytes.length < scratch.nodeBytes) scratch.slots[slot] = bytes = new Uint8Array(scratch.nodeBytes);
  const first = Math.max(head, Math.min(scratch.nodeBytes, reader.size - at));
  await reader.readOnce(at, bytes.subarray(0, first));
  // signature and node type before the body's length is believed
  if (bytes[0] !== 0x54 || bytes[1] !== 0x52 || bytes[2] !== 0x45 || bytes[3] !== 0x45)
    throw new Damaged('chunk B-tree node: signature "TREE" not found');
  if (bytes[4] !== 1) throw new Damaged('chunk B-tree: node type is not 1');
  const used = bytes[6]! | (bytes[7]! << 8);
  const total = head + used * (keySize + O) + keySize;
  if (bytes.length < total) {
    const grown = new Uint8Array(total);
    grown.set(bytes.subarray(0, first));
    scratch.slots[slot] = bytes = grown;
  }
  if (total > first) await reader.readOnce(at + first, bytes.subarray(first, total));
  scratch.nodeBytes = Math.max(scratch.nodeBytes, total);
  return bytes;
}

/**
 * Parses one node read by readNode: its chunks go to `out`, its children (inner nodes) to `next`.
 * `level`: the level the node must have (undefined for the root); returns the node's level.
 */
function parseNode(ix: IndexContext, b: Uint8Array, level: number | undefined, out: ChunkTable, next: number[]) {
  const O = ix.ctx.sb.sizeOfOffsets;
  const { chunk } = ix.layout;
  const rank = chunk.length;
  const nodeLevel = b[5]!;
  if (level !== undefined && nodeLevel !== level) throw new Damaged('chunk B-tree: inconsistent levels');
  const used = b[6]! | (b[7]! << 8);
  let p = 8 + 2 * O;
  for (let i = 0; i < used; i++) {
    const size = uintAt(b, p, 4);
    const mask = uintAt(b, p + 4, 4);
    p += 8;
    // the chunk's linear position, computed as its coordinates are read (no array per chunk)
    let k = 0;
    let outside = false;
    for (let d = 0; d < rank; d++, p += 8) {
      const offset = uintAt(b, p, 8);
      if (offset % chunk[d]! !== 0) throw new Damaged('chunk B-tree: offset not on the chunk grid');
      const x = offset / chunk[d]!;
      if (!(x < ix.grid[d]!)) outside = true;
      k = k * ix.grid[d]! + x;
    }
    p += 8; // the element offset, always 0
    const child = childAt(ix, b, p);
    p += O;
    if (nodeLevel > 0) next.push(child);
    else if (outside) throw new Damaged('chunk index: a chunk lies outside the dataset');
    else out.add(k, child, size, mask);
  }
  return nodeLevel;
}

/** Walks the v1 B-tree at `root` into `out` (see the file's comment); loops, depth and levels are refused. */
export async function walkBtreeV1(ix: IndexContext, root: number, out: ChunkTable): Promise<void> {
  const O = ix.ctx.sb.sizeOfOffsets;
  const keySize = 8 + 8 * (ix.layout.chunk.length + 1);
  const batch = ix.ctx.reader.readsAtOnce ? 1 : REMOTE_BATCH;
  const scratch: Scratch = { slots: Array.from({ length: batch }, () => new Uint8Array(0)), nodeBytes: 8 + 2 * O };
  const seen = new Set<number>();
  let nodes = [root];
  let level: number | undefined;
  for (let depth = 0; nodes.length > 0; depth++) {
    if (depth > MAX_DEPTH) throw new Damaged('chunk B-tree: loop or too deep');
    const next: number[] = [];
    for (let i = 0; i < nodes.length; i += batch) {
      const n = Math.min(batch, nodes.length - i);
      for (let j = 0; j < n; j++) {
        const at = nodes[i + j]!;
        if (seen.has(at) || seen.size > MAX_NODES) throw new Damaged('chunk B-tree: loop or too deep');
        seen.add(at);
      }
      // the batch's reads all settle before one's failure propagates: none still fills a scratch after
      const read = await Promise.allSettled(
        Array.from({ length: n }, (_, j) => readNode(ix.ctx.reader, scratch, j, nodes[i + j]!, O, keySize)),
      );
      for (const r of read) {
        if (r.status === 'rejected') throw r.reason;
        // chunks are recorded in the order the nodes lie in their level: ascending in a well-formed tree
        const nodeLevel = parseNode(ix, r.value, level, out, next);
        level ??= nodeLevel;
      }
    }
    if (level !== undefined) level--; // children lie one level below their parent
    nodes = next;
  }
}
