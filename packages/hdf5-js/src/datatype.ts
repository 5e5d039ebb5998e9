/**
 * Datatype messages (spec IV.A.2.d) mapped to the contract's dtypes. Only what our strict profile
 * reads is given a dtype: two's-complement integers of 1/2/4/8 bytes at full precision, standard IEEE
 * binary32/binary64 (either byte order), fixed and variable-length strings, and h5py's bool enum.
 * Everything else is 'other' with a description (listed, never read).
 */
import type { DType } from '@icepickle/core';
import type { Cursor } from './cursor.js';
import { Damaged } from './errors.js';

export interface Datatype {
  dtype: DType;
  /** Bytes per element as stored (16 for a variable-length string, whatever the offsets). */
  size: number;
  littleEndian: boolean;
  /** Strings: variable length (global heap references) or fixed. */
  vlen?: boolean;
  /** Fixed strings: NUL-terminated / NUL-padded (0, 1) or space-padded (2). */
  padding?: number;
  /** Strings: 'ascii' or 'utf8'. */
  charset?: 'ascii' | 'utf8';
  description?: string;
}

const CLASS_NAMES = [
  'fixed-point',
  'floating-point',
  'time',
  'string',
  'bitfield',
  'opaque',
  'compound',
  'reference',
  'enum',
  'variable-length',
  'array',
];

const INTS: Record<string, DType> = {
  s1: 'int8',
  s2: 'int16',
  s4: 'int32',
  s8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
};

/** IEEE 754 as HDF5 describes it: precision, exponent location and size, mantissa size, bias. */
const IEEE: Record<number, [number, number, number, number, number]> = {
  4: [32, 23, 8, 23, 127],
  8: [64, 52, 11, 52, 1023],
};

function other(size: number, description: string): Datatype {
  return { dtype: 'other', size, littleEndian: true, description };
}

function fixedPoint(c: Cursor, bits: number, size: number): Datatype {
  const offset = c.u16();
  const precision = c.u16();
  const signed = (bits & 0x08) !== 0;
  const dtype = INTS[`${signed ? 's' : 'u'}${size}`];
  const littleEndian = (bits & 0x01) === 0;
  if (!dtype || offset !== 0 || precision !== size * 8 || (bits & 0x06) !== 0)
    return other(size, `integer of ${size} bytes, precision ${precision}, offset ${offset}`);
  return { dtype, size, littleEndian };
}

function floatingPoint(c: Cursor, bits: number, size: number): Datatype {
  const order = (bits & 0x01) | ((bits >> 5) & 0x02);
  const props = [c.u16(), c.u16(), c.u8(), c.u8(), c.u8(), c.u8(), c.u32()];
  const ieee = IEEE[size];
  const [offset, precision, expLoc, expSize, mantLoc, mantSize, bias] = props as number[];
  const standard =
    ieee !== undefined &&
    order < 2 &&
    offset === 0 &&
    precision === ieee[0] &&
    expLoc === ieee[1] &&
    expSize === ieee[2] &&
    mantLoc === 0 &&
    mantSize === ieee[3] &&
    bias === ieee[4] &&
    ((bits >> 4) & 0x03) === 2 && // implied leading 1
    ((bits >> 8) & 0xff) === ieee[0] - 1 && // sign bit
    (bits & 0x0e) === 0; // zero padding
  if (!standard) return other(size, `non-IEEE floating point of ${size} bytes (${props.join(', ')})`);
  return { dtype: size === 4 ? 'float32' : 'float64', size, littleEndian: order === 0 };
}

/** h5py's bool: an enum over int8 with exactly FALSE = 0 and TRUE = 1. */
function enumType(c: Cursor, bits: number, size: number, version: number): Datatype {
  const members = bits & 0xffff;
  const base = parseDatatype(c);
  if (members !== 2 || base.dtype !== 'int8' || size !== 1) return other(size, `enum of ${members} members`);
  const names: string[] = [];
  for (let i = 0; i < members; i++) {
    const start = c.pos;
    while (c.u8() !== 0);
    names.push(new TextDecoder().decode(c.bytes.subarray(start, c.pos - 1)));
    if (version < 3) c.skip((8 - ((c.pos - start) % 8)) % 8);
  }
  const values = [c.u8(), c.u8()];
  const bool = names[0] === 'FALSE' && names[1] === 'TRUE' && values[0] === 0 && values[1] === 1;
  return bool ? { dtype: 'bool', size: 1, littleEndian: true } : other(size, `enum (${names.join(', ')})`);
}

/** Parses one datatype at the cursor (advancing past it). */
export function parseDatatype(c: Cursor): Datatype {
  const head = c.u8();
  const cls = head & 0x0f;
  const version = head >> 4;
  const bits = c.uint(3);
  const size = c.u32();
  if (version < 1 || version > 5) throw new Damaged(`datatype version ${version} is unknown`);
  if (size < 1 || size > 2 ** 31) throw new Damaged(`datatype size ${size} is invalid`);
  switch (cls) {
    case 0:
      return fixedPoint(c, bits, size);
    case 1:
      return floatingPoint(c, bits, size);
    case 3: {
      const charset = (bits >> 4) & 0x0f;
      if (charset > 1) return other(size, `string with character set ${charset}`);
      return { dtype: 'utf8', size, littleEndian: true, padding: bits & 0x0f, charset: charset ? 'utf8' : 'ascii' };
    }
    case 8:
      return enumType(c, bits, size, version);
    case 9: {
      if ((bits & 0x0f) !== 1) return other(size, 'variable-length sequence');
      const charset = (bits >> 8) & 0x0f;
      parseDatatype(c); // the base type (a character): read to stay in step
      if (charset > 1) return other(size, `variable-length string with character set ${charset}`);
      return { dtype: 'utf8', size: 16, littleEndian: true, vlen: true, charset: charset ? 'utf8' : 'ascii' };
    }
    default:
      return other(size, CLASS_NAMES[cls] ?? `datatype class ${cls}`);
  }
}
