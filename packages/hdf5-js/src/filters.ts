/** Filter Pipeline messages (spec IV.A.2.l), versions 1 and 2: which filters, with their client values. */
import type { FilterInfo } from '@icepickle/core';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';

export interface Filter extends FilterInfo {
  optional: boolean;
  values: number[];
}

const NAMES: Record<number, string> = {
  1: 'deflate',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
  32000: 'lzf',
};

export function parseFilters(data: Uint8Array): Filter[] {
  const c = new Cursor(data);
  const version = c.u8();
  const count = c.u8();
  if (version !== 1 && version !== 2) throw new Damaged(`filter pipeline version ${version} is unknown`);
  if (count > 32) throw new Damaged(`filter pipeline of ${count} filters`);
  if (version === 1) c.skip(6);
  const out: Filter[] = [];
  for (let i = 0; i < count; i++) {
    const id = c.u16();
    const nameLength = version === 1 || id >= 256 ? c.u16() : 0;
    const flags = c.u16();
    const nValues = c.u16();
    let name = '';
    if (nameLength > 0) {
      const raw = c.take(nameLength);
      const nul = raw.indexOf(0);
      name = new TextDecoder().decode(nul >= 0 ? raw.subarray(0, nul) : raw);
      if (version === 1) c.skip((8 - (nameLength % 8)) % 8);
    }
    const values: number[] = [];
    for (let k = 0; k < nValues; k++) values.push(c.u32());
    if (version === 1 && nValues % 2 === 1) c.skip(4);
    out.push({ id, name: NAMES[id] ?? name, optional: (flags & 0x01) !== 0, values });
  }
  return out;
}
