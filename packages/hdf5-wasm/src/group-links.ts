/**
 * A group's links and an object's kind, read from the file's bytes. h5wasm's link-type calls
 * (get_symbolic_link, get_external_link, get_type) check the path one prefix at a time from the root
 * (H5LTpath_valid), so each costs O(depth²) and deeply nested files list in quadratic time. Reading the
 * links here makes listing linear; h5wasm is then only asked about plain hard links.
 *
 * Handles the two storages h5py and h5wasm write for small groups: link messages in the group's
 * object header (libver 'latest', "compact") and the old symbol table (v1 B-tree of symbol nodes and
 * a local heap for names). Dense storage (a fractal heap, for groups of more than 8 links under libver
 * 'latest') returns undefined: the caller asks h5wasm instead. Bounds-checked; Bounds on any
 * inconsistency.
 */
import { Bounds, type Message, type SuperblockInfo, isSig, objectMessages, u } from './object-header.js';

export type LinkKind = 'hard' | 'soft' | 'external' | 'other';

export interface Link {
  kind: LinkKind;
  /** Hard links: the object header's address (relative to the base address, as in references). */
  address?: number;
  /** Soft links: the path; external links: `file:object`. */
  target?: string;
}

export type ObjectKind = 'group' | 'dataset' | 'datatype';

const MSG_DATASPACE = 0x0001;
const MSG_LINK_INFO = 0x0002;
const MSG_DATATYPE = 0x0003;
const MSG_LINK = 0x0006;
const MSG_ATTRIBUTE = 0x000c;
const MSG_SYMBOL_TABLE = 0x0011;
const MSG_ATTRIBUTE_INFO = 0x0015;
const MAX_BTREE_DEPTH = 64;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** What libhdf5 would call the object (H5O__obj_class: group, then dataset, then datatype), or undefined. */
export function objectKind(messages: readonly Message[]): ObjectKind | undefined {
  const has = (type: number) => messages.some((m) => m.type === type);
  if (has(MSG_SYMBOL_TABLE) || has(MSG_LINK_INFO)) return 'group';
  if (has(MSG_DATATYPE) && has(MSG_DATASPACE)) return 'dataset';
  if (has(MSG_DATATYPE)) return 'datatype';
  return undefined;
}

/** False when the header holds no attribute and no attribute storage: nothing for h5wasm to list. */
export function mayHaveAttributes(messages: readonly Message[]): boolean {
  return messages.some((m) => m.type === MSG_ATTRIBUTE || m.type === MSG_ATTRIBUTE_INFO);
}

/** The header's messages, or undefined when it cannot be read (HDF5 then reports it). */
export function headerMessages(bytes: Uint8Array, sb: SuperblockInfo, address: number): Message[] | undefined {
  try {
    return objectMessages(bytes, sb, address);
  } catch (error) {
    if (error instanceof Bounds) return undefined;
    throw error;
  }
}

/** The links of the group with these header messages, by name; undefined for dense storage or anything unreadable. */
export function groupLinks(
  bytes: Uint8Array,
  sb: SuperblockInfo,
  messages: readonly Message[],
): Map<string, Link> | undefined {
  try {
    const table = messages.find((m) => m.type === MSG_SYMBOL_TABLE);
    if (table) return symbolTableLinks(bytes, sb, table);
    const info = messages.find((m) => m.type === MSG_LINK_INFO);
    if (!info || !linkInfoIsCompact(bytes, sb, info)) return undefined;
    const out = new Map<string, Link>();
    for (const m of messages) {
      if (m.type !== MSG_LINK) continue;
      const [name, link] = linkMessage(bytes, sb, m);
      if (out.has(name)) return undefined; // let HDF5 decide what a duplicate name means
      out.set(name, link);
    }
    return out;
  } catch (error) {
    if (error instanceof Bounds) return undefined;
    throw error;
  }
}

/** Link Info message: compact storage when its fractal heap address is undefined (all ones). */
function linkInfoIsCompact(bytes: Uint8Array, sb: SuperblockInfo, m: Message): boolean {
  if (u(bytes, m.start, 1) !== 0) throw new Bounds();
  const flags = u(bytes, m.start + 1, 1);
  const heap = m.start + 2 + (flags & 0x01 ? 8 : 0);
  for (let i = 0; i < sb.sizeOfOffsets; i++) if (u(bytes, heap + i, 1) !== 0xff) return false;
  return true;
}

/** Link message (0x0006) version 1. */
function linkMessage(bytes: Uint8Array, sb: SuperblockInfo, m: Message): [string, Link] {
  const end = m.start + m.size;
  if (u(bytes, m.start, 1) !== 1) throw new Bounds();
  const flags = u(bytes, m.start + 1, 1);
  let p = m.start + 2;
  let type = 0;
  if (flags & 0x08) type = u(bytes, p++, 1);
  if (flags & 0x04) p += 8; // creation order
  if (flags & 0x10) p += 1; // name character set
  const lengthSize = 1 << (flags & 0x03);
  const nameLength = u(bytes, p, lengthSize);
  p += lengthSize;
  if (nameLength < 1 || p + nameLength > end) throw new Bounds();
  const name = decoder.decode(bytes.subarray(p, p + nameLength));
  p += nameLength;
  if (type === 0) return [name, { kind: 'hard', address: u(bytes, p, sb.sizeOfOffsets) }];
  if (type >= 2 && type < 64) throw new Bounds(); // reserved: HDF5 refuses the message
  const valueLength = u(bytes, p, 2);
  const value = bytes.subarray(p + 2, p + 2 + valueLength);
  if (p + 2 + valueLength > end) throw new Bounds();
  if (type === 1) return [name, { kind: 'soft', target: cString(value, 0) }];
  if (type === 64 && value.length > 1) {
    const file = cString(value, 1);
    const object = cString(value, 1 + new TextEncoder().encode(file).length + 1);
    return [name, { kind: 'external', target: `${file}:${object}` }];
  }
  return [name, { kind: 'other', target: '' }];
}

function cString(bytes: Uint8Array, at: number): string {
  const rest = bytes.subarray(Math.min(at, bytes.length));
  const nul = rest.indexOf(0);
  return decoder.decode(nul >= 0 ? rest.subarray(0, nul) : rest);
}

/**
 * Old-style group (Symbol Table message): a version-1 B-tree of type 0 whose leaves point to symbol
 * table nodes ("SNOD"); names live in the group's local heap. Soft links are entries of cache type 2
 * (their value's heap offset in the scratch pad); every other entry is a hard link.
 */
function symbolTableLinks(bytes: Uint8Array, sb: SuperblockInfo, m: Message): Map<string, Link> {
  const O = sb.sizeOfOffsets;
  const L = sb.sizeOfLengths;
  const btree = sb.baseAddress + u(bytes, m.start, O);
  const heapAt = sb.baseAddress + u(bytes, m.start + O, O);
  if (!isSig(bytes, heapAt, 'HEAP') || u(bytes, heapAt + 4, 1) !== 0) throw new Bounds();
  const heapSize = u(bytes, heapAt + 8, L);
  const heapData = sb.baseAddress + u(bytes, heapAt + 8 + 2 * L, O);
  if (!Number.isSafeInteger(heapData + heapSize) || heapData + heapSize > bytes.length) throw new Bounds();
  const heap = bytes.subarray(heapData, heapData + heapSize);
  const heapString = (offset: number): string => {
    if (offset >= heap.length) throw new Bounds();
    const nul = heap.indexOf(0, offset);
    if (nul < 0) throw new Bounds();
    return decoder.decode(heap.subarray(offset, nul));
  };
  const out = new Map<string, Link>();
  const seen = new Set<number>();
  const entrySize = 2 * O + 24;
  const visit = (at: number, depth: number): void => {
    if (depth > MAX_BTREE_DEPTH || seen.has(at) || !Number.isSafeInteger(at)) throw new Bounds();
    seen.add(at);
    if (isSig(bytes, at, 'SNOD')) {
      if (u(bytes, at + 4, 1) !== 1) throw new Bounds();
      const count = u(bytes, at + 6, 2);
      for (let i = 0; i < count; i++) {
        const e = at + 8 + i * entrySize;
        const name = heapString(u(bytes, e, O));
        const address = u(bytes, e + O, O);
        const cacheType = u(bytes, e + 2 * O, 4);
        if (name.length === 0 || out.has(name)) throw new Bounds();
        out.set(
          name,
          cacheType === 2
            ? { kind: 'soft', target: heapString(u(bytes, e + 2 * O + 8, 4)) }
            : { kind: 'hard', address },
        );
      }
      return;
    }
    if (!isSig(bytes, at, 'TREE') || u(bytes, at + 4, 1) !== 0) throw new Bounds();
    const used = u(bytes, at + 6, 2);
    const level = u(bytes, at + 5, 1);
    for (let i = 0; i < used; i++) {
      const child = sb.baseAddress + u(bytes, at + 8 + 2 * O + L + i * (O + L), O);
      if (level > 0 && !isSig(bytes, child, 'TREE')) throw new Bounds();
      if (level === 0 && !isSig(bytes, child, 'SNOD')) throw new Bounds();
      visit(child, depth + 1);
    }
  };
  visit(btree, 0);
  return out;
}
