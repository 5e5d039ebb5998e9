/**
 * The memory reference backend runs the same conformance suite as the HDF5 backends. It holds plain
 * objects and parses no bytes: the suite's h5py-written fixtures reach it through `importFile`, a
 * snapshot taken with hdf5-wasm, so what is checked is the memory backend's own answers (listing
 * order, attribute rules, selections, refusals, writes and streamed writes) on the same files.
 */
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { describe, expect, it } from 'vitest';
import { memoryBackend, snapshotFile, testBackendConformance } from '../src/index.js';

const wasm = hdf5Wasm();
const importFile = async (source: string | Uint8Array, label: string) => {
  const file = await wasm.open(source, { label });
  try {
    return await snapshotFile(file);
  } finally {
    await file.close();
  }
};

testBackendConformance('memory (reference)', () => memoryBackend({ importFile }), {
  supportsPaths: false,
  writesHdf5: false,
});

describe('memory backend without an importer', () => {
  it('holds only what it wrote: other paths are FILE_NOT_FOUND, other bytes NOT_HDF5', async () => {
    const backend = memoryBackend();
    const array = { dtype: 'float64' as const, shape: [2], data: Float64Array.of(1, 2) };
    await backend.write('model.h5', { datasets: [{ path: '/coef', array }] });
    expect([...backend.files.keys()]).toEqual(['model.h5']);
    const file = await backend.open('model.h5');
    expect(await file.read('/coef')).toEqual(array);
    await expect(backend.open('other.h5')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', scope: 'memory' });
    await expect(backend.open(Uint8Array.of(0x89, 0x48))).rejects.toMatchObject({ code: 'NOT_HDF5', file: '<bytes>' });
  });
});
