/**
 * Node entry: a string source is a path, read by positional reads (never loaded whole).
 * @module @icepickle/hdf5-js (node)
 */
import { type Hdf5JsBackend, type Hdf5JsOptions, createBackend } from './create-backend.js';
import { fileSource } from './file-source.js';

export * from './entry-exports.js';
export { fileSource } from './file-source.js';

/** The pure-TypeScript backend for Node: a string source is a path, read by positional reads. */
export function hdf5Js(options: Hdf5JsOptions = {}): Hdf5JsBackend {
  return createBackend(fileSource, options);
}
