/** A group's links, whichever storage holds them: symbol table, link messages, or dense storage. */
import type { H5Context } from './context.js';
import { denseMessages } from './dense-storage.js';
import { Damaged } from './errors.js';
import { type NamedLink, parseLink, parseLinkInfo } from './link.js';
import { MSG, type Message } from './object-header.js';
import { symbolTableLinks } from './symbol-table.js';

export type ObjectKind = 'group' | 'dataset' | 'datatype' | 'unknown';

/** What libhdf5 would call the object (H5O__obj_class: group, then dataset, then datatype). */
export function objectKind(messages: readonly Message[]): ObjectKind {
  const has = (type: number) => messages.some((m) => m.type === type);
  if (has(MSG.SYMBOL_TABLE) || has(MSG.LINK_INFO)) return 'group';
  if (has(MSG.DATATYPE) && has(MSG.DATASPACE)) return 'dataset';
  if (has(MSG.DATATYPE)) return 'datatype';
  return 'unknown';
}

export async function groupLinks(ctx: H5Context, messages: readonly Message[]): Promise<NamedLink[]> {
  const table = messages.find((m) => m.type === MSG.SYMBOL_TABLE);
  let links: NamedLink[];
  if (table) links = await symbolTableLinks(ctx, table.data);
  else {
    links = messages.filter((m) => m.type === MSG.LINK).map((m) => parseLink(ctx, m.data));
    const infoMsg = messages.find((m) => m.type === MSG.LINK_INFO);
    const info = infoMsg && parseLinkInfo(ctx, infoMsg.data);
    if (info?.heap !== undefined && info.nameIndex !== undefined)
      for (const data of await denseMessages(ctx, info, 'links')) links.push(parseLink(ctx, data));
  }
  const names = new Set<string>();
  for (const l of links) {
    if (names.has(l.name)) throw new Damaged(`group lists "${l.name}" twice`);
    names.add(l.name);
  }
  return links;
}
