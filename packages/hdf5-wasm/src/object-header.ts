/**
 * Reads a dataset's storage description straight from the file's bytes.
 *
 * h5wasm 0.10.3 exposes neither H5Pget_layout (contiguous vs compact) nor H5Pget_external_count
 * (HDF5 external file lists), and its wasm build exports no H5P functions we could call. It does
 * expose H5Rcreate(H5R_OBJECT), whose 8-byte result is the object header's address, so we walk that
 * header ourselves (HDF5 file format spec, "Disk Format: Level 2A") and look for the Data Layout
 * (0x0008) and External Data Files (0x0007) messages. Everything here is bounds-checked; any
 * inconsistency returns undefined and the caller treats the dataset as unverifiable.
 */
import type { Layout } from '@icepickle/core';

export interface SuperblockInfo {
  /** Absolute position that object addresses are relative to. */
  baseAddress: number;
  sizeOfOffsets: number;
  sizeOfLengths: number;
}

export interface StorageDescription {
  layout: Layout;
  external: boolean;
  /** Dims from the dataspace message (used for virtual datasets, which we never open). */
  shape?: number[];
  /**
   * Contiguous data's absolute position and stored size in the file (layout message v3+, allocated),
   * given only when the element type is a plain IEEE float, a full-precision integer or an enum
   * (the bytes then mean what a typed array reads).
   */
  contiguous?: { offset: number; size: number };
  /** Where a chunked dataset's chunk index is (chunk-index.ts walks it). */
  chunkIndex?: ChunkIndexRef;
  /**
   * Variable-length data stored contiguously or compactly: the bytes its references say it decodes to
   * (the sum of their length fields). More than the file holds means heap objects referenced over and
   * over, a memory bomb; readers refuse it before HDF5 decodes anything.
   */
  vlenBytes?: bigint;
}

/** The kinds of chunk index HDF5 writes (layout message v4 names all but the first). */
export type ChunkIndexKind = 'btree-v1' | 'single' | 'implied' | 'fixed-array' | 'extensible-array' | 'btree-v2';

/** A chunked layout as its Data Layout message declares it. */
export interface ChunkIndexRef {
  kind: ChunkIndexKind;
  /** Absolute position of the index (of the chunk itself for 'single', of the first chunk for 'implied'); undefined when nothing was ever written. */
  at?: number;
  /** Chunk shape, one entry per dataset axis. */
  chunk: number[];
  /** Bytes per element as the layout declares it (one chunk is chunk's product times this). */
  itemSize: number;
  /** 'single' with filters: the stored size and filter mask of that chunk. */
  single?: { size: number; mask: number };
  /** Layout v4 flag: partial edge chunks are stored without filters. */
  unfilteredEdges?: boolean;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const MSG_DATASPACE = 0x0001;
const MSG_DATATYPE = 0x0003;
const MSG_EXTERNAL_FILES = 0x0007;
const MSG_LAYOUT = 0x0008;
const MSG_CONTINUATION = 0x0010;
const MAX_BLOCKS = 1024;
const MAX_MESSAGES = 65536;

/** Thrown by every reader here when a field lies outside the file or contradicts another. */
export class Bounds extends Error {}

/** An unsigned little-endian integer of `size` bytes at `at`, bounds-checked. */
export function u(bytes: Uint8Array, at: number, size: number): number {
  if (at < 0 || at + size > bytes.length) throw new Bounds();
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[at + i]!;
  return value;
}

/** Finds the superblock (at 0, 512, 1024, ...) as HDF5 does. */
export function readSuperblock(bytes: Uint8Array): SuperblockInfo | undefined {
  try {
    for (let at = 0; at + 16 <= bytes.length; at = at === 0 ? 512 : at * 2) {
      if (!SIGNATURE.every((b, i) => bytes[at + i] === b)) continue;
      const version = u(bytes, at + 8, 1);
      if (version <= 1) {
        const sizeOfOffsets = u(bytes, at + 13, 1);
        const sizeOfLengths = u(bytes, at + 14, 1);
        const baseAddress = u(bytes, at + (version === 0 ? 24 : 28), sizeOfOffsets);
        return { baseAddress, sizeOfOffsets, sizeOfLengths };
      }
      const sizeOfOffsets = u(bytes, at + 9, 1);
      const sizeOfLengths = u(bytes, at + 10, 1);
      const baseAddress = u(bytes, at + 12, sizeOfOffsets);
      return { baseAddress, sizeOfOffsets, sizeOfLengths };
    }
  } catch {
    // fall through
  }
  return undefined;
}

export interface Message {
  type: number;
  flags: number;
  start: number;
  size: number;
}

function messagesV1(bytes: Uint8Array, sb: SuperblockInfo, address: number): Message[] {
  const at = sb.baseAddress + address;
  if (u(bytes, at, 1) !== 1) throw new Bounds();
  const headerSize = u(bytes, at + 8, 4);
  const out: Message[] = [];
  const blocks: Array<[number, number]> = [[at + 16, headerSize]];
  const seen = new Set<number>();
  while (blocks.length > 0) {
    const [start, length] = blocks.shift()!;
    if (seen.has(start) || seen.size > MAX_BLOCKS) throw new Bounds();
    seen.add(start);
    const end = start + length;
    if (end > bytes.length) throw new Bounds();
    let p = start;
    while (p + 8 <= end) {
      const type = u(bytes, p, 2);
      const size = u(bytes, p + 2, 2);
      const flags = u(bytes, p + 4, 1);
      const data = p + 8;
      if (data + size > end) throw new Bounds();
      out.push({ type, flags, start: data, size });
      if (out.length > MAX_MESSAGES) throw new Bounds();
      if (type === MSG_CONTINUATION) {
        blocks.push([
          sb.baseAddress + u(bytes, data, sb.sizeOfOffsets),
          u(bytes, data + sb.sizeOfOffsets, sb.sizeOfLengths),
        ]);
      }
      p = data + size;
    }
  }
  return out;
}

export function isSig(bytes: Uint8Array, at: number, sig: string): boolean {
  for (let i = 0; i < 4; i++) if (bytes[at + i] !== sig.charCodeAt(i)) return false;
  return true;
}

function messagesV2(bytes: Uint8Array, sb: SuperblockInfo, address: number): Message[] {
  let at = sb.baseAddress + address;
  if (!isSig(bytes, at, 'OHDR') || u(bytes, at + 4, 1) !== 2) throw new Bounds();
  const flags = u(bytes, at + 5, 1);
  at += 6;
  if (flags & 0x20) at += 16;
  if (flags & 0x10) at += 4;
  const sizeField = 1 << (flags & 0x03);
  const chunk0 = u(bytes, at, sizeField);
  at += sizeField;
  const tracked = (flags & 0x04) !== 0;
  const headerLen = 4 + (tracked ? 2 : 0);
  const out: Message[] = [];
  const blocks: Array<[number, number]> = [[at, chunk0]];
  const seen = new Set<number>();
  let first = true;
  while (blocks.length > 0) {
    let [start, length] = blocks.shift()!;
    if (seen.has(start) || seen.size > MAX_BLOCKS) throw new Bounds();
    seen.add(start);
    if (!first) {
      // continuation block: "OCHK", messages, checksum
      if (!isSig(bytes, start, 'OCHK')) throw new Bounds();
      start += 4;
      length -= 8;
    }
    first = false;
    const end = start + length;
    if (length < 0 || end > bytes.length) throw new Bounds();
    let p = start;
    while (p + headerLen <= end) {
      const type = u(bytes, p, 1);
      const size = u(bytes, p + 1, 2);
      const flags = u(bytes, p + 3, 1);
      const data = p + headerLen;
      if (data + size > end) throw new Bounds();
      out.push({ type, flags, start: data, size });
      if (out.length > MAX_MESSAGES) throw new Bounds();
      if (type === MSG_CONTINUATION) {
        blocks.push([
          sb.baseAddress + u(bytes, data, sb.sizeOfOffsets),
          u(bytes, data + sb.sizeOfOffsets, sb.sizeOfLengths),
        ]);
      }
      p = data + size;
    }
  }
  return out;
}

/** Every message of the object header at `address` (v1 or v2 header, continuation blocks followed). */
export function objectMessages(bytes: Uint8Array, sb: SuperblockInfo, address: number): Message[] {
  const at = sb.baseAddress + address;
  return isSig(bytes, at, 'OHDR') ? messagesV2(bytes, sb, address) : messagesV1(bytes, sb, address);
}

const LAYOUT_CLASSES: Record<number, Layout> = { 0: 'compact', 1: 'contiguous', 2: 'chunked', 3: 'virtual' };

function dataspaceShape(bytes: Uint8Array, sb: SuperblockInfo, m: Message): number[] | undefined {
  const version = u(bytes, m.start, 1);
  const rank = u(bytes, m.start + 1, 1);
  const dims = m.start + (version === 1 ? 8 : 4);
  if (version === 2 && u(bytes, m.start + 3, 1) === 2) return undefined; // null dataspace
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(u(bytes, dims + i * sb.sizeOfLengths, sb.sizeOfLengths));
  return shape;
}

/** IEEE 754 binary32/binary64 as HDF5 describes them: [precision, exponent location, exponent size, mantissa size, bias]. */
const IEEE: Record<number, number[]> = { 4: [32, 23, 8, 23, 127], 8: [64, 52, 11, 52, 1023] };

/** True for types whose stored bytes a DataView reads as HDF5 would convert them. */
function isStandardNumber(bytes: Uint8Array, m: Message): boolean {
  if (m.flags & 0x02) return false; // a shared (committed) datatype: not described here
  const cls = u(bytes, m.start, 1) & 0x0f;
  const bits = u(bytes, m.start + 1, 3);
  const size = u(bytes, m.start + 4, 4);
  const props = m.start + 8;
  if (cls === 0) return u(bytes, props, 2) === 0 && u(bytes, props + 2, 2) === size * 8 && (bits & 0x06) === 0;
  if (cls === 1) {
    const ieee = IEEE[size];
    if (!ieee || bits & 0x40) return false; // other sizes, VAX byte order
    const [precision, expLoc, expSize, mantSize, bias] = ieee as [number, number, number, number, number];
    return (
      u(bytes, props, 2) === 0 &&
      u(bytes, props + 2, 2) === precision &&
      u(bytes, props + 4, 1) === expLoc &&
      u(bytes, props + 5, 1) === expSize &&
      u(bytes, props + 6, 1) === 0 &&
      u(bytes, props + 7, 1) === mantSize &&
      u(bytes, props + 8, 4) === bias &&
      ((bits >> 4) & 0x03) === 2 && // implied leading 1
      ((bits >> 8) & 0xff) === precision - 1 // sign bit
    );
  }
  return cls === 8; // enums (h5py bools): read as their base integers, then 0/1
}

const VLEN_CLASS = 9;

/**
 * The sum of the length fields of the variable-length references (length 4, heap address O, index 4)
 * stored in `size` bytes at absolute offset `at`; undefined when they are not all inside the file.
 */
export function vlenReferenceBytes(
  bytes: Uint8Array,
  sb: SuperblockInfo,
  at: number,
  size: number,
): bigint | undefined {
  const ref = 8 + sb.sizeOfOffsets;
  if (!Number.isSafeInteger(at + size) || at + size > bytes.length) return undefined;
  let total = 0n;
  for (let p = at; p + ref <= at + size; p += ref) total += BigInt(u(bytes, p, 4));
  return total;
}

/** Layout and external storage of the dataset whose object header starts at `address`. */
export function describeStorage(
  bytes: Uint8Array,
  sb: SuperblockInfo,
  address: number,
): StorageDescription | undefined {
  try {
    const at = sb.baseAddress + address;
    const messages = isSig(bytes, at, 'OHDR') ? messagesV2(bytes, sb, address) : messagesV1(bytes, sb, address);
    const layoutMsg = messages.find((m) => m.type === MSG_LAYOUT);
    if (!layoutMsg) return undefined;
    const version = u(bytes, layoutMsg.start, 1);
    const cls = u(bytes, layoutMsg.start + (version <= 2 ? 2 : 1), 1);
    const layout = LAYOUT_CLASSES[cls] ?? 'unknown';
    const external = messages.some((m) => m.type === MSG_EXTERNAL_FILES);
    const space = messages.find((m) => m.type === MSG_DATASPACE);
    const shape = space ? dataspaceShape(bytes, sb, space) : undefined;
    const out: StorageDescription = shape ? { layout, external, shape } : { layout, external };
    const datatype = messages.find((m) => m.type === MSG_DATATYPE);
    if (layout === 'contiguous' && version >= 3 && !external && datatype && isStandardNumber(bytes, datatype)) {
      // v3+: version, class, address (O), size (L); an unallocated address is all ones (not safe)
      const address = u(bytes, layoutMsg.start + 2, sb.sizeOfOffsets);
      const size = u(bytes, layoutMsg.start + 2 + sb.sizeOfOffsets, sb.sizeOfLengths);
      const offset = sb.baseAddress + address;
      if (Number.isSafeInteger(address) && Number.isSafeInteger(offset + size) && offset + size <= bytes.length)
        out.contiguous = { offset, size };
    }
    if (layout === 'chunked') out.chunkIndex = chunkLayout(bytes, sb, layoutMsg, version);
    if (datatype && (u(bytes, datatype.start, 1) & 0x0f) === VLEN_CLASS && version >= 3) {
      // v3+: contiguous holds address (O) and size (L); compact holds size (2) and the data itself
      if (layout === 'contiguous') {
        const address = u(bytes, layoutMsg.start + 2, sb.sizeOfOffsets);
        const size = u(bytes, layoutMsg.start + 2 + sb.sizeOfOffsets, sb.sizeOfLengths);
        if (address < 2 ** 53 - 1) out.vlenBytes = vlenReferenceBytes(bytes, sb, sb.baseAddress + address, size);
      } else if (layout === 'compact') {
        out.vlenBytes = vlenReferenceBytes(bytes, sb, layoutMsg.start + 4, u(bytes, layoutMsg.start + 2, 2));
      }
    }
    return out;
  } catch (error) {
    if (error instanceof Bounds) return undefined;
    throw error;
  }
}

const V4_INDEX_KINDS: Record<number, ChunkIndexKind> = {
  1: 'single',
  2: 'implied',
  3: 'fixed-array',
  4: 'extensible-array',
  5: 'btree-v2',
};

/** An address field: undefined for HDF5's "undefined address" (all ones) or anything unsafe. */
function addressAt(bytes: Uint8Array, sb: SuperblockInfo, at: number): number | undefined {
  const address = u(bytes, at, sb.sizeOfOffsets);
  const absolute = sb.baseAddress + address;
  return Number.isSafeInteger(absolute) && address < 2 ** 53 - 1 ? absolute : undefined;
}

/**
 * The chunked fields of a Data Layout message. Versions 1-3 always index chunks with a version-1
 * B-tree; version 4 names its index. The dimensions count one more than the dataset's rank: the last
 * is the element size.
 */
function chunkLayout(bytes: Uint8Array, sb: SuperblockInfo, m: Message, version: number): ChunkIndexRef {
  const dims = (at: number, n: number, size: number): number[] =>
    Array.from({ length: n }, (_, i) => u(bytes, at + i * size, size));
  const split = (all: number[]): { chunk: number[]; itemSize: number } => {
    if (all.length < 2 || all.some((d) => d < 1)) throw new Bounds();
    return { chunk: all.slice(0, -1), itemSize: all[all.length - 1]! };
  };
  const O = sb.sizeOfOffsets;
  if (version <= 2) {
    const n = u(bytes, m.start + 1, 1);
    const at = addressAt(bytes, sb, m.start + 8);
    return { kind: 'btree-v1', ...(at === undefined ? {} : { at }), ...split(dims(m.start + 8 + O, n, 4)) };
  }
  if (version === 3) {
    const n = u(bytes, m.start + 2, 1);
    const at = addressAt(bytes, sb, m.start + 3);
    return { kind: 'btree-v1', ...(at === undefined ? {} : { at }), ...split(dims(m.start + 3 + O, n, 4)) };
  }
  if (version !== 4) throw new Bounds();
  const flags = u(bytes, m.start + 2, 1);
  const n = u(bytes, m.start + 3, 1);
  const encoded = u(bytes, m.start + 4, 1);
  if (encoded < 1 || encoded > 8) throw new Bounds();
  let p = m.start + 5 + n * encoded;
  const shape = split(dims(m.start + 5, n, encoded));
  const kind = V4_INDEX_KINDS[u(bytes, p, 1)];
  if (!kind) throw new Bounds();
  p += 1;
  const ref: ChunkIndexRef = { kind, ...shape };
  if (flags & 0x01) ref.unfilteredEdges = true;
  if (kind === 'single' && flags & 0x02) {
    ref.single = { size: u(bytes, p, sb.sizeOfLengths), mask: u(bytes, p + sb.sizeOfLengths, 4) };
    p += sb.sizeOfLengths + 4;
  } else if (kind === 'fixed-array')
    p += 1; // page bits (the header repeats them)
  else if (kind === 'extensible-array') p += 5;
  else if (kind === 'btree-v2') p += 6;
  const at = addressAt(bytes, sb, p);
  if (at !== undefined) ref.at = at;
  return ref;
}

/** h5wasm's object reference: the header address as a little-endian 8-byte integer. */
export function addressFromReference(ref: ArrayLike<number>): number | undefined {
  if (ref.length < 8) return undefined;
  let value = 0;
  for (let i = 7; i >= 0; i--) value = value * 256 + (ref[i] ?? 0);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Checks every global heap collection ("GCOL": where variable-length strings live) the way HDF5
 * walks it. HDF5 (1.10 and 2.0 alike) loops forever on a collection whose object sizes do not add
 * up, e.g. after one flipped bit; h5py hangs on such a file too. Returns the offset of the first
 * inconsistent collection, or -1. A "GCOL" inside ordinary data is skipped unless it is followed by
 * a collection header (version 1); such a header with a size past the end of
 * the file counts as damaged.
 */
export function findBrokenGlobalHeap(bytes: Uint8Array, sb: SuperblockInfo): number {
  const L = sb.sizeOfLengths;
  const header = 8 + L;
  const objectHeader = 8 + L;
  for (let at = bytes.indexOf(0x47); at >= 0 && at + header <= bytes.length; at = bytes.indexOf(0x47, at + 1)) {
    // HDF5 checks the signature and the version, not the reserved bytes: neither do we
    if (!isSig(bytes, at, 'GCOL') || bytes[at + 4] !== 1) continue;
    let size: number;
    try {
      size = u(bytes, at + 8, L);
    } catch {
      continue;
    }
    // a collection header that claims more bytes than the file has is damaged, not ordinary data
    if (size < header || at + size > bytes.length) return at;
    const end = at + size;
    let p = at + header;
    while (p < end) {
      if (p + objectHeader > end) break; // trailing free space too small for an object header
      const index = u(bytes, p, 2);
      const objectSize = u(bytes, p + 8, L);
      const need = index > 0 ? objectHeader + Math.ceil(objectSize / 8) * 8 : objectSize;
      if (need <= 0 || p + need > end) return at;
      p += need;
    }
  }
  return -1;
}
