/**
 * Old-style groups (spec III.A.1, III.C, III.D): a version-1 B-tree of type 0 whose leaves are symbol
 * table nodes ("SNOD"); names live in the group's local heap ("HEAP"). Entries with cache type 2 are
 * soft links (their target's heap offset in the scratch pad); every other entry is a hard link.
 */
import { type H5Context, readAddress, readLength, requireAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import type { NamedLink } from './link.js';
import { cString } from './utf8.js';

const MAX_DEPTH = 64;
const MAX_NODES = 100_000;

async function localHeap(ctx: H5Context, at: number): Promise<Uint8Array> {
  const L = ctx.sb.sizeOfLengths;
  const c = new Cursor(await ctx.reader.read(at, 8 + 2 * L + ctx.sb.sizeOfOffsets));
  c.expectSignature('HEAP', 'local heap');
  if (c.u8() !== 0) throw new Damaged('local heap: unknown version');
  c.skip(3);
  const size = readLength(ctx, c);
  const freeList = c.isUndefined(L) ? undefined : c.uint(L);
  if (freeList === undefined) c.skip(L);
  const data = requireAddress(ctx, c, 'local heap data');
  if (size > ctx.reader.size - data) throw new Damaged('local heap: its data runs past the end of the file');
  const heap = await ctx.reader.read(data, size);
  checkFreeList(heap, freeList, L);
  return heap;
}

/**
 * libhdf5 walks a local heap's free list whenever it loads the heap (H5HLcache.c), trusting it: a
 * block pointing back into the list loops forever. Each block must lie inside the heap, once.
 */
function checkFreeList(heap: Uint8Array, head: number | undefined, L: number): void {
  const FREE_NULL = 1; // libhdf5's end of the list (H5HLprivate.h), besides the undefined address
  const seen = new Set<number>();
  for (let at = head; at !== undefined && at !== FREE_NULL; ) {
    if (seen.has(at) || at + 2 * L > heap.length) throw new Damaged('local heap: its free list is corrupt');
    seen.add(at);
    const c = new Cursor(heap, at);
    const last = c.isUndefined(L);
    const next = c.uint(L);
    const blockSize = c.uint(L);
    if (blockSize < 2 * L || at + blockSize > heap.length) throw new Damaged('local heap: its free list is corrupt');
    at = last ? undefined : next;
  }
}

function heapString(heap: Uint8Array, offset: number): string {
  if (offset >= heap.length) throw new Damaged('local heap: name offset past the heap');
  const rest = heap.subarray(offset);
  if (rest.indexOf(0) < 0) throw new Damaged('local heap: unterminated name');
  return cString(rest, 'group member name');
}

async function symbolNode(ctx: H5Context, at: number, heap: Uint8Array, out: NamedLink[]): Promise<void> {
  const O = ctx.sb.sizeOfOffsets;
  const entrySize = 2 * O + 24;
  // the node's whole size, as libhdf5 reads it (2K entries): a K that does not fit the file is damage
  const bytes = await ctx.reader.read(at, 8 + 2 * ctx.sb.groupLeafK * entrySize);
  const head = new Cursor(bytes);
  head.expectSignature('SNOD', 'symbol table node');
  if (head.u8() !== 1) throw new Damaged('symbol table node: unknown version');
  head.skip(1);
  const count = head.u16();
  if (count > 2 * ctx.sb.groupLeafK) throw new Damaged('symbol table node: more entries than 2K');
  const c = new Cursor(bytes, 8);
  for (let i = 0; i < count; i++) {
    const start = c.pos;
    const name = heapString(heap, c.uint(O));
    const address = readAddress(ctx, c);
    const cacheType = c.u32();
    c.skip(4);
    if (name.length === 0 || name.includes('/')) throw new Damaged(`group member name "${name}" is invalid`);
    if (cacheType === 2) {
      // the scratch pad follows the reserved word: its first 4 bytes are the target's heap offset
      out.push({ name, link: { kind: 'soft-link', target: heapString(heap, c.u32()) } });
    } else {
      if (address === undefined) throw new Damaged(`group member "${name}": undefined address`);
      out.push({ name, link: { kind: 'hard', address } });
    }
    c.pos = start + entrySize;
  }
}

/** Every link of an old-style group, given its Symbol Table message. */
export async function symbolTableLinks(ctx: H5Context, message: Uint8Array): Promise<NamedLink[]> {
  const m = new Cursor(message);
  const btree = requireAddress(ctx, m, 'group B-tree');
  const heap = await localHeap(ctx, requireAddress(ctx, m, 'group local heap'));
  const O = ctx.sb.sizeOfOffsets;
  const L = ctx.sb.sizeOfLengths;
  const out: NamedLink[] = [];
  const seen = new Set<number>();
  const visit = async (at: number, depth: number, level: number | undefined): Promise<void> => {
    if (depth > MAX_DEPTH || seen.has(at) || seen.size > MAX_NODES) throw new Damaged('group B-tree: loop or too deep');
    seen.add(at);
    const head = new Cursor(await ctx.reader.read(at, 8 + 2 * O));
    head.expectSignature('TREE', 'group B-tree node');
    if (head.u8() !== 0) throw new Damaged('group B-tree: node type is not 0');
    const nodeLevel = head.u8();
    if (level !== undefined && nodeLevel !== level) throw new Damaged('group B-tree: inconsistent levels');
    const used = head.u16();
    if (used > 2 * ctx.sb.groupInternalK) throw new Damaged('group B-tree: more children than 2K');
    const c = new Cursor(await ctx.reader.read(at + 8 + 2 * O, 2 * ctx.sb.groupInternalK * (L + O) + L));
    const children: number[] = [];
    // keys are heap offsets of names, which libhdf5 reads when it looks a name up
    const key = () => heapString(heap, c.uint(L));
    for (let i = 0; i < used; i++) {
      key();
      children.push(requireAddress(ctx, c, 'group B-tree child'));
    }
    if (used > 0) key();
    const results = children.map((child) =>
      nodeLevel > 0 ? visit(child, depth + 1, nodeLevel - 1) : symbolNodeInto(child),
    );
    await Promise.all(results);
  };
  const nodes = new Map<number, NamedLink[]>();
  const order: number[] = [];
  const symbolNodeInto = async (at: number): Promise<void> => {
    if (nodes.has(at)) throw new Damaged('group B-tree: symbol node listed twice');
    order.push(at);
    const links: NamedLink[] = [];
    nodes.set(at, links);
    await symbolNode(ctx, at, heap, links);
  };
  await visit(btree, 0, undefined);
  for (const at of order) out.push(...nodes.get(at)!);
  return out;
}
