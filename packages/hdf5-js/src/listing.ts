/**
 * Describes every object of a file without following a link or reading a dataset's data: the group
 * tree depth first (names in UTF-8 byte order, as HDF5's name index), each object's attributes, and
 * each dataset's header for later reads. Child headers of a group are fetched together.
 */
import type { AttrValue, NodeInfo } from '@icepickle/core';
import { attributeValue, parseAttribute } from './attribute.js';
import type { H5Context } from './context.js';
import { type DatasetHeader, datasetHeader, describeDataset } from './dataset.js';
import { denseMessages } from './dense-storage.js';
import { Damaged, Refused } from './errors.js';
import type { GlobalHeap } from './global-heap.js';
import { groupLinks, objectKind } from './group.js';
import { parseAttributeInfo } from './link.js';
import { MSG, type Message, readObjectHeader } from './object-header.js';

export interface Listing {
  nodes: NodeInfo[];
  attrs: Map<string, Record<string, AttrValue>>;
  datasets: Map<string, DatasetHeader>;
}

export interface ListingOptions {
  maxObjects: number;
  maxAttributeBytes: number;
}

/** A parser error that knows which object it is about. */
export class AtObject extends Error {
  constructor(
    readonly object: string,
    readonly inner: unknown,
  ) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

/** A UTF-16 code unit moved so that code units compare as code points do (surrogates above U+FFFF). */
const asCodePointOrder = (unit: number): number =>
  unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;

/**
 * HDF5's name index order: by UTF-8 bytes, which is code point order (JavaScript's `<` compares UTF-16
 * code units, which puts U+10000 and above before U+E000..U+FFFF). Names come from valid UTF-8, so
 * they hold no lone surrogates; nothing is encoded to compare them.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return asCodePointOrder(x) - asCodePointOrder(y);
  }
  return a.length - b.length;
}

function join(group: string, name: string): string {
  return group === '/' ? `/${name}` : `${group}/${name}`;
}

async function at<T>(object: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AtObject) throw error;
    throw new AtObject(object, error);
  }
}

function atSync<T>(object: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new AtObject(object, error);
  }
}

async function readAttributes(
  ctx: H5Context,
  heap: GlobalHeap,
  messages: readonly Message[],
  options: ListingOptions,
): Promise<Record<string, AttrValue>> {
  const raw = messages.filter((m) => m.type === MSG.ATTRIBUTE).map((m) => m.data);
  const infoMsg = messages.find((m) => m.type === MSG.ATTRIBUTE_INFO);
  const info = infoMsg && parseAttributeInfo(ctx, infoMsg.data);
  if (info?.heap !== undefined && info.nameIndex !== undefined)
    raw.push(...(await denseMessages(ctx, info, 'attributes')));
  const parsed = raw.map((data) => parseAttribute(ctx, data)).sort((a, b) => compareNames(a.name, b.name));
  const out: Record<string, AttrValue> = {};
  for (const a of parsed) {
    if (Object.hasOwn(out, a.name)) throw new Damaged(`attribute "${a.name}" appears twice`);
    const value = await attributeValue(ctx, heap, a, options.maxAttributeBytes);
    if (value !== undefined) out[a.name] = value;
  }
  return out;
}

export async function listFile(ctx: H5Context, heap: GlobalHeap, options: ListingOptions): Promise<Listing> {
  const listing: Listing = { nodes: [], attrs: new Map(), datasets: new Map() };
  const visited = new Set<number>([ctx.sb.rootAddress]);
  const rootMessages = await readObjectHeader(ctx, ctx.sb.rootAddress);
  if (objectKind(rootMessages) !== 'group') throw new Damaged('the root object is not a group');
  listing.attrs.set('/', await at('/', () => readAttributes(ctx, heap, rootMessages, options)));
  const walk = async (group: string, messages: readonly Message[]): Promise<void> => {
    const links = (await at(group, () => groupLinks(ctx, messages))).sort((a, b) => compareNames(a.name, b.name));
    const headers = await Promise.all(
      links.map((l) =>
        l.link.kind === 'hard'
          ? at(join(group, l.name), () => readObjectHeader(ctx, (l.link as { address: number }).address))
          : undefined,
      ),
    );
    for (let i = 0; i < links.length; i++) {
      const { name, link } = links[i]!;
      const path = join(group, name);
      if (listing.nodes.length >= options.maxObjects)
        throw new Refused(
          'LIMIT_EXCEEDED',
          `more than ${options.maxObjects} objects (groups, datasets, links); raise maxObjects to open it`,
        );
      if (link.kind !== 'hard') {
        listing.nodes.push({ kind: link.kind, path, target: link.target });
        continue;
      }
      const child = headers[i]!;
      const kind = objectKind(child);
      if (kind === 'group') {
        listing.nodes.push({ kind: 'group', path });
        listing.attrs.set(path, await at(path, () => readAttributes(ctx, heap, child, options)));
        // a hard link back to an ancestor would loop forever: list the name, do not descend twice
        if (!visited.has(link.address)) {
          visited.add(link.address);
          await walk(path, child);
        }
      } else if (kind === 'dataset') {
        const h = atSync(path, () => datasetHeader(ctx, child));
        listing.nodes.push(describeDataset(path, h));
        listing.datasets.set(path, h);
        listing.attrs.set(path, await at(path, () => readAttributes(ctx, heap, child, options)));
      } else if (kind === 'unknown') {
        listing.nodes.push({ kind: 'other-link', path, target: '' });
      } // named datatypes are not listed
    }
  };
  await walk('/', rootMessages);
  return listing;
}
