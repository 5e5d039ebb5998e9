/**
 * An open file. hdf5-js (@icepickle/hdf5-js), the one parser every backend shares, describes it and
 * reads it from the bytes this backend holds: h5wasm never parses a file it did not write. So this
 * backend, hdf5-js and hdf5-node accept and refuse the same files with the same codes and read the
 * same values (packages/test-utils/src/conformance/same-outcome.ts checks it). h5wasm writes.
 */
import type { OpenOptions, StoredFile } from '@icepickle/core';
import { bytesSource, openByteSource } from '@icepickle/hdf5-js';

export { DECODABLE_FILTERS } from '@icepickle/core/backend-kit';

/** Opens `bytes`, a private copy this backend keeps until the file is closed. */
export function openBytes(bytes: Uint8Array, label: string, options: OpenOptions = {}): Promise<StoredFile> {
  return openByteSource(bytesSource(bytes), label, options);
}
