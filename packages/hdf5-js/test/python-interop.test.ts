import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { testPythonInterop } from '@icepickle/test-utils';
import { hdf5Js } from '../src/node.js';

// Every scikit-learn fixture read by hdf5-js's own parser; what Python reads back was written through the
// hdf5-wasm writer passed in (hdf5-js only reads).
testPythonInterop('hdf5-js', () => hdf5Js({ writer: hdf5Wasm() }));
