/**
 * The reference storage backend: files kept as plain JavaScript objects (a listing, attributes and
 * arrays), as unstorage's memory driver keeps values. It shows the storage contract
 * (packages/core/src/storage/types.ts) with no HDF5 in the way, runs the same conformance suite as the
 * real backends, and gives tests a backend that needs no wasm, no addon and no disk.
 *
 * Paths are keys in the store (nothing touches the filesystem); `write(undefined)` returns a small key
 * into the store, not HDF5 bytes. HDF5 files (paths or bytes) open only through `importFile`, which a
 * test builds on a real backend (see `snapshotFile`), so the memory backend answers them by its own
 * rules: it decides from the listing, as core's strict profile does, and never parses bytes.
 */
import {
  IcepickleError,
  type IcepickleErrorCode,
  type NodeInfo,
  type OpenOptions,
  type Source,
  type StorageBackend,
  type StoredArray,
  type StoredFile,
  type StreamingFileToWrite,
  type StreamingWriter,
} from '@icepickle/core';
import { ListingRules, checkStreamedBlock, planSelection } from '@icepickle/core/backend-kit';
import { type MemoryFile, memoryFileFrom, readSelection } from './memory-file.js';

export type { MemoryFile } from './memory-file.js';

const SCOPE = 'memory';
const MAGIC = [0x69, 0x63, 0x65, 0x6d, 0x65, 0x6d]; // "icemem"
const DEFAULT_MAX_OBJECTS = 10_000;
const DEFAULT_MAX_ATTRIBUTE_BYTES = 1 << 20;

export interface MemoryBackendOptions {
  /** Turns a source the store does not hold (an HDF5 path or bytes) into a MemoryFile; without it, they are refused. */
  importFile?: (source: string | Uint8Array, label: string) => Promise<MemoryFile>;
}

export interface MemoryBackend extends StorageBackend {
  /** Every file written to a path, by path. */
  readonly files: ReadonlyMap<string, MemoryFile>;
  createWriter(target: string, file: StreamingFileToWrite): Promise<StreamingWriter>;
}

function fail(code: IcepickleErrorCode, file: string, detail: string, object?: string): IcepickleError {
  return new IcepickleError(code, { scope: SCOPE, file, detail, ...(object === undefined ? {} : { object }) });
}

/** A backend over plain objects; see the file's comment. */
export function memoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const files = new Map<string, MemoryFile>();
  const written: MemoryFile[] = [];
  const keyBytes = (index: number) =>
    Uint8Array.of(...MAGIC, index >>> 24, (index >>> 16) & 255, (index >>> 8) & 255, index & 255);
  const fromKey = (bytes: Uint8Array): MemoryFile | undefined => {
    if (bytes.length !== MAGIC.length + 4 || MAGIC.some((b, i) => bytes[i] !== b)) return undefined;
    const index = ((bytes[6]! << 24) | (bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!) >>> 0;
    return written[index];
  };
  const find = async (source: Source, label: string): Promise<MemoryFile> => {
    if (typeof source === 'string') {
      const held = files.get(source);
      if (held) return held;
      if (options.importFile) return options.importFile(source, label);
      throw fail('FILE_NOT_FOUND', label, 'no file at this path in the memory store');
    }
    const bytes = await sourceBytes(source);
    const held = fromKey(bytes);
    if (held) return held;
    if (bytes.length > 0 && options.importFile) return options.importFile(bytes, label);
    throw fail('NOT_HDF5', label, bytes.length === 0 ? 'the file is empty' : 'not a file of this memory store');
  };
  return {
    name: 'memory',
    files,
    async open(source, openOptions = {}) {
      const label = openOptions.label ?? (typeof source === 'string' ? source : '<bytes>');
      return new MemoryStoredFile(checkLimits(await find(source, label), label, openOptions), label);
    },
    async write(target, file) {
      const label = target ?? '<bytes>';
      const stored = memoryFileFrom(file, (code, detail, object) => fail(code, label, detail, object));
      if (target !== undefined) {
        files.set(target, stored);
        return undefined;
      }
      written.push(stored);
      return keyBytes(written.length - 1);
    },
    createWriter: async (target, file) => createMemoryWriter(files, target, file),
  };
}

/** OpenOptions' limits, applied to the listing and the attributes as a file backend applies them while it lists. */
function checkLimits(file: MemoryFile, label: string, options: OpenOptions): MemoryFile {
  const maxObjects = options.maxObjects ?? DEFAULT_MAX_OBJECTS;
  if (file.nodes.length > maxObjects)
    throw fail('LIMIT_EXCEEDED', label, `more than ${maxObjects} objects [rule: max-objects]`);
  const maxBytes = options.maxAttributeBytes ?? DEFAULT_MAX_ATTRIBUTE_BYTES;
  for (const [path, attrs] of file.attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      const bytes = attributeBytes(value);
      if (bytes > maxBytes)
        throw fail(
          'LIMIT_EXCEEDED',
          label,
          `attribute "${name}" of ${path} holds ${bytes} bytes, more than the limit of ${maxBytes} ` +
            '[rule: max-attribute-bytes]',
          path,
        );
    }
  }
  return file;
}

const encoder = new TextEncoder();

/** An attribute's size as HDF5 would store it: 8 bytes a number, UTF-8 bytes for strings. */
function attributeBytes(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + attributeBytes(v), 0);
  if (typeof value === 'string') return encoder.encode(value).length;
  return typeof value === 'boolean' ? 1 : 8;
}

class MemoryStoredFile implements StoredFile {
  private readonly rules: ListingRules;
  private closed = false;

  constructor(
    private readonly file: MemoryFile,
    readonly label: string,
  ) {
    this.rules = new ListingRules(file.nodes, file.attrs, label, SCOPE);
  }

  list(): readonly NodeInfo[] {
    return this.file.nodes;
  }

  attrs(path = '/') {
    return this.rules.attrs(path);
  }

  async read(path: string, selection?: Parameters<StoredFile['read']>[1]): Promise<StoredArray> {
    const info = this.rules.readableDataset(path, this.closed);
    const plan = planSelection(info, selection, this.label, SCOPE);
    const held = this.file.data.get(info.path);
    if (held === undefined) throw fail('READ_FAILED', this.label, `no data held for "${info.path}"`, info.path);
    if ('error' in held) throw held.error;
    return readSelection(held, plan);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** createWriter: the file appears in the store on close(), never before; abort() drops it. */
function createMemoryWriter(
  files: Map<string, MemoryFile>,
  target: string,
  spec: StreamingFileToWrite,
): StreamingWriter {
  const fault = (code: IcepickleErrorCode, detail: string, object?: string) => fail(code, target, detail, object);
  if (!spec || !Array.isArray(spec.streamed) || spec.streamed.length === 0)
    throw fault('INVALID_INPUT', 'createWriter needs at least one streamed dataset');
  const buffers = new Map<string, Float64Array | Float32Array>();
  const whole = spec.streamed.map((d) => {
    if (d.dtype !== 'float64' && d.dtype !== 'float32')
      throw fault('INVALID_INPUT', `streamed dataset "${d.path}" must be float64 or float32, not ${d.dtype}`, d.path);
    const size = (d.shape ?? []).reduce((a: number, b: number) => a * b, 1);
    const data = d.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
    buffers.set(normalise(String(d.path)), data);
    const { dtype, shape, ...rest } = d;
    return { ...rest, array: { dtype, shape, data } };
  });
  // The whole file is validated up front, streamed datasets included, so a bad spec creates nothing.
  memoryFileFrom({ ...spec, datasets: [...spec.datasets, ...whole] }, fault);
  const byPath = new Map(spec.streamed.map((d) => [normalise(d.path), { ...d, path: normalise(d.path) }]));
  let state: 'open' | 'closed' = 'open';
  return {
    async write(path, start, count, data) {
      if (state !== 'open') throw fault('CLOSED', `cannot write "${path}": the writer is closed`, path);
      const d = checkStreamedBlock(byPath, path, start, count, data, target, SCOPE);
      writeBlock(buffers.get(d.path)!, d.shape, start, count, data);
    },
    async close() {
      if (state !== 'open') throw fault('CLOSED', 'the writer is already closed or aborted');
      state = 'closed';
      files.set(target, memoryFileFrom({ ...spec, datasets: [...spec.datasets, ...whole] }, fault));
    },
    async abort() {
      state = 'closed';
    },
  };
}

function normalise(path: string): string {
  return `/${path.split('/').filter(Boolean).join('/')}`;
}

/** Copies a row-major block (`start`/`count` per axis) into a dataset's row-major buffer. */
function writeBlock(
  into: Float64Array | Float32Array,
  shape: readonly number[],
  start: readonly number[],
  count: readonly number[],
  data: Float64Array | Float32Array,
): void {
  const rank = shape.length;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const index = new Array<number>(rank).fill(0);
  for (let k = 0; k < data.length; k++) {
    let at = 0;
    for (let i = 0; i < rank; i++) at += (start[i]! + index[i]!) * strides[i]!;
    into[at] = data[k]!;
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i]! < count[i]!) break;
      index[i] = 0;
    }
  }
}

/** A byte source's whole content (the memory store keeps files as objects, so a range source is read once). */
async function sourceBytes(source: Exclude<Source, string>): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return source.read(0, source.size);
}
