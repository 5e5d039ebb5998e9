/**
 * Fill Value messages (spec IV.A.2.f, and the old IV.A.2.e): the bytes of one element that unwritten
 * chunks read as. Undefined means zeros, HDF5's default.
 */
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';

export function parseFillValue(data: Uint8Array): Uint8Array | undefined {
  const c = new Cursor(data);
  const version = c.u8();
  if (version === 1 || version === 2) {
    c.skip(2); // allocation and write times
    const defined = c.u8();
    if (version === 1 || defined) {
      if (c.remaining < 4) return undefined;
      const size = c.u32();
      return size > 0 ? c.take(size) : undefined;
    }
    return undefined;
  }
  if (version !== 3) throw new Damaged(`fill value version ${version} is unknown`);
  const flags = c.u8();
  if (!(flags & 0x20)) return undefined;
  const size = c.u32();
  return size > 0 ? c.take(size) : undefined;
}

/** The old Fill Value message (type 4): a size and the value. */
export function parseOldFillValue(data: Uint8Array): Uint8Array | undefined {
  const c = new Cursor(data);
  const size = c.u32();
  return size > 0 ? c.take(size) : undefined;
}
