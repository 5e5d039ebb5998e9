/**
 * Reads a dataset (whole, a row range, a column list, or both) and normalises h5wasm's output to the
 * contract: rank 0 → one-element array, bool enums → Uint8Array of 0/1, strings → string[].
 * Column lists are read as one hyperslab per run of nearby columns, then gathered in the requested
 * order (duplicates allowed), so a few columns of a wide matrix never load the whole matrix.
 */
import type { DatasetInfo, DType, StoredArray, TypedData } from '@icepickle/core';
import { type SelectionPlan, typedArrayConstructor } from '@icepickle/core/backend-kit';
import { fail } from './errors.js';
import type { Loaded } from './h5wasm-module.js';
import { type RawInfo, checkVlenBytes } from './listing.js';
import { readDatasetStrings } from './vlen-strings.js';

/** Columns closer than this are read in one hyperslab (reading a few extra values beats another call). */
const MERGE_GAP = 8;

type Slice = [number, number];
type Raw = ArrayLike<unknown>;

type Plan = SelectionPlan;

export function readDataset(
  loaded: Loaded,
  fileId: bigint,
  info: DatasetInfo,
  plan: Plan,
  label: string,
  raw?: RawInfo,
  fileBytes?: Uint8Array,
): StoredArray {
  const total = plan.shape.reduce((a, b) => a * b, 1);
  if (raw && fileBytes) {
    const direct = readContiguous(info, plan, raw, fileBytes, total);
    if (direct) return { dtype: info.dtype, shape: plan.shape, data: direct };
  }
  const dataset = new loaded.lib.Dataset(fileId, info.path);
  // One read must fit in the wasm heap (at most 2 GiB, shared by everything h5wasm holds).
  const bytes = total * Math.max(info.itemSize, 1);
  if (bytes > loaded.module.MAXIMUM_MEMORY / 2) {
    throw fail(
      'LIMIT_EXCEEDED',
      label,
      `reading ${bytes} bytes of "${info.path}" at once does not fit h5wasm's ${loaded.module.MAXIMUM_MEMORY}-byte heap; read it in slices (rows / cols)`,
      { object: info.path },
    );
  }
  const out = allocate(info.dtype, total);
  if (total === 0) return { dtype: info.dtype, shape: plan.shape, data: out };
  const rank = info.shape.length;
  const rows: Slice = plan.rows ?? [0, info.shape[0] ?? 1];
  const vlen = raw?.metadata.vlen === true && info.dtype === 'utf8';
  if (vlen && raw?.vlenBytes !== undefined && fileBytes)
    checkVlenBytes(label, fileBytes, `dataset ${info.path}`, raw.vlenBytes, info.path);
  const utf8 = raw?.metadata.cset === 1;
  // [start, end) on every axis, for variable-length strings (read by vlen-strings.ts, not h5wasm)
  const full = (first: Slice, last?: Slice): Array<readonly [number, number]> =>
    info.shape.map((n, axis) => (axis === 0 ? first : axis === rank - 1 && last ? last : ([0, n] as const)));
  if (!plan.cols) {
    const values = vlen
      ? readDatasetStrings(loaded, fileId, info.path, info.shape, utf8, rank > 0 && plan.rows ? full(rows) : undefined)
      : rank === 0
        ? dataset.value
        : plan.rows
          ? dataset.slice([rows])
          : dataset.value;
    copyInto(out, values, info.dtype);
    return { dtype: info.dtype, shape: plan.shape, data: out };
  }
  const cols = plan.cols;
  const width = cols.length;
  const nRows = rank === 2 ? rows[1] - rows[0] : 1;
  for (const [c0, c1] of runs(cols, info.chunks?.[rank - 1])) {
    const values = vlen
      ? readDatasetStrings(loaded, fileId, info.path, info.shape, utf8, rank === 2 ? full(rows, [c0, c1]) : [[c0, c1]])
      : toArray(rank === 2 ? dataset.slice([rows, [c0, c1]]) : dataset.slice([[c0, c1]]));
    const w = c1 - c0;
    cols.forEach((j, k) => {
      if (j < c0 || j >= c1) return;
      for (let i = 0; i < nRows; i++) set(out, i * width + k, values[i * w + (j - c0)], info.dtype);
    });
  }
  return { dtype: info.dtype, shape: plan.shape, data: out };
}

/**
 * The chunks HDF5 decompresses for `plan`, per axis as chunk-index ranges: the row range, the column
 * runs readDataset reads (gaps included), everything on other axes.
 */
export function touchedChunks(info: DatasetInfo, plan: Plan, chunk: readonly number[]): Array<Array<[number, number]>> {
  const rank = info.shape.length;
  return info.shape.map((n, axis) => {
    let ranges: Slice[] = [[0, n]];
    if (axis === rank - 1 && plan.cols) ranges = runs(plan.cols, info.chunks?.[rank - 1]);
    else if (axis === 0 && plan.rows) ranges = [plan.rows];
    const out: Array<[number, number]> = [];
    for (const [a, b] of ranges) {
      if (b <= a) continue;
      const first = Math.floor(a / chunk[axis]!);
      const end = Math.floor((b - 1) / chunk[axis]!) + 1;
      const last = out[out.length - 1];
      if (last && first <= last[1]) last[1] = Math.max(last[1], end);
      else out.push([first, end]);
    }
    return out;
  });
}

/**
 * Sorted unique columns grouped into half-open [start, end) ranges, merging small gaps. For chunked
 * data, columns in the same chunk column are always read together: h5wasm closes the dataset after
 * each call, so its chunk cache never helps, and a chunk read twice is decompressed twice.
 */
function runs(cols: readonly number[], chunkWidth?: number): Slice[] {
  const sorted = [...new Set(cols)].sort((a, b) => a - b);
  const out: Slice[] = [];
  const block = (c: number) => (chunkWidth ? Math.floor(c / chunkWidth) : -1);
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && (c - last[1] < MERGE_GAP || block(c) === block(last[1] - 1))) last[1] = c + 1;
    else out.push([c, c + 1]);
  }
  return out;
}

type Getter = (view: DataView, at: number, le: boolean) => number | bigint;
const GETTERS: Partial<Record<DType, Getter>> = {
  float64: (v, at, le) => v.getFloat64(at, le),
  float32: (v, at, le) => v.getFloat32(at, le),
  int64: (v, at, le) => v.getBigInt64(at, le),
  uint64: (v, at, le) => v.getBigUint64(at, le),
  int32: (v, at, le) => v.getInt32(at, le),
  uint32: (v, at, le) => v.getUint32(at, le),
  int16: (v, at, le) => v.getInt16(at, le),
  uint16: (v, at, le) => v.getUint16(at, le),
  int8: (v, at) => v.getInt8(at),
  uint8: (v, at) => v.getUint8(at),
  bool: (v, at) => (v.getInt8(at) !== 0 ? 1 : 0),
};

/**
 * Contiguous numeric data is one run of bytes at a known offset: read it straight from the file's
 * bytes. Without this, a column list costs one HDF5 hyperslab read per run of columns, each going
 * through HDF5's 64 KiB sieve buffer, orders of magnitude slower for scattered columns (figures in
 * bench/RESULTS.md, "Figures moved from comments"). Returns undefined when the layout is not simple enough.
 */
function readContiguous(
  info: DatasetInfo,
  plan: Plan,
  raw: RawInfo,
  bytes: Uint8Array,
  total: number,
): TypedData | undefined {
  const get = GETTERS[info.dtype];
  const { contiguous, metadata } = raw;
  if (!get || !contiguous || metadata.vlen || metadata.size !== info.itemSize) return undefined;
  const size = metadata.size;
  const count = info.shape.reduce((a, b) => a * b, 1);
  if (count * size > contiguous.size) return undefined; // let HDF5 report it
  const le = metadata.littleEndian;
  const rank = info.shape.length;
  const width = rank >= 2 ? info.shape.slice(1).reduce((a, b) => a * b, 1) : 1;
  const first = (plan.rows?.[0] ?? 0) * width;
  if (!plan.cols && le && info.dtype !== 'bool' && total > 0) {
    // one copy of the bytes, viewed as the result (a fresh buffer, so always aligned)
    const start = bytes.byteOffset + contiguous.offset + first * size;
    const Ctor = typedArrayConstructor(info.dtype) as unknown as new (buffer: ArrayBuffer) => TypedData;
    return new Ctor((bytes.buffer as ArrayBuffer).slice(start, start + total * size));
  }
  const out = allocate(info.dtype, total) as TypedData;
  if (total === 0) return out;
  const view = new DataView(bytes.buffer, bytes.byteOffset + contiguous.offset, count * size);
  const set = out as unknown as Record<number, number | bigint>;
  if (!plan.cols) {
    for (let k = 0; k < total; k++) set[k] = get(view, (first + k) * size, le);
    return out;
  }
  const cols = plan.cols;
  const n = info.shape[rank - 1]!;
  const [r0, r1] = rank === 2 ? (plan.rows ?? [0, info.shape[0]!]) : [0, 1];
  let k = 0;
  for (let i = r0; i < r1; i++) for (const j of cols) set[k++] = get(view, (i * (rank === 2 ? n : 0) + j) * size, le);
  return out;
}

function allocate(dtype: DType, n: number): TypedData | string[] {
  if (dtype === 'utf8') return new Array<string>(n).fill('');
  const ctor = typedArrayConstructor(dtype);
  if (!ctor) throw new Error(`unreadable dtype ${dtype}`);
  return new ctor(n);
}

function toArray(raw: unknown): Raw {
  if (Array.isArray(raw) || ArrayBuffer.isView(raw)) return raw as unknown as Raw;
  return [raw];
}

function copyInto(out: TypedData | string[], raw: unknown, dtype: DType): void {
  const values = toArray(raw);
  if (values.length !== out.length) throw new Error(`h5wasm returned ${values.length} values, expected ${out.length}`);
  if (dtype === 'bool' || dtype === 'utf8') {
    for (let i = 0; i < out.length; i++) set(out, i, values[i], dtype);
  } else {
    (out as { set(a: ArrayLike<unknown>): void }).set(values);
  }
}

function set(out: TypedData | string[], i: number, v: unknown, dtype: DType): void {
  if (dtype === 'bool') (out as Uint8Array)[i] = Number(v) !== 0 ? 1 : 0;
  else if (dtype === 'utf8') (out as string[])[i] = String(v);
  else (out as unknown as Record<number, unknown>)[i] = v;
}
