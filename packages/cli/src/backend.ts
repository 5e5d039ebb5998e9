import { IcepickleError, type StorageBackend } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { UsageError } from './usage-error.js';

/** The CLI's `--backend` values: 'wasm' (@icepickle/hdf5-wasm, the default) or 'native' (@icepickle/hdf5-node). */
export type BackendName = 'wasm' | 'native';

/**
 * `wasm` (default): h5wasm in memory, the file is read with node:fs and HDF5 never sees the host
 * filesystem — the right choice for files you did not write. `native`: @icepickle/hdf5-node
 * (libhdf5), loaded only when asked for, so the CLI works without the addon.
 */
export async function chooseBackend(name: string | undefined): Promise<StorageBackend> {
  if (name === undefined || name === 'wasm') return hdf5Wasm();
  if (name !== 'native') throw new UsageError(`--backend must be "wasm" or "native", not "${name}"`);
  let mod: { hdf5Node: () => StorageBackend };
  try {
    const specifier = '@icepickle/hdf5-node';
    mod = (await import(/* @vite-ignore */ specifier)) as typeof mod;
  } catch (cause) {
    throw new IcepickleError('BACKEND_UNAVAILABLE', {
      scope: 'cli',
      detail:
        '--backend native needs @icepickle/hdf5-node: npm install @icepickle/hdf5-node ' +
        '(it builds against libhdf5; apt-get install libhdf5-dev pkg-config)',
      cause,
    });
  }
  return mod.hdf5Node();
}
