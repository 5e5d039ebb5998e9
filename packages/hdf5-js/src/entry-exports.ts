/**
 * What both entries export (index.ts for browsers and edges, node.ts for Node): they differ only in the
 * source `hdf5Js` makes from a string (a URL there, a path here), node.ts adds fileSource, and its own
 * httpSource (our HTTP/1.1 client for http:, node:https for https:) takes the place of this one.
 */
export {
  type ByteSource,
  type ReadHints,
  LOCAL_READ_HINTS,
  REMOTE_READ_HINTS,
  bytesSource,
} from './byte-source.js';
export { type ReaderOptions, BlockReader } from './block-reader.js';
export type { Hdf5JsBackend, Hdf5JsOptions } from './create-backend.js';
export { type RangeSourceOptions, httpSource } from './http-source.js';
export { CONVERT_ADVICE, DEFAULT_RANGE_BUDGET } from './range-budget.js';
export { type R2BucketLike, r2Source } from './r2-source.js';
/** For the other backends: describe (and read) any ByteSource with this parser before HDF5 sees it. */
export { openSource as openByteSource } from './stored-file.js';
