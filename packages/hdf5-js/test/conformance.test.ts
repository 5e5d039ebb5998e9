import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { testBackendConformance } from '@icepickle/test-utils';
import { hdf5Js } from '../src/node.js';

// Reads are hdf5-js's own; writes go through the hdf5-wasm writer passed in, so the writes h5wasm
// cannot make (h5py bools, shuffle, compressed strings) are NOT_SUPPORTED here too.
testBackendConformance('hdf5-js (node entry, hdf5-wasm writer)', () => hdf5Js({ writer: hdf5Wasm() }), {
  supportsPaths: true,
  unsupportedWrites: ['bool', 'shuffle', 'compressed-strings'],
});
