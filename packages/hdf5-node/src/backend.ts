import { rename, rm } from 'node:fs/promises';
import type { OpenOptions, Source, StorageBackend, StoredFile, FileToWrite } from '@icepickle/core';
import { isIcepickleError } from '@icepickle/core';
import { bytesSource, openByteSource } from '@icepickle/hdf5-js';
import { nodeHost } from '@icepickle/core/node';
import { syncFile, syncFolder, tempPathFor } from './atomic-file.js';
import type { NativeBinding } from './binding.js';
import { fail, fromNative } from './errors.js';
import { loadBinding } from './loader.js';
import { openDescriptor } from './descriptor-source.js';
import { NodeStoredFile } from './stored-file.js';
import { createStreamingWriter } from './streaming-writer.js';
import { toNativeSpec } from './write-spec.js';

/** Options of {@link hdf5Node}. */
export interface Hdf5NodeOptions {
  /**
   * Path to an `icepickle_hdf5.node` you built yourself.
   * @defaultValue this package's build folder
   */
  bindingPath?: string;
  /**
   * HDF5's sieve buffer for contiguous datasets opened from a path, in bytes (HDF5's default is
   * 64 KiB). 0 reads exactly the selected bytes, which suits scattered column reads of a wide matrix
   * (bench/RESULTS.md), and whole or row-range reads are single large reads either way.
   * @defaultValue 0
   */
  sieveBufferBytes?: number;
}

/**
 * The native HDF5 backend: our own N-API addon over libhdf5. Throws BACKEND_UNAVAILABLE (with the
 * possible solutions) when the addon is not built.
 */
export function hdf5Node(options: Hdf5NodeOptions = {}): StorageBackend {
  const binding = loadBinding(options.bindingPath);
  const sieve = options.sieveBufferBytes ?? 0;
  return {
    name: 'hdf5-node',
    open: (source, openOptions) => openSource(binding, source, openOptions, sieve),
    write: (target, file) => writeFile(binding, target, file),
    createWriter: (target, file) => createStreamingWriter(binding, target, file),
    host: nodeHost, // core's Host seam: a lazy model opened through this backend notices its file changing
  };
}

/**
 * hdf5-js (the one parser every backend shares) describes the file and decides; only a file it
 * accepted reaches libhdf5, opened through the same descriptor (paths) or the same bytes.
 */
async function openSource(
  binding: NativeBinding,
  source: Source,
  options: OpenOptions = {},
  sieve: number,
): Promise<StoredFile> {
  if (typeof source === 'string') {
    const label = options.label ?? source;
    const file = await openDescriptor(source, label);
    try {
      const described = await openByteSource(file, label, options);
      return await attach(binding, described, file.fd, label, sieve);
    } catch (error) {
      await file.close();
      throw error;
    }
  }
  const label = options.label ?? '<bytes>';
  let bytes: Uint8Array;
  if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (source instanceof Uint8Array) bytes = source;
  else throw fail('INVALID_INPUT', label, 'source must be a path, a Uint8Array or an ArrayBuffer');
  // a private copy: neither reader may see the caller change the bytes while the file is open (new
  // Uint8Array copies; a Node Buffer's slice() would share its memory)
  bytes = new Uint8Array(bytes);
  const described = await openByteSource(bytesSource(bytes), label, options);
  return attach(binding, described, bytes, label, sieve);
}

/** Opens in libhdf5 what hdf5-js described, for its direct reads of contiguous data. */
async function attach(
  binding: NativeBinding,
  described: StoredFile,
  source: number | Uint8Array,
  label: string,
  sieve: number,
): Promise<StoredFile> {
  // libhdf5 refusing a file hdf5-js accepted (it checks some fields hdf5-js does not use) changes
  // nothing: hdf5-js decides, and then reads everything itself
  const handle = await binding.open(source, sieve).catch(() => undefined);
  return new NodeStoredFile(binding, handle, described, label);
}

async function writeFile(
  binding: NativeBinding,
  target: string | undefined,
  file: FileToWrite,
): Promise<Uint8Array | undefined> {
  const label = target ?? '<bytes>';
  const spec = toNativeSpec(file, label);
  if (target === undefined) {
    try {
      const bytes = await binding.write(null, spec);
      return new Uint8Array(bytes!.buffer, bytes!.byteOffset, bytes!.byteLength);
    } catch (error) {
      throw fromNative(error, label, 'WRITE_FAILED');
    }
  }
  // Atomic replace: write a temp file next to the target, fsync it, rename over the target, fsync
  // the folder. A crash at any point leaves either the old file or the new one, never half of one.
  const { path, dir, temp } = tempPathFor(target);
  try {
    await binding.write(temp, spec);
    await syncFile(temp);
    await rename(temp, path);
    await syncFolder(dir);
    return undefined;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    if (isIcepickleError(error)) throw error;
    if ((error as NativeJsError).hdf5Stack !== undefined) throw fromNative(error, label, 'WRITE_FAILED');
    throw fail('WRITE_FAILED', label, `could not write the file: ${(error as Error).message}`, { cause: error });
  }
}

interface NativeJsError extends Error {
  hdf5Stack?: string;
}
