/**
 * Attribute messages (spec IV.A.2.m), versions 1-3, decoded to the contract's AttrValue (see
 * core's storage/types.ts for the mapping). Declared sizes are checked against the limit before any
 * value is decoded; types with no AttrValue form are left out.
 */
import type { AttrValue } from '@icepickle/core';
import type { H5Context } from './context.js';
import { Cursor } from './cursor.js';
import { type Dataspace, parseDataspace } from './dataspace.js';
import { type Datatype, parseDatatype } from './datatype.js';
import { Damaged, Refused } from './errors.js';
import type { GlobalHeap } from './global-heap.js';
import { decodeUtf8 } from './utf8.js';
import { decodeNumbers, decodeStrings } from './values.js';

export interface RawAttribute {
  name: string;
  type: Datatype;
  space: Dataspace;
  data: Uint8Array;
}

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;
const SHARED_SPACE: Dataspace = { shape: [], maxShape: [], empty: true };

export function parseAttribute(ctx: H5Context, data: Uint8Array): RawAttribute {
  const c = new Cursor(data);
  const version = c.u8();
  if (version < 1 || version > 3) throw new Damaged(`attribute message version ${version} is unknown`);
  const flags = c.u8();
  // a committed (shared) datatype or dataspace is described elsewhere: no AttrValue form, left out
  const shared = version > 1 && (flags & 0x03) !== 0;
  const nameSize = c.u16();
  const typeSize = c.u16();
  const spaceSize = c.u16();
  if (version === 3) c.skip(1); // name character set
  const pad = version === 1 ? pad8 : (n: number) => n;
  const rawName = c.take(pad(nameSize));
  const nul = rawName.indexOf(0);
  const name = decodeUtf8(rawName.subarray(0, nul >= 0 ? Math.min(nul, nameSize) : nameSize), 'attribute name');
  const typeBytes = c.take(pad(typeSize));
  const spaceBytes = c.take(pad(spaceSize));
  if (shared)
    return {
      name,
      type: { dtype: 'other', size: 1, littleEndian: true },
      space: SHARED_SPACE,
      data: new Uint8Array(0),
    };
  const type = parseDatatype(new Cursor(typeBytes));
  const space = parseDataspace(ctx, spaceBytes);
  return { name, type, space, data: c.bytes.subarray(c.pos) };
}

/** Elements × element size, exactly (declared sizes can pass 2^53). */
export function declaredBytes(a: RawAttribute): bigint {
  if (a.space.empty) return 0n;
  return a.space.shape.reduce((n, d) => n * BigInt(d), 1n) * BigInt(a.type.size);
}

function numbersToAttr(values: ArrayLike<number | bigint>, scalar: boolean): AttrValue {
  const items = Array.from(values);
  if (items.some((v) => typeof v === 'bigint')) {
    const safe = items.every((v) => Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === BigInt(v));
    if (safe) {
      const numbers = items.map(Number);
      return scalar ? numbers[0]! : numbers;
    }
    const bigints = items.map((v) => BigInt(v));
    return scalar ? bigints[0]! : bigints;
  }
  return scalar ? (items[0] as number) : (items as number[]);
}

/** The attribute's value, or undefined for types with no AttrValue form. */
export async function attributeValue(
  ctx: H5Context,
  heap: GlobalHeap,
  a: RawAttribute,
  maxBytes: number,
): Promise<AttrValue | undefined> {
  const declared = declaredBytes(a);
  if (declared > BigInt(maxBytes))
    throw new Refused(
      'LIMIT_EXCEEDED',
      `attribute "${a.name}" declares ${declared} bytes, more than the limit of ${maxBytes} [rule: max-attribute-bytes]`,
    );
  if (a.space.empty || a.type.dtype === 'other') return undefined;
  const count = Number(declared) / a.type.size;
  const scalar = a.space.shape.length === 0;
  if (a.data.length < count * a.type.size) throw new Damaged(`attribute "${a.name}": data shorter than its shape`);
  if (a.type.dtype === 'utf8') {
    // strings that fit in the file are just too long (max-attribute-bytes); more than the file holds
    // can only come from heap objects referenced repeatedly (decodeStrings' vlen-decoded-size)
    const tooLong = (total: number) =>
      total <= ctx.reader.size
        ? `attribute "${a.name}" holds ${total} bytes of strings, more than the limit of ${maxBytes} [rule: max-attribute-bytes]`
        : undefined;
    const strings = await decodeStrings(ctx, heap, a.type, a.data, count, maxBytes, tooLong);
    return scalar ? strings[0]! : strings;
  }
  const values = decodeNumbers(a.type, a.data, count);
  if (a.type.dtype === 'bool') return scalar ? values[0] !== 0 : Array.from(values as Uint8Array);
  return numbersToAttr(values as ArrayLike<number | bigint>, scalar);
}
