/**
 * Builds a whole HDF5 file in a private MEMFS folder and returns its bytes. Everything is validated
 * before the first HDF5 call, so a bad request fails without side effects.
 *
 * Bool datasets are written as h5py writes them (an enum over int8), through an edit of the bytes
 * h5wasm wrote (bool-enum.ts). What h5wasm 0.10.3 cannot write (NOT_SUPPORTED, never silently changed):
 * boolean attributes (it cannot create HDF5 enum types, which is how h5py stores bools), the shuffle
 * filter (its dataset creation takes one filter), and compressed variable-length strings.
 */
import type { AttrValue, DatasetToWrite, DType, FileToWrite, StoredArray } from '@icepickle/core';
import { isIcepickleError } from '@icepickle/core';
import { BOOL_PLACEHOLDER, BOOL_PLACEHOLDER_VALUE, patchBoolDatasets } from './bool-enum.js';
import { fail } from './errors.js';
import { addressFromReference } from './written-headers.js';
import {
  type Loaded,
  hdf5Reason,
  isWasmTrap,
  markCrashed,
  memfs,
  memfsPath,
  removeMemfs,
  settle,
} from './h5wasm-module.js';

const DTYPE_CODES: Partial<Record<DType, { code: string; ctor: Function }>> = {
  float64: { code: '<d', ctor: Float64Array },
  float32: { code: '<f', ctor: Float32Array },
  int64: { code: '<q', ctor: BigInt64Array },
  uint64: { code: '<Q', ctor: BigUint64Array },
  int32: { code: '<i', ctor: Int32Array },
  uint32: { code: '<I', ctor: Uint32Array },
  int16: { code: '<h', ctor: Int16Array },
  uint16: { code: '<H', ctor: Uint16Array },
  int8: { code: '<b', ctor: Int8Array },
  uint8: { code: '<B', ctor: Uint8Array },
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export interface PreparedAttr {
  name: string;
  data: unknown;
  shape: number[];
  dtype: string;
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function absolute(parts: readonly string[]): string {
  return `/${parts.join('/')}`;
}

/** A FileToWrite checked and converted for h5wasm; nothing written yet. */
export interface PreparedFile {
  rootAttrs: PreparedAttr[];
  groups: Map<string, PreparedAttr[]>;
  datasets: Array<{ path: string; args: Record<string, unknown>; attrs: PreparedAttr[]; bool?: boolean }>;
}

export async function buildFile(loaded: Loaded, file: FileToWrite, label = '<bytes>'): Promise<Uint8Array> {
  const { bytes, bools } = writeWithH5wasm(loaded, file, label);
  try {
    await patchBoolDatasets(bytes, bools); // on the bytes alone, once h5wasm is done with the file
  } catch (cause) {
    throw fail('WRITE_FAILED', label, `h5wasm could not write the file: ${hdf5Reason(cause)}`, { cause });
  }
  return bytes;
}

/** The file as h5wasm writes it, with the header addresses of the bool datasets still to be retyped. */
function writeWithH5wasm(loaded: Loaded, file: FileToWrite, label: string): { bytes: Uint8Array; bools: number[] } {
  const prepared = prepareFile(file, label);
  const { lib, module } = loaded;
  settle(loaded);
  const { dir, file: memPath } = memfsPath(module, 'w');
  let h5: InstanceType<typeof lib.File> | undefined;
  try {
    h5 = new lib.File(memPath, 'w');
    writePrepared(lib, module, h5.file_id, prepared);
    const fileId = h5.file_id;
    const bools = prepared.datasets
      .filter((d) => d.bool)
      .map((d) => addressFromReference(module.create_object_reference(fileId, d.path))!);
    h5.close();
    h5 = undefined;
    return { bytes: memfs(module).readFile(memPath).slice(), bools };
  } catch (cause) {
    if (isWasmTrap(cause)) markCrashed(loaded);
    if (isIcepickleError(cause)) throw cause;
    throw fail('WRITE_FAILED', label, `h5wasm could not write the file: ${hdf5Reason(cause)}`, { cause });
  } finally {
    try {
      if (!loaded.crashed) h5?.close();
    } catch (error) {
      if (isWasmTrap(error)) markCrashed(loaded);
    }
    removeMemfs(module, dir);
  }
}

/** Validates everything before the first HDF5 call, so a bad request fails without side effects. */
export function prepareFile(file: FileToWrite, label: string, reservedPaths: readonly string[] = []): PreparedFile {
  const bad = (what: string, object?: string) =>
    fail('INVALID_INPUT', label, what, object === undefined ? {} : { object });
  const unsupported = (what: string, object?: string) =>
    fail('NOT_SUPPORTED', label, what, object === undefined ? {} : { object });
  if (!file || !Array.isArray(file.datasets)) throw bad('write needs { datasets: [...] }');
  const groups = new Map<string, PreparedAttr[]>(); // group path -> attrs (implicit parents have none)
  const datasetPaths = new Set<string>();
  const ensureParents = (parts: string[]) => {
    for (let i = 1; i < parts.length; i++) {
      const p = absolute(parts.slice(0, i));
      if (datasetPaths.has(p)) throw bad(`"${absolute(parts)}" is inside dataset "${p}"`, p);
      if (!groups.has(p)) groups.set(p, []);
    }
  };
  const checkPath = (path: unknown, what: string): string[] => {
    if (typeof path !== 'string') throw bad(`${what} path must be a string`);
    const parts = split(path);
    if (parts.length === 0) throw bad(`${what} path "${path}" names the root`);
    if (parts.some((p) => p === '.' || p === '..')) throw bad(`${what} path "${path}" has "." or ".." in it`, path);
    return parts;
  };
  const rootAttrs = prepareAttrs(file.attrs, '/', bad, unsupported);
  for (const g of file.groups ?? []) {
    const parts = checkPath(g.path, 'group');
    ensureParents(parts);
    const p = absolute(parts);
    groups.set(p, [...(groups.get(p) ?? []), ...prepareAttrs(g.attrs, p, bad, unsupported)]);
  }
  const datasets = file.datasets.map((d) => {
    const parts = checkPath(d?.path, 'dataset');
    const p = absolute(parts);
    if (datasetPaths.has(p) || groups.has(p)) throw bad(`"${p}" is written twice (or is also a group)`, p);
    ensureParents(parts);
    datasetPaths.add(p);
    return { path: p, ...prepareDataset(d, p, bad, unsupported), attrs: prepareAttrs(d.attrs, p, bad, unsupported) };
  });
  for (const p of datasetPaths) if (groups.has(p)) throw bad(`"${p}" is both a group and a dataset`, p);
  for (const p of reservedPaths) {
    if (datasetPaths.has(p) || groups.has(p)) throw bad(`"${p}" is written twice (or is also a group)`, p);
    ensureParents(split(p));
  }
  return { rootAttrs, groups, datasets };
}

/** Writes a prepared file's attributes, groups and datasets into an open h5wasm file. */
export function writePrepared(
  lib: Loaded['lib'],
  module: Loaded['module'],
  fileId: bigint,
  prepared: PreparedFile,
): void {
  // h5wasm joins `this.path + "/" + name`; a group object with an empty path gives absolute names.
  const top = new lib.Group(fileId, '');
  writeAttrs(new lib.Group(fileId, '/'), prepared.rootAttrs);
  for (const p of [...prepared.groups.keys()].sort((a, b) => split(a).length - split(b).length)) {
    module.create_group(fileId, p, false);
    writeAttrs(new lib.Group(fileId, p), prepared.groups.get(p)!);
  }
  for (const d of prepared.datasets) {
    top.create_dataset({ name: d.path.slice(1), ...d.args } as Parameters<typeof top.create_dataset>[0]);
    const attrs = d.bool
      ? [
          ...d.attrs,
          { name: BOOL_PLACEHOLDER, data: BOOL_PLACEHOLDER_VALUE, shape: [BOOL_PLACEHOLDER_VALUE.length], dtype: '<B' },
        ]
      : d.attrs;
    writeAttrs(new lib.Dataset(fileId, d.path), attrs);
  }
}

export function writeAttrs(target: { create_attribute: Function }, attrs: readonly PreparedAttr[]): void {
  for (const a of attrs) target.create_attribute(a.name, a.data, a.shape, a.dtype);
}

export type Fail = (what: string, object?: string) => Error;

function prepareDataset(
  d: DatasetToWrite,
  path: string,
  bad: Fail,
  unsupported: Fail,
): { args: Record<string, unknown>; bool?: boolean } {
  const array = d.array as StoredArray | undefined;
  if (!array || typeof array !== 'object') throw bad(`dataset "${path}" has no array`, path);
  const { dtype, shape, data } = array;
  if (!Array.isArray(shape) || shape.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw bad(`dataset "${path}": shape must be non-negative integers`, path);
  const count = shape.reduce((a, b) => a * b, 1);
  if (!data || (data as ArrayLike<unknown>).length !== count) {
    throw bad(
      `dataset "${path}": shape [${shape.join(', ')}] needs ${count} values, got ${(data as ArrayLike<unknown> | undefined)?.length ?? 'none'}`,
      path,
    );
  }
  const args: Record<string, unknown> = { shape: [...shape] };
  let bool = false;
  if (dtype === 'bool') {
    // stored as int8 0 / 1 and retyped as h5py's enum after the write (bool-enum.ts)
    if (!(data instanceof Uint8Array) || data.some((v) => v > 1))
      throw bad(`dataset "${path}": bool data must be a Uint8Array of 0 and 1`, path);
    args.data = new Int8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    args.dtype = '<b';
    bool = true;
  } else if (dtype === 'utf8') {
    if (!Array.isArray(data) || data.some((s) => typeof s !== 'string'))
      throw bad(`dataset "${path}": utf8 data must be an array of strings`, path);
    args.data = [...data];
    args.dtype = 'S'; // h5wasm: 'S' without a length = variable-length UTF-8
  } else {
    const spec = DTYPE_CODES[dtype];
    if (!spec) throw bad(`dataset "${path}": cannot write dtype ${String(dtype)}`, path);
    if (!(data instanceof spec.ctor))
      throw bad(
        `dataset "${path}": dtype ${dtype} needs a ${spec.ctor.name}, got ${(data as object).constructor?.name ?? typeof data}`,
        path,
      );
    args.data = data;
    args.dtype = spec.code;
  }
  if (d.chunks !== undefined) {
    const chunks = d.chunks;
    if (!Array.isArray(chunks) || chunks.length !== shape.length || shape.length === 0)
      throw bad(`dataset "${path}": chunks must have one entry per dimension (rank ${shape.length})`, path);
    chunks.forEach((c, i) => {
      if (!Number.isSafeInteger(c) || c < 1 || (shape[i]! > 0 && c > shape[i]!))
        throw bad(`dataset "${path}": chunk size ${c} on axis ${i} must be in [1, ${shape[i]}]`, path);
    });
    args.chunks = [...chunks];
  }
  if (d.gzip !== undefined) {
    if (!Number.isInteger(d.gzip) || d.gzip < 0 || d.gzip > 9)
      throw bad(`dataset "${path}": gzip level must be an integer 0-9`, path);
    if (d.chunks === undefined) throw bad(`dataset "${path}": gzip needs chunks`, path);
    if (dtype === 'utf8') throw unsupported(`dataset "${path}": h5wasm cannot compress variable-length strings`, path);
    args.compression = 'gzip';
    args.compression_opts = d.gzip;
  }
  if (d.shuffle) {
    if (d.chunks === undefined) throw bad(`dataset "${path}": shuffle needs chunks`, path);
    throw unsupported(
      `dataset "${path}": h5wasm sets a single filter per dataset, so it cannot write shuffle (with or without gzip); write with shuffle: false or use @icepickle/hdf5-node`,
      path,
    );
  }
  return bool ? { args, bool } : { args };
}

export function prepareAttrs(
  attrs: Record<string, AttrValue> | undefined,
  object: string,
  bad: Fail,
  unsupported: Fail,
): PreparedAttr[] {
  if (attrs === undefined) return [];
  if (typeof attrs !== 'object' || attrs === null) throw bad(`attributes of ${object} must be an object`, object);
  return Object.entries(attrs).map(([name, value]) => prepareAttr(name, value, object, bad, unsupported));
}

function toInt64(v: bigint, name: string, object: string, bad: Fail): bigint {
  if (v < INT64_MIN || v > INT64_MAX) throw bad(`attribute "${name}" of ${object}: ${v} does not fit int64`, object);
  return v;
}

function prepareAttr(name: string, value: AttrValue, object: string, bad: Fail, unsupported: Fail): PreparedAttr {
  if (name === '') throw bad(`an attribute of ${object} has an empty name`, object);
  const what = `attribute "${name}" of ${object}`;
  if (typeof value === 'string') return { name, data: value, shape: [], dtype: 'S' };
  if (typeof value === 'boolean')
    throw unsupported(
      `${what}: h5wasm cannot create HDF5 enum types, so it cannot write booleans as h5py does`,
      object,
    );
  if (typeof value === 'bigint')
    return { name, data: BigInt64Array.of(toInt64(value, name, object, bad)), shape: [], dtype: '<q' };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
      ? { name, data: BigInt64Array.of(BigInt(value)), shape: [], dtype: '<q' }
      : { name, data: Float64Array.of(value), shape: [], dtype: '<d' };
  }
  if (Array.isArray(value)) {
    const shape = [value.length];
    if (value.every((v) => typeof v === 'string'))
      return { name, data: value.length ? [...value] : Float64Array.of(), shape, dtype: value.length ? 'S' : '<d' };
    if (value.every((v) => typeof v === 'bigint'))
      return {
        name,
        data: BigInt64Array.from(value as bigint[], (v) => toInt64(v, name, object, bad)),
        shape,
        dtype: '<q',
      };
    if (value.every((v) => typeof v === 'number')) {
      const nums = value as number[];
      return nums.every(Number.isSafeInteger) && nums.length > 0
        ? { name, data: BigInt64Array.from(nums, (v) => BigInt(v)), shape, dtype: '<q' }
        : { name, data: Float64Array.from(nums), shape, dtype: '<d' };
    }
    if (value.every((v) => typeof v === 'boolean'))
      throw unsupported(`${what}: h5wasm cannot write boolean arrays as h5py does`, object);
    throw bad(`${what}: arrays must hold only numbers, only bigints or only strings`, object);
  }
  throw bad(`${what}: unsupported value of type ${typeof value}`, object);
}
