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
import { type WrittenHeader, writtenHeaders } from './written-headers.js';

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

/** Rewrites the type and flags of the message whose data starts at `start` (v1: u16 type; v2: u8 type). */
function setMessage(bytes: Uint8Array, header: WrittenHeader, start: number, type: number, flags: number) {
  const h = start - header.prefix;
  if (header.v2) {
    bytes[h] = type;
    bytes[h + 3] = flags;
  } else {
    bytes[h] = type & 0xff;
    bytes[h + 1] = type >> 8;
    bytes[h + 4] = flags;
  }
}

/** Recomputes the lookup3 checksum of every chunk of a version 2 header (none in version 1). */
function reseal(bytes: Uint8Array, header: WrittenHeader): void {
  for (const { from, end } of header.chunks) {
    const sum = lookup3(bytes.subarray(from, end));
    bytes[end] = sum & 0xff;
    bytes[end + 1] = (sum >>> 8) & 0xff;
    bytes[end + 2] = (sum >>> 16) & 0xff;
    bytes[end + 3] = (sum >>> 24) & 0xff;
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
export async function patchBoolDatasets(bytes: Uint8Array, addresses: readonly number[]): Promise<void> {
  if (addresses.length === 0) return;
  const file = await writtenHeaders(bytes);
  const enumMessage = boolEnumMessage();
  for (const address of addresses) {
    const header = await file.header(address);
    const datatype = header.messages.filter((m) => m.type === MSG_DATATYPE);
    const placeholder = header.messages.filter(
      (m) => m.type === MSG_ATTRIBUTE && contains(bytes, m.start, m.size, BOOL_PLACEHOLDER),
    );
    if (datatype.length !== 1 || placeholder.length !== 1 || placeholder[0]!.size < enumMessage.length)
      throw new Error(`unexpected object header at ${address} for a bool dataset`);
    const [dt, ph] = [datatype[0]!, placeholder[0]!];
    bytes.fill(0, ph.start, ph.start + ph.size);
    bytes.set(enumMessage, ph.start);
    setMessage(bytes, header, ph.start, MSG_DATATYPE, dt.flags);
    bytes.fill(0, dt.start, dt.start + dt.size);
    setMessage(bytes, header, dt.start, MSG_NIL, 0);
    reseal(bytes, header);
  }
}
