/** The runtime-independent backend; each entry point says how a string source is opened. */
import type { FileToWrite, OpenOptions, Source, StorageBackend, StoredFile } from '@icepickle/core';
import type { ReaderOptions } from './block-reader.js';
import { type ByteSource, bytesSource, isByteSource } from './byte-source.js';
import { fail } from './errors.js';
import { openSource } from './stored-file.js';

/** Options of {@link hdf5Js}: where writes go and how ranges are read. */
export interface Hdf5JsOptions {
  /**
   * Where writes go: another backend (e.g. `hdf5Wasm()`), or a function that loads one on first use
   * (so a page that never saves never loads it). Without it, write() throws NOT_SUPPORTED.
   * @defaultValue undefined (read-only)
   */
  writer?: StorageBackend | (() => Promise<StorageBackend>);
  /**
   * Block size, cache size, concurrency of the range reader.
   * @defaultValue `{}` (each ReaderOptions default)
   */
  reader?: ReaderOptions;
}

/** A StorageBackend whose open() also takes any ByteSource. */
export interface Hdf5JsBackend extends StorageBackend {
  /** Opens a path or URL (per entry point), bytes, or any ByteSource, reading only the byte ranges it needs. */
  open(source: Source | ByteSource, options?: OpenOptions): Promise<StoredFile>;
}

export function createBackend(
  openPath: (path: string) => Promise<ByteSource>,
  options: Hdf5JsOptions = {},
): Hdf5JsBackend {
  let writer: Promise<StorageBackend> | undefined;
  const getWriter = (): Promise<StorageBackend> | undefined => {
    if (!options.writer) return undefined;
    writer ??= typeof options.writer === 'function' ? options.writer() : Promise.resolve(options.writer);
    return writer;
  };
  const direct = typeof options.writer === 'object' ? options.writer : undefined;
  const backend: Hdf5JsBackend = {
    name: 'hdf5-js',
    ...(direct?.capabilities ? { capabilities: direct.capabilities } : {}),
    async open(source: Source | ByteSource, openOptions: OpenOptions = {}): Promise<StoredFile> {
      if (typeof source === 'string') {
        const label = openOptions.label ?? source;
        const owned = await openPath(source);
        try {
          return await openSource(owned, label, openOptions, options.reader);
        } catch (error) {
          await owned.close?.();
          throw error;
        }
      }
      const label = openOptions.label ?? '<bytes>';
      // a private copy (new Uint8Array copies; a Node Buffer's slice() would not)
      if (source instanceof Uint8Array)
        return openSource(bytesSource(new Uint8Array(source)), label, openOptions, options.reader);
      if (source instanceof ArrayBuffer)
        return openSource(bytesSource(source.slice(0)), label, openOptions, options.reader);
      if (isByteSource(source)) return openSource(source, label, openOptions, options.reader);
      throw fail('INVALID_INPUT', openOptions.label, 'open needs a path, a Uint8Array, an ArrayBuffer or a ByteSource');
    },
    async write(target: string | undefined, file: FileToWrite): Promise<Uint8Array | undefined> {
      const w = getWriter();
      if (!w)
        throw fail(
          'NOT_SUPPORTED',
          target ?? '<bytes>',
          'hdf5-js only reads; pass { writer } (e.g. hdf5Wasm()) to write',
        );
      return (await w).write(target, file);
    },
  };
  if (direct?.createWriter) backend.createWriter = direct.createWriter.bind(direct);
  return backend;
}
