/** Mapping between h5wasm's type metadata and the contract's DType. */
import type { DType } from '@icepickle/core';
import type { Metadata } from 'h5wasm';

// H5T_class_t values (hdf5_util_helpers.d.ts)
export const H5T = { INTEGER: 0, FLOAT: 1, STRING: 3, COMPOUND: 6, REFERENCE: 7, ENUM: 8, VLEN: 9, ARRAY: 10 } as const;

export function isH5pyBool(m: Metadata): boolean {
  const members = m.enum_type?.members;
  return (
    m.type === H5T.ENUM && !!members && Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1
  );
}

export function dtypeOf(m: Metadata): DType {
  if (m.type === H5T.FLOAT) return m.size === 8 ? 'float64' : m.size === 4 ? 'float32' : 'other';
  if (m.type === H5T.INTEGER) {
    const bits = m.size * 8;
    if (![8, 16, 32, 64].includes(bits)) return 'other';
    return `${m.signed ? 'int' : 'uint'}${bits}` as DType;
  }
  if (m.type === H5T.STRING) return 'utf8';
  if (isH5pyBool(m) && m.size === 1) return 'bool';
  return 'other';
}

const CLASS_NAMES: Record<number, string> = {
  0: 'integer',
  1: 'float',
  2: 'time',
  3: 'string',
  4: 'bitfield',
  5: 'opaque',
  6: 'compound',
  7: 'reference',
  8: 'enum',
  9: 'variable-length',
  10: 'array',
};

export function describeType(m: Metadata): string {
  const cls = CLASS_NAMES[m.type] ?? `class ${m.type}`;
  if (m.type === H5T.STRING)
    return `${m.vlen ? 'variable-length' : `fixed-length (${m.size} bytes)`} ${m.cset === 1 ? 'UTF-8' : 'ASCII'} string`;
  if (m.type === H5T.ENUM) return `enum of ${Object.keys(m.enum_type?.members ?? {}).join('/')}`;
  return `${cls} (${m.size} bytes)`;
}

/** Item size as the contract reports it: variable-length strings count as 16 (HDF5's hvl_t on 64-bit). */
export function itemSizeOf(m: Metadata): number {
  return m.type === H5T.STRING && m.vlen ? 16 : m.size;
}
