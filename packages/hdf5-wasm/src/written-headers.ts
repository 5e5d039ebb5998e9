/**
 * The object headers of a file hdf5-wasm has just written (h5wasm's own output, never a file from
 * outside), located in its bytes so that bool-enum.ts can patch a bool dataset's datatype in place
 * (HDF5 file format spec, "Disk Format: Level 2A"). The walk is @icepickle/hdf5-js's, the one parser:
 * this file only adds where each message and each checksummed chunk lies. Anything unexpected throws.
 */
import { BlockReader, bytesSource } from '@icepickle/hdf5-js';
import {
  Cursor,
  type H5Context,
  MSG,
  continuation,
  readObjectHeader,
  readSuperblock,
} from '@icepickle/hdf5-js/internal';

/** One message of a header, where its data lies in the file's bytes. */
export interface LocatedMessage {
  type: number;
  flags: number;
  /** Absolute position of the message's data; its type and flags precede it by `WrittenHeader.prefix`. */
  start: number;
  size: number;
}

/** A range `[from, end)` of a version 2 header whose lookup3 checksum is stored at `end`. */
export interface ChecksummedChunk {
  from: number;
  end: number;
}

/** One object header: its messages, and where its checksums go. */
export interface WrittenHeader {
  /** Version 2 ("OHDR") headers checksum each chunk; version 1 headers have no checksum. */
  v2: boolean;
  /** Bytes before each message's data: 8 in version 1; 4 in version 2, or 6 when creation order is tracked. */
  prefix: number;
  messages: LocatedMessage[];
  /** Version 2: the first chunk (with the header's prefix), then each "OCHK" continuation; version 1: none. */
  chunks: ChecksummedChunk[];
}

/** The headers of a file in memory, found by their addresses relative to the superblock's base. */
export interface WrittenHeaders {
  header(address: number): Promise<WrittenHeader>;
}

/** Where a view of `bytes` starts in them; a copy (which a walk over `bytes` never makes) is refused. */
function positionIn(bytes: Uint8Array, view: Uint8Array): number {
  if (view.buffer !== bytes.buffer) throw new Error('a header was read from a copy; its place is unknown');
  return view.byteOffset - bytes.byteOffset;
}

/** The first chunk of the version 2 header at `at`: the prefix fields, then chunk 0 (spec "Version 2 Object Header"). */
function firstChunk(bytes: Uint8Array, at: number): ChecksummedChunk {
  const c = new Cursor(bytes, at + 5); // after "OHDR" and the version
  const flags = c.u8();
  if (flags & 0x20) c.skip(16); // access, modification, change and birth times
  if (flags & 0x10) c.skip(4); // attribute phase change values
  const size = c.uint(1 << (flags & 0x03));
  return { from: at, end: c.pos + size };
}

async function locate(ctx: H5Context, bytes: Uint8Array, at: number): Promise<WrittenHeader> {
  const found = await readObjectHeader(ctx, at);
  const messages = found.map((m) => ({
    type: m.type,
    flags: m.flags,
    start: positionIn(bytes, m.data),
    size: m.data.length,
  }));
  if (bytes[at] === 1) return { v2: false, prefix: 8, messages, chunks: [] };
  const chunks = [firstChunk(bytes, at)];
  for (const m of found) {
    if (m.type !== MSG.CONTINUATION) continue;
    const block = continuation(ctx, m);
    chunks.push({ from: block.at, end: block.at + block.length - 4 });
  }
  return { v2: true, prefix: (bytes[at + 5]! & 0x04) !== 0 ? 6 : 4, messages, chunks };
}

/** Opens `bytes` (a file just written) for locating its object headers. */
export async function writtenHeaders(bytes: Uint8Array): Promise<WrittenHeaders> {
  // directBytes 0: every read goes straight to bytesSource, which answers with views of `bytes` itself
  // (no block cache, no copy), so each message's data tells where it lies in the file
  const reader = new BlockReader(bytesSource(bytes), { directBytes: 0 });
  const ctx: H5Context = { reader, sb: await readSuperblock(reader) };
  return { header: (address) => locate(ctx, bytes, ctx.sb.baseAddress + address) };
}

/** h5wasm's object reference: the header address as a little-endian 8-byte integer. */
export function addressFromReference(ref: ArrayLike<number>): number | undefined {
  if (ref.length < 8) return undefined;
  let value = 0;
  for (let i = 7; i >= 0; i--) value = value * 256 + (ref[i] ?? 0);
  return Number.isSafeInteger(value) ? value : undefined;
}
