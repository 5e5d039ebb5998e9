/** The runtime-independent part of the backend; each entry point supplies how to get bytes and write paths. */
import type {
  FileToWrite,
  OpenOptions,
  Source,
  StorageBackend,
  StoredFile,
  StreamingFileToWrite,
  StreamingWriter,
} from '@icepickle/core';
import { type FreshLib, type LibSource, type Loaded, loadH5wasm } from './h5wasm-module.js';
import { openBytes } from './stored-file.js';
import { buildFile } from './write-file.js';

/** Options of {@link hdf5Wasm} (Node and browser entries). */
export interface Hdf5WasmOptions {
  /**
   * The h5wasm library to use, or a function returning it (default: `import('h5wasm')`, its
   * in-memory-filesystem build). Must be h5wasm's ESM build; never pass `h5wasm/node`, whose real
   * filesystem lets HDF5 follow external links and external storage out of the file.
   * @defaultValue `import('h5wasm')`
   */
  lib?: LibSource;
}

export interface Runtime<S> {
  /** Resolves a source to bytes this backend may keep (a private copy), and its label. */
  bytes(source: S, options?: OpenOptions): Promise<{ bytes: Uint8Array; label: string }>;
  /** Writes bytes to a path atomically, or refuses (browsers). */
  writePath(target: string, bytes: Uint8Array): Promise<void>;
  /** A second, independent copy of the default h5wasm, used after HDF5 crashed in the first. */
  fresh?: FreshLib;
  /** Streaming writes to a path (Node only: see streaming-writer.ts). */
  createWriter?: (target: string, file: StreamingFileToWrite) => Promise<StreamingWriter>;
}

/** A StorageBackend whose open() also takes the runtime's own sources (Blob, Response, ...). */
export interface WasmBackend<S> extends Omit<StorageBackend, 'open'> {
  /** Opens a path or source of this runtime (see its entry point), or any core Source. */
  open(source: S | Source, options?: OpenOptions): Promise<StoredFile>;
  /**
   * Loads and compiles h5wasm now (in browsers: fetches and compiles `hdf5.wasm`), which the first write
   * would otherwise do; once it resolves, writes need no network. Opening and reading never need it
   * (@icepickle/hdf5-js reads). Idempotent: later calls, and writes, wait for the same load; a load that
   * failed (BACKEND_UNAVAILABLE) is tried again by the next call.
   */
  preload(): Promise<void>;
}

export function createBackend<S>(runtime: Runtime<S>, options: Hdf5WasmOptions = {}): WasmBackend<S> {
  const loaded = (): Promise<Loaded> => loadH5wasm(options.lib, options.lib === undefined ? runtime.fresh : undefined);
  return {
    name: 'hdf5-wasm',
    capabilities: { shuffle: false, bool: false },
    async open(source: S | Source, openOptions?: OpenOptions): Promise<StoredFile> {
      const { bytes, label } = await runtime.bytes(source as S, openOptions);
      return openBytes(bytes, label, openOptions);
    },
    async write(target: string | undefined, file: FileToWrite): Promise<Uint8Array | undefined> {
      const bytes = await buildFile(await loaded(), file, target ?? '<bytes>');
      if (target === undefined) return bytes;
      await runtime.writePath(target, bytes);
      return undefined;
    },
    async preload(): Promise<void> {
      await loaded();
    },
    ...(runtime.createWriter ? { createWriter: runtime.createWriter } : {}),
  };
}

/** A private copy of caller-owned bytes (MEMFS keeps the array it is given). */
export function copyBytes(source: Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  const view = source as ArrayBufferView;
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}
