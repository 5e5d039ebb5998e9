/**
 * `@icepickle/hdf5-js/internal`: parser pieces that sibling icepickle packages share with this one, so
 * that no package keeps its own copy (hdf5-wasm re-seals the object headers it patches with `lookup3`).
 * Not part of the public API: no semver promise, not in the reference documentation.
 * @module @icepickle/hdf5-js/internal
 * @internal
 */
export { lookup3 } from './lookup3.js';
