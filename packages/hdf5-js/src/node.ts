/**
 * Node entry: a string source is a path, read by positional reads (never loaded whole).
 * @module @icepickle/hdf5-js (node)
 */
import { type Hdf5JsBackend, type Hdf5JsOptions, createBackend } from './create-backend.js';
import type { ByteSource } from './byte-source.js';
import { fileSource } from './file-source.js';
import { type RangeSourceOptions, fetchTransport, openHttpSource } from './http-source.js';
import { nodeHttpTransport } from './node-http-transport.js';

export {
  type ByteSource,
  type ReadHints,
  LOCAL_READ_HINTS,
  REMOTE_READ_HINTS,
  bytesSource,
} from './byte-source.js';
export { type ReaderOptions, BlockReader } from './block-reader.js';
export type { Hdf5JsBackend, Hdf5JsOptions } from './create-backend.js';
export { fileSource } from './file-source.js';
export type { RangeSourceOptions } from './http-source.js';
export { CONVERT_ADVICE, DEFAULT_RANGE_BUDGET } from './range-budget.js';
export { type R2BucketLike, r2Source } from './r2-source.js';
/** For the other backends: describe (and read) any ByteSource with this parser before HDF5 sees it. */
export { openSource as openByteSource } from './stored-file.js';

/** The pure-TypeScript backend for Node: a string source is a path, read by positional reads. */
export function hdf5Js(options: Hdf5JsOptions = {}): Hdf5JsBackend {
  return createBackend(fileSource, options);
}

/**
 * A ByteSource over a URL, read with HTTP Range requests: in Node over node:http(s) with keep-alive
 * connections of its own (closed by `close()`), when `init` holds only headers and a signal; else over
 * fetch, as in other runtimes.
 */
export function httpSource(
  url: string | URL,
  init?: RequestInit,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  const label = String(url);
  return openHttpSource(label, nodeHttpTransport(url, init, label) ?? fetchTransport(url, init, label), options);
}
