/** Dataspace messages (spec IV.A.2.b): the shape, or undefined for a null dataspace. */
import type { H5Context } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';

export interface Dataspace {
  shape: number[];
  /** Maximum dims (undefined entries are unlimited); equal to shape when not stored. */
  maxShape: Array<number | undefined>;
  /** A null dataspace: no elements at all. */
  empty: boolean;
}

export function parseDataspace(ctx: H5Context, data: Uint8Array): Dataspace {
  const c = new Cursor(data);
  const version = c.u8();
  const rank = c.u8();
  const flags = c.u8();
  if (version !== 1 && version !== 2) throw new Damaged(`dataspace version ${version} is unknown`);
  if (rank > 32) throw new Damaged(`dataspace rank ${rank} exceeds HDF5's 32`);
  let empty = false;
  if (version === 1) c.skip(5);
  else empty = c.u8() === 2;
  const L = ctx.sb.sizeOfLengths;
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    // beyond 2^53 the value is inexact but still huge: core's limits refuse such a dataset by its size
    shape.push(c.uint(L));
  }
  const maxShape: Array<number | undefined> = [...shape];
  if (flags & 0x01) {
    for (let i = 0; i < rank; i++) {
      const unlimited = c.isUndefined(L);
      const n = c.uint(L);
      maxShape[i] = unlimited ? undefined : n;
    }
  }
  return { shape, maxShape, empty };
}
