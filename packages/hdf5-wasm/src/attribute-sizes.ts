/**
 * Attribute sizes as an object header declares them, read from the file's bytes before h5wasm looks
 * at an attribute. h5wasm's metadata computes an attribute's element count in 32 bits (a 2^40-element
 * attribute comes back as empty), and HDF5 reads attribute values whole while listing them, so the
 * declared size has to be checked first (the native backend does the same: attribute-sizes.cc).
 * Attribute messages (0x000C) in the header only; attributes in dense storage (a fractal heap) are
 * checked from h5wasm's metadata instead (listing.ts).
 */
import { Bounds, type Message, type SuperblockInfo, objectMessages, u, vlenReferenceBytes } from './object-header.js';

const MSG_ATTRIBUTE = 0x000c;
const VLEN_CLASS = 9;
const SHARED_DATATYPE = 0x01;
const SHARED_DATASPACE = 0x02;

export interface DeclaredAttribute {
  name: string;
  /** Elements × element size, exactly (declared sizes can pass 2^53). */
  bytes: bigint;
  /** Variable-length values: what their references decode to (the sum of their length fields). */
  vlenBytes?: bigint;
}

const decoder = new TextDecoder();
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Every attribute in the header at `address` whose size can be read from its message. */
export function declaredAttributes(bytes: Uint8Array, sb: SuperblockInfo, address: number): DeclaredAttribute[] {
  let messages: Message[];
  try {
    messages = objectMessages(bytes, sb, address);
  } catch (error) {
    if (error instanceof Bounds) return []; // HDF5 reports a damaged header itself
    throw error;
  }
  const out: DeclaredAttribute[] = [];
  for (const m of messages) {
    if (m.type !== MSG_ATTRIBUTE || m.flags & 0x02) continue; // 0x02: the message itself is shared elsewhere
    try {
      const a = declared(bytes, sb, m);
      if (a) out.push(a);
    } catch (error) {
      if (!(error instanceof Bounds)) throw error;
    }
  }
  return out;
}

/** Attribute message v1 (fields padded to 8 bytes), v2 (unpadded), v3 (plus a name encoding byte). */
function declared(bytes: Uint8Array, sb: SuperblockInfo, m: Message): DeclaredAttribute | undefined {
  const end = m.start + m.size;
  const version = u(bytes, m.start, 1);
  if (version < 1 || version > 3) return undefined;
  const flags = version >= 2 ? u(bytes, m.start + 1, 1) : 0;
  const nameSize = u(bytes, m.start + 2, 2);
  const typeSize = u(bytes, m.start + 4, 2);
  const spaceSize = u(bytes, m.start + 6, 2);
  const field = (n: number): number => (version === 1 ? pad8(n) : n);
  let at = m.start + (version === 3 ? 9 : 8);
  if (at + nameSize > end) throw new Bounds();
  const raw = bytes.subarray(at, at + nameSize);
  const nul = raw.indexOf(0);
  const name = decoder.decode(nul >= 0 ? raw.subarray(0, nul) : raw);
  at += field(nameSize);
  if (flags & SHARED_DATATYPE || typeSize < 8 || at + typeSize > end) return undefined;
  const itemSize = u(bytes, at + 4, 4);
  const vlen = (u(bytes, at, 1) & 0x0f) === VLEN_CLASS;
  at += field(typeSize);
  if (flags & SHARED_DATASPACE || at + spaceSize > end) return undefined;
  const points = dataspacePoints(bytes, sb, at, spaceSize);
  if (points === undefined) return undefined;
  const out: DeclaredAttribute = { name, bytes: points * BigInt(itemSize) };
  // the value follows the dataspace: one reference per element
  const data = at + field(spaceSize);
  if (vlen && points > 0n && points < 2n ** 32n)
    out.vlenBytes = vlenReferenceBytes(bytes, sb, data, Math.min(end - data, Number(points) * (8 + sb.sizeOfOffsets)));
  return out;
}

/** Elements a dataspace message declares: 1 for a scalar, 0 for a null dataspace. */
function dataspacePoints(bytes: Uint8Array, sb: SuperblockInfo, at: number, size: number): bigint | undefined {
  const version = u(bytes, at, 1);
  const rank = u(bytes, at + 1, 1);
  let dims: number;
  if (version === 1) dims = at + 8;
  else if (version === 2) {
    if (u(bytes, at + 3, 1) === 2) return 0n; // null dataspace: no value
    dims = at + 4;
  } else return undefined;
  const L = sb.sizeOfLengths;
  if (rank > 32 || dims + rank * L > at + size) return undefined;
  let points = 1n;
  for (let d = 0; d < rank; d++) {
    let dim = 0n;
    for (let i = L - 1; i >= 0; i--) dim = dim * 256n + BigInt(bytes[dims + d * L + i]!);
    points *= dim;
  }
  return points;
}
