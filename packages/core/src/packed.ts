/**
 * `@icepickle/core/packed`: CSR matrices kept in WebAssembly memory for fast decisions. A subpath of its
 * own, so that bundles which never pack a matrix do not carry it.
 *
 * @module @icepickle/core/packed
 */
export { PackedCsrMatrix } from './math/packed-csr-matrix.js';
