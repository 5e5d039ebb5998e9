/**
 * Bool datasets as h5py writes them, though h5wasm 0.10.3 cannot create HDF5 enum types.
 *
 * h5py stores a numpy bool array as an enum over int8 with members FALSE = 0 and TRUE = 1 (h5py's
 * `_conv.pyx` / `h5t.pyx`: `PY_BOOL`), and reads such an enum back as dtype bool. Its storage is the
 * int8 values themselves, so we write the dataset as int8 with one placeholder attribute beside it,
 * then edit the dataset's object header in the file's bytes (HDF5 file format spec, "Disk Format:
 * Level 2A"): the placeholder's attribute message becomes the enum's Datatype message (0x0003), and
 * the int8 Datatype message becomes a NIL message (0x0000). Message sizes stay as they are (the enum
 * fits in the placeholder's space, the rest zeros), so nothing else in the file moves. Version 2
 * headers (h5wasm writes libver 'latest') are re-sealed: each chunk's lookup3 checksum is recomputed.
 * Anything unexpected throws.
 */
import { lookup3 } from '@icepickle/hdf5-js/internal';
import { type SuperblockInfo, isSig, objectMessages, readSuperblock, u } from './written-headers.js';

/** The attribute written on each bool dataset, whose message is replaced by the enum type. */
export const BOOL_PLACEHOLDER = '__icepickle_bool_enum_type__';
/** The placeholder's value: 48 bytes leave room for the 38-byte enum message in any attribute layout. */
export const BOOL_PLACEHOLDER_VALUE = new Uint8Array(48);

const MSG_NIL = 0x0000;
const MSG_DATATYPE = 0x0003;
const MSG_ATTRIBUTE = 0x000c;

/** h5py's bool: enum (class 8, version 1) of 2 members over a little-endian signed 1-byte integer. */
export function boolEnumMessage(): Uint8Array {
  const base = [0x10, 0x08, 0x00, 0x00, 1, 0, 0, 0, 0, 0, 8, 0]; // fixed-point v1: signed, size 1, 8 bits
  const name = (s: string) => {
    const out = new Array<number>(8).fill(0); // version 1: NUL-terminated, padded to 8 bytes
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  };
  return Uint8Array.from([0x18, 2, 0, 0, 1, 0, 0, 0, ...base, ...name('FALSE'), ...name('TRUE'), 0, 1]);
}

const MSG_CONTINUATION = 0x0010;

/** Where a message's type and flags bytes are, before its data (v1: 8-byte header; v2: 4 or 6 bytes). */
function headerFields(bytes: Uint8Array, sb: SuperblockInfo, address: number): { v2: boolean; headerLen: number } {
  const at = sb.baseAddress + address;
  if (!isSig(bytes, at, 'OHDR')) {
    if (bytes[at] !== 1) throw new Error(`unknown object header version at ${address}`);
    return { v2: false, headerLen: 8 };
  }
  return { v2: true, headerLen: (bytes[at + 5]! & 0x04) !== 0 ? 6 : 4 };
}

function setMessage(bytes: Uint8Array, start: number, v2: boolean, headerLen: number, type: number, flags: number) {
  const h = start - headerLen;
  if (v2) {
    bytes[h] = type;
    bytes[h + 3] = flags;
  } else {
    bytes[h] = type & 0xff;
    bytes[h + 1] = type >> 8;
    bytes[h + 4] = flags;
  }
}

function writeChecksum(bytes: Uint8Array, from: number, end: number): void {
  const sum = lookup3(bytes.subarray(from, end));
  bytes[end] = sum & 0xff;
  bytes[end + 1] = (sum >>> 8) & 0xff;
  bytes[end + 2] = (sum >>> 16) & 0xff;
  bytes[end + 3] = (sum >>> 24) & 0xff;
}

/** Recomputes the checksum of every chunk of the version 2 object header at `address`. */
function resealV2(bytes: Uint8Array, sb: SuperblockInfo, address: number): void {
  const at = sb.baseAddress + address;
  const flags = bytes[at + 5]!;
  let p = at + 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
  const sizeField = 1 << (flags & 0x03);
  const chunk0 = u(bytes, p, sizeField);
  p += sizeField;
  writeChecksum(bytes, at, p + chunk0);
  for (const m of objectMessages(bytes, sb, address)) {
    if (m.type !== MSG_CONTINUATION) continue;
    const block = sb.baseAddress + u(bytes, m.start, sb.sizeOfOffsets);
    const length = u(bytes, m.start + sb.sizeOfOffsets, sb.sizeOfLengths);
    writeChecksum(bytes, block, block + length - 4);
  }
}

function contains(bytes: Uint8Array, start: number, size: number, text: string): boolean {
  outer: for (let p = start; p + text.length <= start + size; p++) {
    for (let i = 0; i < text.length; i++) if (bytes[p + i] !== text.charCodeAt(i)) continue outer;
    return true;
  }
  return false;
}

/** Turns the int8 datasets at `addresses` (object header addresses) into h5py bools, in place. */
export function patchBoolDatasets(bytes: Uint8Array, addresses: readonly number[]): void {
  if (addresses.length === 0) return;
  const sb = readSuperblock(bytes);
  if (!sb) throw new Error('cannot read the superblock of the file just written');
  const enumMessage = boolEnumMessage();
  for (const address of addresses) {
    const { v2, headerLen } = headerFields(bytes, sb, address);
    const messages = objectMessages(bytes, sb, address);
    const datatype = messages.filter((m) => m.type === MSG_DATATYPE);
    const placeholder = messages.filter(
      (m) => m.type === MSG_ATTRIBUTE && contains(bytes, m.start, m.size, BOOL_PLACEHOLDER),
    );
    if (datatype.length !== 1 || placeholder.length !== 1 || placeholder[0]!.size < enumMessage.length)
      throw new Error(`unexpected object header at ${address} for a bool dataset`);
    const [dt, ph] = [datatype[0]!, placeholder[0]!];
    bytes.fill(0, ph.start, ph.start + ph.size);
    bytes.set(enumMessage, ph.start);
    setMessage(bytes, ph.start, v2, headerLen, MSG_DATATYPE, dt.flags);
    bytes.fill(0, dt.start, dt.start + dt.size);
    setMessage(bytes, dt.start, v2, headerLen, MSG_NIL, 0);
    if (v2) resealV2(bytes, sb, address);
  }
}
