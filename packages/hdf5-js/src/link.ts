/**
 * Link messages (spec IV.A.2.g) and Link Info messages (IV.A.2.c): the links of a new-style group.
 * Hard links give an object header address; soft, external and user-defined links are described,
 * never followed.
 */
import { type H5Context, readAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import { cString, decodeUtf8 } from './utf8.js';

export type Link =
  | { kind: 'hard'; address: number }
  | { kind: 'soft-link' | 'external-link' | 'other-link'; target: string };

export interface NamedLink {
  name: string;
  link: Link;
}

export function parseLink(ctx: H5Context, data: Uint8Array): NamedLink {
  const c = new Cursor(data);
  if (c.u8() !== 1) throw new Damaged('link message: unknown version');
  const flags = c.u8();
  const type = flags & 0x08 ? c.u8() : 0;
  if (flags & 0x04) c.skip(8); // creation order
  if (flags & 0x10) c.skip(1); // character set of the name (ASCII or UTF-8: both decode as UTF-8)
  const nameLength = c.uint(1 << (flags & 0x03));
  if (nameLength < 1) throw new Damaged('link message: empty name');
  const name = decodeUtf8(c.take(nameLength), 'link name');
  if (name.includes('/')) throw new Damaged(`link name "${name}" contains "/"`);
  if (type === 0) {
    const address = readAddress(ctx, c);
    if (address === undefined) throw new Damaged(`hard link "${name}": undefined address`);
    return { name, link: { kind: 'hard', address } };
  }
  const value = c.take(c.u16());
  if (type === 1) return { name, link: { kind: 'soft-link', target: cString(value, 'soft link target') } };
  if (type === 64 && value.length > 1) {
    const rest = value.subarray(1);
    const nul = rest.indexOf(0);
    const file = cString(rest, 'external link file');
    const object = nul >= 0 ? cString(rest.subarray(nul + 1), 'external link object') : '';
    return { name, link: { kind: 'external-link', target: `${file}:${object}` } };
  }
  if (type >= 2 && type < 64) throw new Damaged(`link "${name}": reserved link type ${type}`);
  return { name, link: { kind: 'other-link', target: `user-defined link type ${type}` } };
}

/** Link Info: where dense storage lives (both undefined: links are messages in the header). */
export interface LinkInfo {
  heap: number | undefined;
  nameIndex: number | undefined;
}

export function parseLinkInfo(ctx: H5Context, data: Uint8Array): LinkInfo {
  const c = new Cursor(data);
  if (c.u8() !== 0) throw new Damaged('link info message: unknown version');
  const flags = c.u8();
  if (flags & 0x01) c.skip(8);
  const heap = readAddress(ctx, c);
  const nameIndex = readAddress(ctx, c);
  return { heap, nameIndex };
}

/** Attribute Info (IV.A.2.v): where dense attribute storage lives. */
export function parseAttributeInfo(ctx: H5Context, data: Uint8Array): LinkInfo {
  const c = new Cursor(data);
  if (c.u8() !== 0) throw new Damaged('attribute info message: unknown version');
  const flags = c.u8();
  if (flags & 0x01) c.skip(2);
  const heap = readAddress(ctx, c);
  const nameIndex = readAddress(ctx, c);
  return { heap, nameIndex };
}
