import { rename, rm, stat } from 'node:fs/promises';
import type { OpenOptions, Source, StorageBackend, StoredFile, FileToWrite } from '@icepickle/core';
import { defaultLoadLimits, isIcepickleError } from '@icepickle/core';
import { nodeHost } from '@icepickle/core/node';
import { syncFile, syncFolder, tempPathFor } from './atomic-file.js';
import type { NativeBinding } from './binding.js';
import { fail, fromNative } from './errors.js';
import { loadBinding } from './loader.js';
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

const DEFAULT_MAX_OBJECTS = 10_000;

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

async function openSource(
  binding: NativeBinding,
  source: Source,
  options: OpenOptions = {},
  sieve: number,
): Promise<StoredFile> {
  const maxObjects = options.maxObjects ?? DEFAULT_MAX_OBJECTS;
  // Checked by the addon from each object header before libhdf5 decodes an attribute (it decodes
  // whole values while listing them). OpenOptions has no field for it yet: core's default applies.
  const maxAttributeBytes = options.maxAttributeBytes ?? defaultLoadLimits.maxAttributeBytes;
  let label: string;
  let input: string | Uint8Array;
  let storedBytes: number;
  if (typeof source === 'string') {
    label = options.label ?? source;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(source);
    } catch (cause) {
      throw fail('FILE_NOT_FOUND', label, `no such file (${(cause as NodeJS.ErrnoException).code ?? 'stat failed'})`, {
        cause,
      });
    }
    if (!info.isFile()) throw fail('NOT_HDF5', label, 'not a regular file; expected an HDF5 file');
    if (info.size === 0) throw fail('NOT_HDF5', label, 'the file is empty; expected an HDF5 file');
    input = source;
    storedBytes = info.size;
  } else {
    label = options.label ?? '<bytes>';
    if (source instanceof ArrayBuffer) input = new Uint8Array(source);
    else if (source instanceof Uint8Array) input = source;
    else throw fail('INVALID_INPUT', label, 'source must be a path, a Uint8Array or an ArrayBuffer');
    if (input.length === 0) throw fail('NOT_HDF5', label, 'the file is empty; expected an HDF5 file');
    storedBytes = input.length;
    if (!hasSignature(input))
      throw fail(
        'NOT_HDF5',
        label,
        'no HDF5 signature found; this is not an HDF5 file (icepickle never falls back to pickle or any other format)',
      );
  }
  try {
    const description = await binding.open(input, maxObjects, sieve, maxAttributeBytes);
    return new NodeStoredFile(binding, description, label, storedBytes);
  } catch (error) {
    if (isIcepickleError(error)) throw error;
    throw fromNative(error, label, 'READ_FAILED');
  }
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5 looks for its signature at 0, 512, 1024, 2048, ... (a user block may precede it). */
function hasSignature(bytes: Uint8Array): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
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
