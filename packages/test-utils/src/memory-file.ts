/**
 * A file of the memory backend as plain objects: the listing a backend's `list()` returns, the
 * attributes of every group and dataset, and the arrays. Built from a `FileToWrite` (checked by the
 * contract's write rules, as a file backend checks before its first HDF5 call) or from any open
 * StoredFile (`snapshotFile`).
 */
import type {
  AttrValue,
  DatasetInfo,
  DatasetToWrite,
  FileToWrite,
  FilterInfo,
  IcepickleError,
  IcepickleErrorCode,
  NodeInfo,
  StoredArray,
  StoredFile,
  TypedData,
} from '@icepickle/core';
import { type SelectionPlan, typedArrayConstructor } from '@icepickle/core/backend-kit';

export interface MemoryFile {
  readonly nodes: readonly NodeInfo[];
  /** Attributes of `/` and of every group and dataset. */
  readonly attrs: ReadonlyMap<string, Record<string, AttrValue>>;
  /** A dataset's values, or the error reading it gave (files imported from another backend). */
  readonly data: ReadonlyMap<string, StoredArray | { error: unknown }>;
}

export type Fault = (code: IcepickleErrorCode, detail: string, object?: string) => IcepickleError;

/** Everything an open file answers, copied into a MemoryFile; a dataset that fails to read keeps its error. */
export async function snapshotFile(file: StoredFile): Promise<MemoryFile> {
  const nodes = file.list();
  const attrs = new Map<string, Record<string, AttrValue>>([['/', { ...file.attrs('/') }]]);
  const data = new Map<string, StoredArray | { error: unknown }>();
  for (const node of nodes) {
    if (node.kind === 'group' || node.kind === 'dataset') attrs.set(node.path, { ...file.attrs(node.path) });
    if (node.kind !== 'dataset') continue;
    try {
      data.set(node.path, await file.read(node.path));
    } catch (error) {
      data.set(node.path, { error });
    }
  }
  return { nodes, attrs, data };
}

const split = (path: string) => path.split('/').filter(Boolean);
const absolute = (parts: readonly string[]) => `/${parts.join('/')}`;
const encoder = new TextEncoder();

/** A FileToWrite checked by the contract's write rules and laid out as a listing; nothing is kept on failure. */
export function memoryFileFrom(file: FileToWrite, fault: Fault): MemoryFile {
  if (!file || !Array.isArray(file.datasets)) throw fault('INVALID_INPUT', 'write needs { datasets: [...] }');
  const attrs = new Map<string, Record<string, AttrValue>>([['/', attributes(file.attrs, '/', fault)]]);
  const datasets = new Map<string, DatasetToWrite>();
  const parentsOf = (parts: string[]) => {
    for (let i = 1; i < parts.length; i++) {
      const p = absolute(parts.slice(0, i));
      if (datasets.has(p)) throw fault('INVALID_INPUT', `"${absolute(parts)}" is inside dataset "${p}"`, p);
      if (!attrs.has(p)) attrs.set(p, {});
    }
  };
  for (const g of file.groups ?? []) {
    const parts = checkedPath(g?.path, 'group', fault);
    parentsOf(parts);
    const p = absolute(parts);
    attrs.set(p, { ...attrs.get(p), ...attributes(g.attrs, p, fault) });
  }
  for (const d of file.datasets) {
    const parts = checkedPath(d?.path, 'dataset', fault);
    const p = absolute(parts);
    if (datasets.has(p) || attrs.has(p))
      throw fault('INVALID_INPUT', `"${p}" is written twice (or is also a group)`, p);
    parentsOf(parts);
    checkDataset(d, p, fault);
    datasets.set(p, d);
    attrs.set(p, attributes(d.attrs, p, fault));
  }
  const paths = [...attrs.keys()].filter((p) => p !== '/').sort(byUtf8Parts);
  const nodes: NodeInfo[] = paths.map((p) => {
    const d = datasets.get(p);
    return d ? datasetInfo(p, d) : { kind: 'group', path: p };
  });
  const data = new Map<string, StoredArray>();
  for (const [p, d] of datasets)
    data.set(p, { dtype: d.array.dtype, shape: [...d.array.shape], data: copy(d.array.data) });
  return { nodes, attrs, data };
}

function checkedPath(path: unknown, what: string, fault: Fault): string[] {
  if (typeof path !== 'string') throw fault('INVALID_INPUT', `${what} path must be a string`);
  const parts = split(path);
  if (parts.length === 0) throw fault('INVALID_INPUT', `${what} path "${path}" names the root`);
  if (parts.some((p) => p === '.' || p === '..'))
    throw fault('INVALID_INPUT', `${what} path "${path}" has "." or ".." in it`, path);
  return parts;
}

/** Depth first with names in UTF-8 byte order, as HDF5's name index lists them. */
function byUtf8Parts(a: string, b: string): number {
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = encoder.encode(pa[i]);
    const y = encoder.encode(pb[i]);
    for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
    if (x.length !== y.length) return x.length - y.length;
  }
  return pa.length - pb.length;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The contract's rules for one dataset: a known dtype, its array type, shape × values, chunks and filters. */
function checkDataset(d: DatasetToWrite, p: string, fault: Fault): void {
  const bad = (what: string) => fault('INVALID_INPUT', `dataset "${p}": ${what}`, p);
  const { dtype, shape, data } = d.array ?? ({} as StoredArray);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad('shape must be non-negative integers');
  const ctor = typedArrayConstructor(dtype);
  if (dtype === 'utf8') {
    if (!Array.isArray(data) || !data.every((v) => typeof v === 'string')) throw bad('utf8 data must be strings');
  } else if (ctor === undefined) throw bad(`dtype ${String(dtype)} cannot be written`);
  else if (!(data instanceof ctor)) throw bad(`a ${dtype} dataset takes a ${ctor.name}`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw bad(`shape [${shape.join(', ')}] needs ${size} values, got ${data.length}`);
  if (d.chunks !== undefined) {
    const c = d.chunks;
    if (!Array.isArray(c) || c.length !== shape.length || shape.length === 0 || !c.every((v) => isCount(v) && v > 0))
      throw bad('chunks must give a positive size per axis');
  }
  if (d.gzip !== undefined && (d.chunks === undefined || !Number.isInteger(d.gzip) || d.gzip < 0 || d.gzip > 9))
    throw bad('gzip needs chunks and a level 0-9');
  if (d.shuffle && d.chunks === undefined) throw bad('shuffle needs chunks');
}

function datasetInfo(path: string, d: DatasetToWrite): DatasetInfo {
  const filters: FilterInfo[] = [];
  if (d.shuffle) filters.push({ id: 2, name: 'shuffle' });
  if (d.gzip !== undefined) filters.push({ id: 1, name: 'deflate' });
  const dtype = d.array.dtype;
  return {
    kind: 'dataset',
    path,
    dtype,
    // variable-length strings are 16-byte references in HDF5; numbers their width
    itemSize: dtype === 'utf8' ? 16 : new (typedArrayConstructor(dtype) ?? Uint8Array)(0).BYTES_PER_ELEMENT,
    shape: [...d.array.shape],
    layout: d.chunks === undefined ? 'contiguous' : 'chunked',
    ...(d.chunks === undefined ? {} : { chunks: [...d.chunks] }),
    filters,
    external: false,
  };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Attributes as a file backend reads them back (types.ts, AttrValue): safe 64-bit integers come back as numbers. */
function attributes(values: Record<string, AttrValue> | undefined, p: string, fault: Fault): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [name, v] of Object.entries(values ?? {})) {
    const bad = (what: string) => fault('INVALID_INPUT', `attribute "${name}" of ${p}: ${what}`, p);
    const int64 = (b: bigint) => {
      if (b < INT64_MIN || b > INT64_MAX) throw bad(`${b} is outside int64`);
      return b;
    };
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = v;
    else if (typeof v === 'bigint') out[name] = Number.isSafeInteger(Number(int64(v))) ? Number(v) : v;
    else if (!Array.isArray(v)) throw bad(`${typeof v} is not an attribute value`);
    else if (v.every((x) => typeof x === 'number')) out[name] = [...(v as number[])];
    else if (v.every((x) => typeof x === 'string')) out[name] = [...(v as string[])];
    else if (v.every((x) => typeof x === 'bigint')) {
      const all = (v as bigint[]).map(int64);
      out[name] = all.every((b) => Number.isSafeInteger(Number(b))) ? all.map(Number) : all;
    } else throw bad('an array must hold only numbers, only strings or only bigints');
  }
  return out;
}

function copy(data: TypedData | readonly string[]): TypedData | string[] {
  return Array.isArray(data) ? [...data] : (data as TypedData).slice();
}

/** The rows and columns of a selection plan (core's planSelection), copied out row-major. */
export function readSelection(held: StoredArray, plan: SelectionPlan): StoredArray {
  const { dtype, shape, data } = held;
  if (plan.rows === undefined && plan.cols === undefined) return { dtype, shape: [...shape], data: copy(data) };
  const rowLength = shape.slice(1).reduce((a, b) => a * b, 1);
  const [r0, r1] = plan.rows ?? [0, shape[0]!];
  if (plan.cols === undefined) {
    const rows = (data as TypedData | string[]).slice(r0 * rowLength, r1 * rowLength) as TypedData | string[];
    return { dtype, shape: plan.shape, data: rows };
  }
  const picks: number[] = [];
  if (shape.length === 1) picks.push(...plan.cols);
  else for (let r = r0; r < r1; r++) for (const j of plan.cols) picks.push(r * rowLength + j);
  if (Array.isArray(data)) return { dtype, shape: plan.shape, data: picks.map((k) => data[k]!) };
  const typed = data as TypedData;
  const out = new (typed.constructor as new (n: number) => TypedData)(picks.length);
  const from = typed as unknown as ArrayLike<unknown>;
  const into = out as unknown as { [i: number]: unknown };
  for (let i = 0; i < picks.length; i++) into[i] = from[picks[i]!];
  return { dtype, shape: plan.shape, data: out };
}
