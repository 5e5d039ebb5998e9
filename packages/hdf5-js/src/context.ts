import type { BlockReader } from './block-reader.js';
import type { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import type { Superblock } from './superblock.js';

/** What every parser needs: the reader and the superblock's sizes. */
export interface H5Context {
  reader: BlockReader;
  sb: Superblock;
}

/** An address field as an absolute position, or undefined for HDF5's undefined address (all ones). */
export function readAddress(ctx: H5Context, c: Cursor): number | undefined {
  const O = ctx.sb.sizeOfOffsets;
  if (c.isUndefined(O)) {
    c.skip(O);
    return undefined;
  }
  const at = ctx.sb.baseAddress + c.uint(O);
  if (!Number.isSafeInteger(at) || at >= ctx.reader.size)
    throw new Damaged(`address ${at} lies past the end of the file`);
  return at;
}

/** An address that must be defined. */
export function requireAddress(ctx: H5Context, c: Cursor, what: string): number {
  const at = readAddress(ctx, c);
  if (at === undefined) throw new Damaged(`${what}: undefined address`);
  return at;
}

/** A length field, checked to be a safe integer. */
export function readLength(ctx: H5Context, c: Cursor): number {
  const n = c.uint(ctx.sb.sizeOfLengths);
  if (!Number.isSafeInteger(n)) throw new Damaged(`length ${n} out of range`);
  return n;
}
