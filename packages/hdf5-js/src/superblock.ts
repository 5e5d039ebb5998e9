/**
 * The superblock (HDF5 File Format Specification, "Disk Format: Level 0A"): found at 0, 512, 1024,
 * 2048, ... (a user block may precede it). Versions 0 and 1 point at the root group through a symbol
 * table entry; versions 2 and 3 name the root's object header and carry a checksum.
 */
import type { BlockReader } from './block-reader.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import { checksumOk } from './lookup3.js';

export interface Superblock {
  version: number;
  /** Absolute position that every address is relative to. */
  baseAddress: number;
  sizeOfOffsets: number;
  sizeOfLengths: number;
  /** Absolute position of the root group's object header. */
  rootAddress: number;
  /** Symbol table nodes hold up to 2K entries, group B-tree nodes up to 2K children (HDF5 defaults for v2+). */
  groupLeafK: number;
  groupInternalK: number;
  /** Where HDF5 data ends (the stored end-of-file address, shifted like the base): nothing past it is read. */
  end: number;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Thrown when no signature is found: not an HDF5 file at all. */
export class NoSignature extends Error {}

/** Where the signature is, and the bytes read there (up to 128: the superblock, in the same read). */
async function findSignature(reader: BlockReader): Promise<{ at: number; bytes: Uint8Array }> {
  for (let at = 0; at + 8 <= reader.size; at = at === 0 ? 512 : at * 2) {
    const bytes = await reader.read(at, Math.min(reader.size - at, 128));
    if (SIGNATURE.every((b, i) => bytes[i] === b)) return { at, bytes };
  }
  throw new NoSignature();
}

function sizes(c: Cursor): [number, number] {
  const O = c.u8();
  const L = c.u8();
  if (![2, 4, 8].includes(O) || ![2, 4, 8].includes(L))
    throw new Damaged(`superblock: unsupported sizes of offsets/lengths (${O}, ${L})`);
  return [O, L];
}

/** Reads an address field relative to `base` (libhdf5 takes the superblock's position as the base); undefined addresses and impossible ones are Damaged. */
function address(c: Cursor, O: number, base: number, what: string): number {
  if (c.isUndefined(O)) throw new Damaged(`superblock: ${what} address is undefined`);
  const value = base + c.uint(O);
  if (!Number.isSafeInteger(value)) throw new Damaged(`superblock: ${what} address out of range`);
  return value;
}

/** A file shorter than the end-of-file address it declares was truncated (libhdf5 refuses it too). */
function checkEof(reader: BlockReader, eof: number): number {
  // libhdf5 moves the base address to where the superblock is, shifting the stored end of file by as
  // much, then compares it with the file's size (H5Fsuper.c, H5F__super_read)
  if (eof > reader.size)
    throw new Damaged(`the file is truncated: ${reader.size} bytes, the superblock declares ${eof}`);
  return eof;
}

export async function readSuperblock(reader: BlockReader): Promise<Superblock> {
  const { at, bytes } = await findSignature(reader);
  const c = new Cursor(bytes, 8);
  const version = c.u8();
  if (version <= 1) {
    c.skip(4); // free-space, root symbol table entry and shared header versions, reserved
    const [O, L] = sizes(c);
    c.skip(1); // reserved
    const groupLeafK = c.u16();
    const groupInternalK = c.u16();
    if (groupLeafK === 0 || groupInternalK === 0) throw new Damaged('superblock: group K of 0');
    c.skip(4 + (version === 1 ? 4 : 0)); // flags, indexed storage K
    const stored = c.uint(O);
    c.skip(O); // free-space info (undefined in files we read)
    const eof = c.uint(O);
    c.skip(O); // driver information block: describes the driver only, never where data is
    c.skip(O); // root symbol table entry: link name offset
    const rootAddress = address(c, O, at, 'root group');
    const end = checkEof(reader, eof + at - stored);
    return {
      version,
      baseAddress: at,
      sizeOfOffsets: O,
      sizeOfLengths: L,
      rootAddress,
      groupLeafK,
      groupInternalK,
      end,
    };
  }
  if (version > 3) throw new Damaged(`superblock version ${version} is unknown`);
  const [O, L] = sizes(c);
  c.skip(1); // file consistency flags
  const stored = c.uint(O);
  c.skip(O); // superblock extension
  const eof = c.uint(O);
  const rootAddress = address(c, O, at, 'root group');
  const end = checkEof(reader, eof + at - stored);
  if (!checksumOk(c.bytes.subarray(0, c.pos + 4), c.pos)) throw new Damaged('superblock: checksum mismatch');
  return {
    version,
    baseAddress: at,
    sizeOfOffsets: O,
    sizeOfLengths: L,
    rootAddress,
    groupLeafK: 4,
    groupInternalK: 16,
    end,
  };
}
