/**
 * The storage contract. A backend moves arrays and attributes in and out of HDF5 files; it knows
 * nothing about estimators (core alone maps `coef_` to `coef`, in format/keys.ts). Every backend runs
 * the same conformance suite (packages/test-utils).
 *
 * Safety is split in two: the backend *describes* the file faithfully (link kinds, layouts, external
 * storage, filters, declared sizes) without ever following a link or reading data, and core's strict
 * profile (format/strict-profile.ts) decides from that description, so both backends refuse the same
 * files with the same error codes.
 */

import type { Host } from '../platform/host.js';

/** The element types a backend reports, as numpy names them. */
export type DType =
  | 'float64'
  | 'float32'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint64'
  | 'uint32'
  | 'uint16'
  | 'uint8'
  | 'bool'
  | 'utf8'
  /** Anything else (compound, opaque, references, variable-length non-string, ...): listed, never read. */
  | 'other';

/** The typed arrays a dataset's values come in (one per numeric dtype). */
export type TypedData =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** A dataset's values in row-major order. Rank-0 datasets have `shape: []` and one value. */
export interface StoredArray {
  /** The element type. */
  dtype: DType;
  /** The dimensions ([] for a scalar). */
  shape: readonly number[];
  /** int64 as BigInt64Array, bool as Uint8Array (0/1), utf8 as string[]. */
  data: TypedData | readonly string[];
}

/** How HDF5 stores a dataset's data (virtual datasets are refused by the strict profile). */
export type Layout = 'contiguous' | 'chunked' | 'compact' | 'virtual' | 'unknown';

/** One filter of a chunked dataset's pipeline. */
export interface FilterInfo {
  /** HDF5 filter id: 1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 32000 lzf, ... */
  id: number;
  /** HDF5's name of the filter, for messages. */
  name: string;
}

/** A dataset, as listed: everything the strict profile needs, read from its header, no data. */
export interface DatasetInfo {
  /** Always 'dataset'. */
  kind: 'dataset';
  /** Absolute path inside the file, e.g. `/coef` or `/models/a/coef`. */
  path: string;
  /** The element type. */
  dtype: DType;
  /** Size of one element in bytes as stored (strings: the fixed size, or 16 for variable length). */
  itemSize: number;
  /** The dimensions ([] for a scalar). */
  shape: readonly number[];
  /** How the data is stored. */
  layout: Layout;
  /** The chunk shape (chunked layout only). */
  chunks?: readonly number[];
  /** The filters applied to each chunk, in order. */
  filters: readonly FilterInfo[];
  /** True when the data lives in other files (HDF5 external file list). Never read. */
  external: boolean;
  /** Unparsed type description for dtype 'other' or anything unusual, for messages. */
  typeDescription?: string;
  /**
   * Float datasets: what unwritten chunks (or storage never allocated) read as, when the file sets a
   * fill value other than 0. Lets the lazy path refuse a NaN fill value at open. Optional: a backend
   * that cannot tell leaves it out.
   */
  fillValue?: number;
}

/** A group, as listed. */
export interface GroupInfo {
  /** Always 'group'. */
  kind: 'group';
  /** Absolute path inside the file. */
  path: string;
}

/** A link that is not a plain hard link: listed so the strict profile can refuse it, never followed. */
export interface LinkInfo {
  /** What kind of link it is. */
  kind: 'soft-link' | 'external-link' | 'other-link';
  /** Absolute path of the link itself. */
  path: string;
  /** Where it points (soft: a path; external: `file:path`). */
  target: string;
}

/** Anything a file lists: a dataset, a group, or a link that is not followed. */
export type NodeInfo = DatasetInfo | GroupInfo | LinkInfo;

/**
 * An attribute's value. Every backend maps HDF5 types the same way (the conformance suite checks it):
 * - reading: floats and integers up to 32 bits → number; 64-bit integers → number when every value is
 *   a safe integer, else bigint (arrays: all number[] or all bigint[]); h5py bools (enum FALSE/TRUE) →
 *   boolean (arrays: number[] of 0/1); strings (fixed or variable, ASCII or UTF-8) → string.
 *   Rank 0 gives a scalar, rank ≥ 1 a flat array (shape (1,) is a one-element array). Types with no
 *   AttrValue form (compound, references, other enums, empty dataspaces) are left out of attrs().
 * - writing: a number that is a safe integer → int64 (as h5py writes Python ints), any other number →
 *   float64; number[] → int64 if all are safe integers, else float64; bigint / bigint[] → int64;
 *   boolean → h5py's bool enum; string / string[] → variable-length UTF-8.
 */
export type AttrValue = string | number | boolean | bigint | readonly number[] | readonly string[] | readonly bigint[];

/** What to read: a row range and/or a list of columns (of a 1-D or 2-D dataset). */
export interface Selection {
  /** Half-open [start, end) over the first axis. */
  rows?: readonly [number, number];
  /**
   * Column indices over the last axis of a 2-D dataset (or the only axis of a 1-D one, then without
   * `rows`), any order, duplicates allowed. Out-of-range rows/cols → INVALID_INPUT.
   */
  cols?: readonly number[];
  /**
   * A buffer the backend may read the values into and return as the result's data, when it is the
   * dataset's typed array (native byte order) of exactly the selection's length: it spares an allocation
   * per read (a lazy model reads once per call). A backend may ignore it: the result's data is the answer.
   */
  into?: TypedData;
}

/** Options of {@link StorageBackend.open}. */
export interface OpenOptions {
  /**
   * Shown in error messages instead of the path (or `<bytes>`).
   * @defaultValue the path, or `<bytes>`
   */
  label?: string;
  /**
   * Stop listing (and fail with LIMIT_EXCEEDED) past this many objects.
   * @defaultValue 10000
   * @defaultValue 10000
   */
  maxObjects?: number;
  /**
   * Refuse (LIMIT_EXCEEDED, rule max-attribute-bytes) any attribute whose declared size (elements ×
   * item size, read from its header before it is decoded) exceeds this. Default 1 MiB.
   * @defaultValue 2 ** 20 (1 MiB, LoadLimits.maxAttributeBytes)
   */
  maxAttributeBytes?: number;
}

/** What a backend opens: a path (or URL, per backend), the file's bytes, or a reader of byte ranges. */
export type Source =
  | string
  | Uint8Array
  | ArrayBuffer
  | { size: number; read(offset: number, length: number): Promise<Uint8Array> };

/** An open file. `list()` and `attrs()` are answered from what `open` read; `read` touches data. */
export interface StoredFile {
  /** The name used in messages: the path, or the label, or `<bytes>`. */
  readonly label: string;
  /**
   * Bytes the file actually stores (its size, or the image's length): the base of the strict profile's
   * memory rule (LoadLimits.maxExpansion). Absent: that rule cannot apply.
   */
  readonly storedBytes?: number;
  /**
   * Every object in the file, in a stable order (depth first, names sorted by their UTF-8 bytes as
   * HDF5's name index is), root excluded. Soft, external and user-defined links are listed, never
   * followed; named datatypes are not listed.
   */
  list(): readonly NodeInfo[];
  /** Attributes of a group or dataset (`/` for the root). */
  attrs(path?: string): Readonly<Record<string, AttrValue>>;
  /** Reads a dataset whole or a selection. Refuses filters the backend cannot decode. */
  read(path: string, selection?: Selection): Promise<StoredArray>;
  /** Releases the file (and its memory); the StoredFile cannot be used after. */
  close(): Promise<void>;
}

/** A dataset to write, whole. */
export interface DatasetToWrite {
  /** Absolute path inside the file; parent groups are created. */
  path: string;
  /** The values, with their dtype and shape. */
  array: StoredArray;
  /**
   * The dataset's attributes.
   * @defaultValue none
   */
  attrs?: Record<string, AttrValue>;
  /**
   * Chunk shape; required for compression.
   * @defaultValue contiguous (not chunked)
   */
  chunks?: readonly number[];
  /**
   * gzip level 0-9.
   * @defaultValue no compression
   */
  gzip?: number;
  /**
   * The shuffle filter before gzip (not on backends whose capabilities say `shuffle: false`).
   * @defaultValue false
   */
  shuffle?: boolean;
}

/** A whole file to write: root attributes, groups and datasets. */
export interface FileToWrite {
  /** Root attributes. */
  attrs?: Record<string, AttrValue>;
  /** Groups to create (parents of datasets are created implicitly), with their attributes. */
  groups?: ReadonlyArray<{ path: string; attrs?: Record<string, AttrValue> }>;
  /** The datasets, written whole. */
  datasets: readonly DatasetToWrite[];
}

/** What a backend can write; an absent field means supported. */
export interface BackendCapabilities {
  /** The shuffle filter on writes (h5wasm sets only one filter per dataset, so it has none). */
  shuffle?: boolean;
  /** bool datasets and boolean attributes on writes (h5py's enum type; h5wasm cannot create enums). */
  bool?: boolean;
}

/** A float dataset that createWriter creates empty (same shape, chunks and filters as a whole write) and fills block by block. */
export interface StreamedDataset {
  /** Absolute path inside the file. */
  path: string;
  /** The element type (floats only). */
  dtype: 'float64' | 'float32';
  /** The dimensions. */
  shape: readonly number[];
  /**
   * Chunk shape; required for compression.
   * @defaultValue contiguous (not chunked)
   */
  chunks?: readonly number[];
  /**
   * gzip level 0-9.
   * @defaultValue no compression
   */
  gzip?: number;
  /**
   * The shuffle filter before gzip.
   * @defaultValue false
   */
  shuffle?: boolean;
  /**
   * The dataset's attributes.
   * @defaultValue none
   */
  attrs?: Record<string, AttrValue>;
}

/** A file written in pieces: everything in `FileToWrite` at once, the `streamed` datasets later. */
export interface StreamingFileToWrite extends FileToWrite {
  /** The datasets written later, block by block, through {@link StreamingWriter.write}. */
  streamed: readonly StreamedDataset[];
}

/**
 * An open, not yet visible file (a temp file next to the target). The caller writes each block once
 * and awaits it before the next; close() makes the file appear at the target atomically, abort()
 * removes it. Neither tracks which blocks were written: core's createCoefficientWriter does.
 */
export interface StreamingWriter {
  /**
   * Writes the hyperslab `start`/`count` (one entry per axis) of a streamed dataset; `data` is row-major,
   * of the dataset's dtype (Float64Array for float64, Float32Array for float32), product(count) long.
   */
  write(
    path: string,
    start: readonly number[],
    count: readonly number[],
    data: Float64Array | Float32Array,
  ): Promise<void>;
  /** Flushes, fsyncs and renames the temp file over the target. */
  close(): Promise<void>;
  /** Closes and removes the temp file; the target is untouched. Safe to call twice or after a failure. */
  abort(): Promise<void>;
}

/**
 * How icepickle reads and writes HDF5 files: `hdf5Wasm()`, `hdf5Node()`, `hdf5Js()`, or your own (see the conformance
 * suite).
 */
export interface StorageBackend {
  /** The backend's name, for messages (e.g. 'hdf5-wasm'). */
  readonly name: string;
  /** What it can write; absent means everything. */
  readonly capabilities?: BackendCapabilities;
  /** Opens a file and lists it (never follows a link, never reads data): what the strict profile then checks. */
  open(source: Source, options?: OpenOptions): Promise<StoredFile>;
  /**
   * Writes a whole file. With a path: atomically (temp file in the same folder, fsync, rename), so a
   * crash leaves the old file intact; returns undefined. Without: returns the file's bytes.
   */
  write(target: string | undefined, file: FileToWrite): Promise<Uint8Array | undefined>;
  /**
   * Optional: starts a file whose large datasets are written block by block with bounded memory
   * (paths only; same atomic replace as write()). Backends without it cannot stream.
   */
  createWriter?(target: string, file: StreamingFileToWrite): Promise<StreamingWriter>;
  /** Optional: the host of the environment this backend runs in (Node backends give `nodeHost`), see Host. */
  readonly host?: Host;
}
