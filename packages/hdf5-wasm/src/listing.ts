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
import { type ChunkIndexRef, type SuperblockInfo, addressFromReference, describeStorage } from './object-header.js';

/** Attribute values larger than this are refused when a file is opened (they are read eagerly). */
export const MAX_ATTRIBUTE_BYTES = 64 * 1024 * 1024;

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
}

const encoder = new TextEncoder();

/** HDF5's name index order: by UTF-8 bytes (not JavaScript's UTF-16 order). */
export function compareNames(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export function join(group: string, name: string): string {
  return group === '/' ? `/${name}` : `${group}/${name}`;
}

interface Context {
  loaded: Loaded;
  fileId: bigint;
  bytes: Uint8Array;
  superblock: SuperblockInfo;
  label: string;
  maxObjects: number;
}

export function listFile(ctx: Context): Listing {
  const { module } = ctx.loaded;
  const nodes: NodeInfo[] = [];
  const attrs = new Map<string, Record<string, AttrValue>>();
  const raw = new Map<string, RawInfo>();
  const visitedGroups = new Set<number>();
  attrs.set('/', readAttrs(ctx, '/'));
  const rootAddress = addressFromReference(module.create_object_reference(ctx.fileId, '/'));
  if (rootAddress !== undefined) visitedGroups.add(rootAddress);

  const walk = (group: string): void => {
    const names = [...(module.get_names(ctx.fileId, group, false) as string[])].sort(compareNames);
    for (const name of names) {
      const path = join(group, name);
      if (nodes.length >= ctx.maxObjects) {
        throw fail('LIMIT_EXCEEDED', ctx.label, `more than ${ctx.maxObjects} objects (groups, datasets, links); raise maxObjects to open it`);
      }
      const soft = module.get_symbolic_link(ctx.fileId, path) as string | null;
      if (typeof soft === 'string') {
        nodes.push({ kind: 'soft-link', path, target: soft });
        continue;
      }
      const external = module.get_external_link(ctx.fileId, path) as { filename?: string; obj_path?: string };
      if (typeof external.filename === 'string') {
        nodes.push({ kind: 'external-link', path, target: `${external.filename}:${external.obj_path ?? ''}` });
        continue;
      }
      const type = module.get_type(ctx.fileId, path);
      if (type === module.H5G_GROUP) {
        nodes.push({ kind: 'group', path });
        attrs.set(path, readAttrs(ctx, path));
        const address = addressFromReference(module.create_object_reference(ctx.fileId, path));
        // A hard link back to an ancestor would loop forever: list the name, do not descend twice.
        if (address === undefined || !visitedGroups.has(address)) {
          if (address !== undefined) visitedGroups.add(address);
          walk(path);
        }
      } else if (type === module.H5G_DATASET) {
        nodes.push(describeDataset(ctx, path, raw));
        attrs.set(path, readAttrs(ctx, path));
      } else if (type === module.H5G_TYPE) {
        // a named datatype: not data, not listed
      } else {
        nodes.push({ kind: 'other-link', path, target: '' });
      }
    }
  };
  walk('/');
  return { nodes, attrs, raw };
}

function describeDataset(ctx: Context, path: string, raw: Map<string, RawInfo>): DatasetInfo {
  const { module } = ctx.loaded;
  const address = addressFromReference(module.create_object_reference(ctx.fileId, path));
  const storage = address === undefined ? undefined : describeStorage(ctx.bytes, ctx.superblock, address);
  if (storage?.layout === 'virtual') {
    // Opening a virtual dataset can open its source files (to size unlimited mappings): never do it.
    return { kind: 'dataset', path, dtype: 'other', itemSize: 0, shape: storage.shape ?? [], layout: 'virtual', filters: [], external: storage.external, typeDescription: 'virtual dataset (sources in other files)' };
  }
  const m = module.get_dataset_metadata(ctx.fileId, path) as Metadata;
  const rawInfo: RawInfo = { metadata: m };
  if (storage?.contiguous) rawInfo.contiguous = storage.contiguous;
  if (storage?.chunkIndex) rawInfo.chunkIndex = storage.chunkIndex;
  raw.set(path, rawInfo);
  const filters: FilterInfo[] = (module.get_dataset_filters(ctx.fileId, path) as Array<{ id: number; name: string }>).map((f) => ({ id: f.id, name: f.name }));
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

function readAttrs(ctx: Context, path: string): Record<string, AttrValue> {
  const { module, lib } = ctx.loaded;
  const out: Record<string, AttrValue> = {};
  const names = [...(module.get_attribute_names(ctx.fileId, path) as string[])].sort(compareNames);
  for (const name of names) {
    const m = module.get_attribute_metadata(ctx.fileId, path, name) as Metadata;
    if (m.shape === null) continue; // empty dataspace: no value to give
    if (m.total_size === 0) {
      // h5wasm would malloc(0) and fail; an empty array has nothing to read
      if (m.type === H5T.STRING || m.type === H5T.FLOAT || m.type === H5T.INTEGER || isH5pyBool(m)) out[name] = [];
      continue;
    }
    if (m.size * m.total_size > MAX_ATTRIBUTE_BYTES) {
      throw fail('LIMIT_EXCEEDED', ctx.label, `attribute "${name}" of ${path} declares ${m.size * m.total_size} bytes (more than ${MAX_ATTRIBUTE_BYTES})`, { object: path });
    }
    const supported = m.type === H5T.FLOAT || m.type === H5T.INTEGER || m.type === H5T.STRING || isH5pyBool(m);
    if (!supported || (m.type === H5T.FLOAT && m.size !== 4 && m.size !== 8)) continue;
    const value = m.type === H5T.STRING && m.vlen
      ? scalarOrList(readAttributeStrings(ctx.loaded, ctx.fileId, path, name, m.total_size, m.cset === 1), m)
      : new lib.Attribute(ctx.fileId, path, name).value;
    const converted = attrValue(value, m);
    if (converted !== undefined) out[name] = converted;
  }
  return out;
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
  const items: Array<number | bigint> = scalar ? [value as number | bigint] : Array.from(value as ArrayLike<number | bigint>);
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
