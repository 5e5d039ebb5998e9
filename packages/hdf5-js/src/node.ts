/**
 * Node entry: a string source is a path, read by positional reads (never loaded whole).
 * @module @icepickle/hdf5-js (node)
 */
import { type Hdf5JsBackend, type Hdf5JsOptions, createBackend } from './create-backend.js';
import type { ByteSource } from './byte-source.js';
import { fileSource } from './file-source.js';
import { type RangeSourceOptions, fetchTransport, openHttpSource } from './http-source.js';
import { nodeHttpTransport } from './node-http-transport.js';

// the httpSource below, over Node's own sockets, takes the place of entry-exports' fetch one
export * from './entry-exports.js';
export { fileSource } from './file-source.js';

/** The pure-TypeScript backend for Node: a string source is a path, read by positional reads. */
export function hdf5Js(options: Hdf5JsOptions = {}): Hdf5JsBackend {
  return createBackend(fileSource, options);
}

/**
 * A ByteSource over a URL, read with HTTP Range requests. In Node, when `init` holds only headers and a
 * signal, with keep-alive connections of its own (closed by `close()`): http: URLs through our HTTP/1.1
 * client (http1-client.ts), https: URLs through node:https; else over fetch, as in other runtimes.
 */
export function httpSource(
  url: string | URL,
  init?: RequestInit,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  const label = String(url);
  return openHttpSource(label, nodeHttpTransport(url, init, label) ?? fetchTransport(url, init, label), options);
}
