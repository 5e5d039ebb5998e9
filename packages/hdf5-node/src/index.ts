/**
 * `@icepickle/hdf5-node`: the native storage backend, our N-API bindings to libhdf5 (Node.js only).
 *
 * @module @icepickle/hdf5-node
 */
export { hdf5Node, type Hdf5NodeOptions } from './backend.js';
export { isHdf5NodeAvailable } from './loader.js';
