/**
 * `@icepickle/hdf5-js/internal`: parser pieces that sibling icepickle packages share with this one, so
 * that no package keeps its own copy (hdf5-wasm locates and re-seals the object headers it patches in
 * files it has just written). Not part of the public API: no semver promise, not in the reference
 * documentation.
 * @module @icepickle/hdf5-js/internal
 * @internal
 */
export type { H5Context } from './context.js';
export { Cursor } from './cursor.js';
export { lookup3 } from './lookup3.js';
export { type Block, type Message, MSG, continuation, readObjectHeader } from './object-header.js';
export { type Superblock, readSuperblock } from './superblock.js';
