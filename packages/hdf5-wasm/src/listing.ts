/**
 * Describes every object of an open file without following a link or reading a dataset's data.
 *
 * For each name in a group we ask for its link type first (H5Lget_info, via h5wasm's
 * get_symbolic_link / get_external_link, which do not traverse the last component). Only plain hard
 * links are then resolved (get_type, dataset metadata, attributes), so a soft or external link is
 * never opened, and nothing outside the file is ever looked up.
 */
import type { AttrValue, DatasetInfo, FilterInfo, NodeInfo } from '@icepickle/core';
import type { Metadata } from 'h5wasm';
import { H5T, describeType, dtypeOf, isH5pyBool, itemSizeOf } from './dtypes.js';
import { fail } from './errors.js';
import { readAttributeStrings } from './vlen-strings.js';
import type { Loaded } from './h5wasm-module.js';
import { declaredAttributes } from './attribute-sizes.js';
import {
  type Link,
  type ObjectKind,
  groupLinks,
  headerMessages,
  mayHaveAttributes,
  objectKind,
} from './group-links.js';
import {
  type ChunkIndexRef,
  type Message,
  type SuperblockInfo,
  addressFromReference,
  describeStorage,
} from './object-header.js';

export interface Listing {
  nodes: NodeInfo[];
  attrs: Map<string, Record<string, AttrValue>>;
  /** What read() needs beyond the contract's description, per dataset path. */
  raw: Map<string, RawInfo>;
}

export interface RawInfo {
  metadata: Metadata;
  /** Where contiguous data sits in the file's bytes (read directly, without HDF5). */
  contiguous?: { offset: number; size: number };
  /** A chunked dataset's chunk index, checked chunk by chunk before HDF5 decompresses (chunk-check.ts). */
  chunkIndex?: ChunkIndexRef;
  /** What its variable-length references decode to (object-header.ts `vlenBytes`). */
  vlenBytes?: bigint;
}

const encoder = new TextEncoder();

/** HDF5's name index order: by UTF-8 bytes (not JavaScript's UTF-16 order). */
function compareNames(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export function join(group: string, name: string): string {
  return group === '/' ? `/${name}` : `${group}/${name}`;
}

/**
 * Down to this depth, a group's links read from the bytes are compared with h5wasm's own list
 * (H5Literate), and any difference falls back to h5wasm's answers. Deeper, that list costs O(depth)
 * per group (h5wasm opens groups by path), so the bytes alone are used: a name they do not show is
 * not listed and so can never be read.
 */
const CROSS_CHECK_DEPTH = 16;

interface Context {
  loaded: Loaded;
  fileId: bigint;
  bytes: Uint8Array;
  superblock: SuperblockInfo;
  label: string;
  maxObjects: number;
  maxAttributeBytes: number;
}

/** An object's header as read from the bytes (undefined when unreadable: h5wasm is asked instead). */
interface Header {
  address: number | undefined;
  messages: Message[] | undefined;
}

export function listFile(ctx: Context): Listing {
  const { module } = ctx.loaded;
  const nodes: NodeInfo[] = [];
  const attrs = new Map<string, Record<string, AttrValue>>();
  const raw = new Map<string, RawInfo>();
  const visitedGroups = new Set<number>();
  const headerAt = (address: number | undefined): Header => ({
    address,
    messages: address === undefined ? undefined : headerMessages(ctx.bytes, ctx.superblock, address),
  });
  const root = headerAt(addressFromReference(module.create_object_reference(ctx.fileId, '/')));
  attrs.set('/', readAttrs(ctx, '/', root));
  if (root.address !== undefined) visitedGroups.add(root.address);

  const walk = (group: string, header: Header, depth: number): void => {
    let links = header.messages && groupLinks(ctx.bytes, ctx.superblock, header.messages);
    let names: string[];
    if (links && depth > CROSS_CHECK_DEPTH) {
      names = [...links.keys()];
    } else {
      names = module.get_names(ctx.fileId, group, false) as string[];
      // the links as the bytes say, used only when they name exactly what HDF5 lists
      if (links && (links.size !== names.length || names.some((n) => !links!.has(n)))) links = undefined;
    }
    names = [...names].sort(compareNames);
    for (const name of names) {
      const path = join(group, name);
      if (nodes.length >= ctx.maxObjects) {
        throw fail(
          'LIMIT_EXCEEDED',
          ctx.label,
          `more than ${ctx.maxObjects} objects (groups, datasets, links); raise maxObjects to open it`,
        );
      }
      const link = links ? links.get(name)! : linkFromH5wasm(ctx, path);
      if (link.kind === 'soft') {
        nodes.push({ kind: 'soft-link', path, target: link.target ?? '' });
        continue;
      }
      if (link.kind === 'external') {
        nodes.push({ kind: 'external-link', path, target: link.target ?? '' });
        continue;
      }
      if (link.kind === 'other') {
        nodes.push({ kind: 'other-link', path, target: '' });
        continue;
      }
      // a plain hard link: HDF5 may resolve it
      const child = headerAt(link.address ?? addressFromReference(module.create_object_reference(ctx.fileId, path)));
      const kind = (child.messages && objectKind(child.messages)) ?? kindFromH5wasm(ctx, path);
      if (kind === 'group') {
        nodes.push({ kind: 'group', path });
        attrs.set(path, readAttrs(ctx, path, child));
        // A hard link back to an ancestor would loop forever: list the name, do not descend twice.
        if (child.address === undefined || !visitedGroups.has(child.address)) {
          if (child.address !== undefined) visitedGroups.add(child.address);
          walk(path, child, depth + 1);
        }
      } else if (kind === 'dataset') {
        nodes.push(describeDataset(ctx, path, raw, child.address));
        attrs.set(path, readAttrs(ctx, path, child));
      } else if (kind === 'datatype') {
        // a named datatype: not data, not listed
      } else {
        nodes.push({ kind: 'other-link', path, target: '' });
      }
    }
  };
  walk('/', root, 0);
  return { nodes, attrs, raw };
}

/**
 * The link's kind from h5wasm (H5Lget_info on the last component, never traversing it): for groups
 * whose links the bytes do not give (dense storage). Each call costs O(depth²) in h5wasm.
 */
function linkFromH5wasm(ctx: Context, path: string): Link {
  const { module } = ctx.loaded;
  const soft = module.get_symbolic_link(ctx.fileId, path) as string | null;
  if (typeof soft === 'string') return { kind: 'soft', target: soft };
  const external = module.get_external_link(ctx.fileId, path) as { filename?: string; obj_path?: string };
  if (typeof external.filename === 'string')
    return { kind: 'external', target: `${external.filename}:${external.obj_path ?? ''}` };
  return { kind: 'hard' };
}

function kindFromH5wasm(ctx: Context, path: string): ObjectKind | undefined {
  const { module } = ctx.loaded;
  const type = module.get_type(ctx.fileId, path);
  if (type === module.H5G_GROUP) return 'group';
  if (type === module.H5G_DATASET) return 'dataset';
  if (type === module.H5G_TYPE) return 'datatype';
  return undefined;
}

function describeDataset(
  ctx: Context,
  path: string,
  raw: Map<string, RawInfo>,
  address: number | undefined,
): DatasetInfo {
  const { module } = ctx.loaded;
  const storage = address === undefined ? undefined : describeStorage(ctx.bytes, ctx.superblock, address);
  if (storage?.layout === 'virtual') {
    // Opening a virtual dataset can open its source files (to size unlimited mappings): never do it.
    return {
      kind: 'dataset',
      path,
      dtype: 'other',
      itemSize: 0,
      shape: storage.shape ?? [],
      layout: 'virtual',
      filters: [],
      external: storage.external,
      typeDescription: 'virtual dataset (sources in other files)',
    };
  }
  const m = module.get_dataset_metadata(ctx.fileId, path) as Metadata;
  const rawInfo: RawInfo = { metadata: m };
  if (storage?.contiguous) rawInfo.contiguous = storage.contiguous;
  if (storage?.chunkIndex) rawInfo.chunkIndex = storage.chunkIndex;
  if (storage?.vlenBytes !== undefined) rawInfo.vlenBytes = storage.vlenBytes;
  raw.set(path, rawInfo);
  const filters: FilterInfo[] = (
    module.get_dataset_filters(ctx.fileId, path) as Array<{ id: number; name: string }>
  ).map((f) => ({ id: f.id, name: f.name }));
  const dtype = m.shape === null ? 'other' : dtypeOf(m);
  const info: DatasetInfo = {
    kind: 'dataset',
    path,
    dtype,
    itemSize: itemSizeOf(m),
    shape: m.shape ?? [],
    layout: storage?.layout ?? 'unknown',
    filters,
    external: storage?.external ?? false,
  };
  if (m.chunks) info.chunks = [...m.chunks];
  if (m.shape === null) info.typeDescription = `empty dataset (null dataspace) of ${describeType(m)}`;
  else if (dtype === 'other') info.typeDescription = describeType(m);
  return info;
}

function readAttrs(ctx: Context, path: string, header: Header): Record<string, AttrValue> {
  const { module, lib } = ctx.loaded;
  const out: Record<string, AttrValue> = {};
  if (header.address !== undefined) {
    // before h5wasm decodes any attribute: their declared sizes, from the header itself
    for (const a of declaredAttributes(ctx.bytes, ctx.superblock, header.address)) {
      checkAttributeBytes(ctx, path, a.name, a.bytes);
      if (a.vlenBytes !== undefined)
        checkVlenBytes(ctx.label, ctx.bytes, `attribute "${a.name}" of ${path}`, a.vlenBytes, path);
    }
  }
  if (header.messages && !mayHaveAttributes(header.messages)) return out;
  const names = [...(module.get_attribute_names(ctx.fileId, path) as string[])].sort(compareNames);
  for (const name of names) {
    const m = module.get_attribute_metadata(ctx.fileId, path, name) as Metadata;
    if (m.shape === null) continue; // empty dataspace: no value to give
    if (m.total_size === 0) {
      // h5wasm would malloc(0) and fail; an empty array has nothing to read
      if (m.type === H5T.STRING || m.type === H5T.FLOAT || m.type === H5T.INTEGER || isH5pyBool(m)) out[name] = [];
      continue;
    }
    // dense attribute storage is not read from the bytes: check h5wasm's shape (its total_size is 32-bit)
    checkAttributeBytes(ctx, path, name, (m.shape ?? []).reduce((a, b) => a * BigInt(b), 1n) * BigInt(m.size));
    const supported = m.type === H5T.FLOAT || m.type === H5T.INTEGER || m.type === H5T.STRING || isH5pyBool(m);
    if (!supported || (m.type === H5T.FLOAT && m.size !== 4 && m.size !== 8)) continue;
    let value: unknown;
    if (m.type === H5T.STRING && m.vlen) {
      const strings = readAttributeStrings(ctx.loaded, ctx.fileId, path, name, m.total_size, m.cset === 1);
      // variable-length strings declare 16 bytes each whatever they hold: their content counts too
      const bytes = strings.reduce((n, v) => n + encoder.encode(v).length, 0);
      if (bytes > ctx.maxAttributeBytes) {
        throw fail(
          'LIMIT_EXCEEDED',
          ctx.label,
          `attribute "${name}" of ${path} holds ${bytes} bytes of strings, more than the limit of ${ctx.maxAttributeBytes} [rule: max-attribute-bytes]`,
          { object: path },
        );
      }
      value = scalarOrList(strings, m);
    } else value = new lib.Attribute(ctx.fileId, path, name).value;
    const converted = attrValue(value, m);
    if (converted !== undefined) out[name] = converted;
  }
  return out;
}

/** Attribute values are read eagerly when a file opens: refuse any declared larger than the limit. */
function checkAttributeBytes(ctx: Context, path: string, name: string, bytes: bigint): void {
  if (bytes > BigInt(ctx.maxAttributeBytes)) {
    throw fail(
      'LIMIT_EXCEEDED',
      ctx.label,
      `attribute "${name}" of ${path} declares ${bytes} bytes, more than the limit of ${ctx.maxAttributeBytes} [rule: max-attribute-bytes]`,
      { object: path },
    );
  }
}

/**
 * Variable-length values live in the file once: references that decode to more bytes than the file
 * holds point at the same heap objects over and over (a memory bomb from a few MB). Refused before
 * HDF5 decodes them, as the native backend does.
 */
export function checkVlenBytes(label: string, bytes: Uint8Array, what: string, decoded: bigint, object: string): void {
  if (decoded > BigInt(bytes.length)) {
    throw fail(
      'LIMIT_EXCEEDED',
      label,
      `the variable-length strings of ${what} would decode to ${decoded} bytes, more than the file's ${bytes.length} (heap objects referenced repeatedly) [rule: vlen-decoded-size]`,
      { object },
    );
  }
}

function scalarOrList(strings: string[], m: Metadata): string | string[] | undefined {
  return m.shape!.length === 0 ? strings[0] : strings;
}

function attrValue(value: unknown, m: Metadata): AttrValue | undefined {
  const scalar = m.shape!.length === 0;
  if (m.type === H5T.STRING) {
    if (scalar) return typeof value === 'string' ? value : undefined;
    return Array.isArray(value) ? value.map(String) : undefined;
  }
  if (isH5pyBool(m)) {
    if (scalar) return Number(value) !== 0;
    return Array.from(value as ArrayLike<number>, (v) => (Number(v) !== 0 ? 1 : 0));
  }
  const items: Array<number | bigint> = scalar
    ? [value as number | bigint]
    : Array.from(value as ArrayLike<number | bigint>);
  if (items.some((v) => typeof v === 'bigint')) {
    const safe = items.every((v) => Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === BigInt(v));
    if (safe) {
      const numbers = items.map(Number);
      return scalar ? numbers[0] : numbers;
    }
    const bigints = items.map((v) => BigInt(v));
    return scalar ? bigints[0] : bigints;
  }
  return scalar ? (items[0] as number) : (items as number[]);
}
