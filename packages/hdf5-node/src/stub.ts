/**
 * What browsers, workers and edge runtimes get instead of the native addon (chosen by the
 * `browser` / `worker` / `edge-light` export conditions): a clear error, not a bundler failure on
 * `node:fs` or a `.node` file.
 */
import { IcepickleError, type StorageBackend } from '@icepickle/core';

export interface Hdf5NodeOptions {
  bindingPath?: string;
  sieveBufferBytes?: number;
}

const DETAIL =
  'the native HDF5 backend only runs in Node.js (it loads a compiled libhdf5 addon); in browsers, workers and ' +
  'edge runtimes use @icepickle/hdf5-wasm (hdf5Wasm()); if this is Node.js, your bundler picked the "browser" ' +
  'export condition: mark @icepickle/hdf5-node as external or target Node';

export function hdf5Node(_options: Hdf5NodeOptions = {}): StorageBackend {
  throw new IcepickleError('BACKEND_UNAVAILABLE', { scope: 'hdf5-node', detail: DETAIL });
}

export function isHdf5NodeAvailable(_bindingPath?: string): boolean {
  return false;
}
