/**
 * The object-header messages of a file hdf5-wasm has just written (h5wasm's own output, never a file from
 * outside: those are described by @icepickle/hdf5-js), located so that bool-enum.ts can patch a bool
 * dataset's datatype in place (HDF5 file format spec, "Disk Format: Level 2A"). Bounds-checked: anything
 * unexpected throws Bounds.
 */

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const MSG_CONTINUATION = 0x0010;
const MAX_BLOCKS = 1024;
const MAX_MESSAGES = 65536;

export interface SuperblockInfo {
  /** Absolute position that object addresses are relative to. */
  baseAddress: number;
  sizeOfOffsets: number;
  sizeOfLengths: number;
}

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

/** h5wasm's object reference: the header address as a little-endian 8-byte integer. */
export function addressFromReference(ref: ArrayLike<number>): number | undefined {
  if (ref.length < 8) return undefined;
  let value = 0;
  for (let i = 7; i >= 0; i--) value = value * 256 + (ref[i] ?? 0);
  return Number.isSafeInteger(value) ? value : undefined;
}
