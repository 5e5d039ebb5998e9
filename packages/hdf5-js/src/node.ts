/**
 * Node entry: a string source is a path, read by positional reads (never loaded whole).
 * @module @icepickle/hdf5-js (node)
 */
import { type Hdf5JsBackend, type Hdf5JsOptions, createBackend } from './create-backend.js';
import { fileSource } from './file-source.js';

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
export { type RangeSourceOptions, httpSource } from './http-source.js';
export { CONVERT_ADVICE, DEFAULT_RANGE_BUDGET } from './range-budget.js';
export { type R2BucketLike, r2Source } from './r2-source.js';
/** For the other backends: describe (and read) any ByteSource with this parser before HDF5 sees it. */
export { openSource as openByteSource } from './stored-file.js';

/** The pure-TypeScript backend for Node: a string source is a path, read by positional reads. */
export function hdf5Js(options: Hdf5JsOptions = {}): Hdf5JsBackend {
  return createBackend(fileSource, options);
}
