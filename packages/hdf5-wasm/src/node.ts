/**
 * Node entry (export condition "node"): paths are read with node:fs into h5wasm's in-memory
 * filesystem, never opened by HDF5 itself, and writes to a path are atomic (temp file in the same
 * folder, fsync, rename).
 *
 * @module @icepickle/hdf5-wasm (node)
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { OpenOptions } from '@icepickle/core';
import { type Hdf5WasmOptions, type WasmBackend, copyBytes, createBackend } from './create-backend.js';
import { fail } from './errors.js';
import { freshImport } from './fresh-import.js';
import { nodeHost, removeStaleTemps, tempNameFor } from '@icepickle/core/node';
import { createWasmStreamingWriter } from './streaming-writer.js';

export type { Hdf5WasmOptions, WasmBackend } from './create-backend.js';
export { DECODABLE_FILTERS } from './stored-file.js';
export { MAX_BLOCK_BYTES } from './streaming-writer.js';

/** What the Node entry opens: a path, or the file's bytes. */
export type NodeSource = string | Uint8Array | ArrayBuffer;

/** Node.js refuses to read a file over 2 GiB into one buffer (and h5wasm's heap is 2 GiB). */
const MAX_FILE_BYTES = 2 ** 31 - 1;

async function bytesOf(source: NodeSource, options?: OpenOptions): Promise<{ bytes: Uint8Array; label: string }> {
  if (typeof source === 'string') {
    const label = options?.label ?? source;
    try {
      const bytes = await readFile(source);
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), label };
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('FILE_NOT_FOUND', label, 'no such file', { cause });
      if (code === 'ERR_FS_FILE_TOO_LARGE' || code === 'ERR_STRING_TOO_LONG') {
        throw fail(
          'LIMIT_EXCEEDED',
          label,
          `the file is larger than ${MAX_FILE_BYTES} bytes, more than h5wasm can hold; use @icepickle/hdf5-node`,
          { cause },
        );
      }
      throw fail('READ_FAILED', label, `could not read the file (${code ?? String(cause)})`, { cause });
    }
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer)
    return { bytes: copyBytes(source), label: options?.label ?? '<bytes>' };
  throw fail('INVALID_INPUT', options?.label, 'open needs a path, a Uint8Array or an ArrayBuffer');
}

/** Atomic replace: the old file stays whole until rename, and a failed write leaves no temp file. */
async function writeAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const path = resolve(target);
  removeStaleTemps(path);
  const tmp = join(dirname(path), tempNameFor(path));
  let created = false;
  try {
    const handle = await open(tmp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
    created = false;
    await syncDir(dirname(target));
  } catch (cause) {
    if (created) await unlink(tmp).catch(() => undefined);
    const code = (cause as NodeJS.ErrnoException).code;
    throw fail('WRITE_FAILED', target, `could not write the file (${code ?? String(cause)})`, { cause });
  }
}

/** fsync the folder so the rename itself survives a crash (not possible on every platform). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open folders; the rename is still atomic there
  }
}

/** The h5wasm storage backend for Node: `hdf5Wasm().open('model.h5')`, `write(path | undefined, file)`. */
export function hdf5Wasm(options: Hdf5WasmOptions = {}): WasmBackend<NodeSource> {
  const backend = createBackend<NodeSource>(
    {
      bytes: bytesOf,
      writePath: writeAtomic,
      fresh: (generation) => freshImport('h5wasm', generation),
      createWriter: createWasmStreamingWriter,
    },
    options,
  );
  // Node's host: a lazy model opened through this backend notices its file changing (core's Host seam)
  return { ...backend, host: nodeHost };
}
