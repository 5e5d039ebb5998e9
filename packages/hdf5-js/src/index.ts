/**
 * Browser and edge entry: a string source is a URL, read with HTTP Range requests. No node:* import.
 * @module @icepickle/hdf5-js (browser)
 */
import { type Hdf5JsBackend, type Hdf5JsOptions, createBackend } from './create-backend.js';
import { httpSource } from './http-source.js';

export * from './entry-exports.js';

/**
 * The pure-TypeScript backend for browsers and edge runtimes: a string source is a URL, read by HTTP Range requests.
 */
export function hdf5Js(options: Hdf5JsOptions = {}): Hdf5JsBackend {
  return createBackend((url) => httpSource(url), options);
}
