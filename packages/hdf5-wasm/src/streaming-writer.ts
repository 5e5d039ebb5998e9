/**
 * createWriter for h5wasm in Node. h5wasm's default build keeps files in wasm memory (MEMFS, at most
 * 2 GiB, and one-shot writes over ~1 GB fail), so streamed files are written by a second, private
 * instance of h5wasm's Node build, whose NODERAWFS filesystem writes straight to disk: memory is then
 * bounded by one block, and files may exceed the wasm heap. That instance only ever writes files we
 * create (it never opens anything else), so it cannot be steered by a hostile file's external links;
 * reading stays on the MEMFS build.
 *
 * h5wasm creates a dataset only together with all of its values; a streamed dataset is created by its
 * create_dataset with no values (the dataset is made, the write of a null buffer is refused, and the
 * status ignored), then filled with write_slice. Limits: one block must fit the wasm heap
 * (MAX_BLOCK_BYTES), no shuffle filter (h5wasm sets one filter), and the dataset is reopened per block,
 * so blocks not aligned to chunks rewrite their edge chunks (align them to `chunkColumns`).
 */
import fs, { closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { StreamedDataset, StreamingFileToWrite, StreamingWriter } from '@icepickle/core';
import { isIcepickleError } from '@icepickle/core';
import { checkStreamedBlock } from '@icepickle/core/backend-kit';
import { fail } from './errors.js';
import { type H5Module, type H5Wasm, hdf5Reason, isWasmTrap, memfs } from './h5wasm-module.js';
import { leaseRawfs } from './rawfs-instance.js';
import { removeStaleTemps, tempNameFor } from '@icepickle/core/node';
import { type PreparedAttr, prepareAttrs, prepareFile, writeAttrs, writePrepared } from './write-file.js';

/** The largest block one write may pass: it is copied into the wasm heap (2 GiB at most, shared with HDF5). */
export const MAX_BLOCK_BYTES = 512 * 2 ** 20;

const DTYPE = { float64: '<d', float32: '<f' } as const;

interface Checked extends StreamedDataset {
  dtype: 'float64' | 'float32';
  prepared: PreparedAttr[];
}

function checkStreamed(streamed: readonly StreamedDataset[] | undefined, label: string): Checked[] {
  if (!Array.isArray(streamed) || streamed.length === 0)
    throw fail('INVALID_INPUT', label, 'createWriter needs at least one streamed dataset');
  const positive = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length > 0 && v.every((d) => Number.isSafeInteger(d) && d > 0);
  return streamed.map((d) => {
    const path = `/${String(d?.path ?? '')
      .split('/')
      .filter(Boolean)
      .join('/')}`;
    const bad = (what: string) => fail('INVALID_INPUT', label, `streamed dataset "${path}": ${what}`, { object: path });
    if (path === '/' || path.split('/').some((p) => p === '.' || p === '..')) throw bad('needs a plain name');
    if (d.dtype !== 'float64' && d.dtype !== 'float32')
      throw bad(`dtype must be float64 or float32, got ${String(d.dtype)}`);
    if (!positive(d.shape)) throw bad(`shape must be positive integers, got ${JSON.stringify(d.shape)}`);
    if (
      d.chunks !== undefined &&
      (!positive(d.chunks) ||
        d.chunks.length !== d.shape.length ||
        d.chunks.some((c: number, i: number) => c > d.shape[i]!))
    ) {
      throw bad(
        `chunks must be ${d.shape.length} positive integers no larger than the shape, got ${JSON.stringify(d.chunks)}`,
      );
    }
    if (d.gzip !== undefined && (!Number.isInteger(d.gzip) || d.gzip < 0 || d.gzip > 9))
      throw bad(`gzip must be a level 0-9, got ${d.gzip}`);
    if (d.gzip !== undefined && d.chunks === undefined) throw bad('gzip needs chunks');
    if (d.shuffle) {
      throw fail(
        'NOT_SUPPORTED',
        label,
        `streamed dataset "${path}": h5wasm sets a single filter per dataset, so it cannot write shuffle; write with shuffle: false or use @icepickle/hdf5-node`,
        { object: path },
      );
    }
    const attrFail = (code: 'INVALID_INPUT' | 'NOT_SUPPORTED') => (what: string, object?: string) =>
      fail(code, label, what, object === undefined ? {} : { object });
    return { ...d, path, prepared: prepareAttrs(d.attrs, path, attrFail('INVALID_INPUT'), attrFail('NOT_SUPPORTED')) };
  });
}

/**
 * HDF5's default error handler prints to fd 2, which NODERAWFS writes with fs.writeSync. The one
 * expected failure (the null-buffer write of an empty dataset) is kept off the user's stderr by
 * dropping fd-2 writes for the duration of that synchronous call only.
 */
function quietly<T>(module: H5Module, run: () => T): T {
  const original = fs.writeSync;
  module.deactivate_throwing_error_handler();
  (fs as { writeSync: unknown }).writeSync = (fd: number, ...rest: unknown[]) =>
    fd === 2
      ? typeof rest[0] === 'string'
        ? rest[0].length
        : ((rest[2] as number | undefined) ?? (rest[0] as ArrayBufferView).byteLength)
      : (original as (...a: unknown[]) => number)(fd, ...rest);
  try {
    return run();
  } finally {
    fs.writeSync = original;
    module.activate_throwing_error_handler();
  }
}

export async function createWasmStreamingWriter(target: string, file: StreamingFileToWrite): Promise<StreamingWriter> {
  if (typeof target !== 'string' || target === '')
    throw fail('INVALID_INPUT', undefined, 'createWriter needs a file path');
  const label = target;
  const streamed = checkStreamed(file.streamed, label);
  const prepared = prepareFile(
    {
      datasets: file.datasets,
      ...(file.attrs ? { attrs: file.attrs } : {}),
      ...(file.groups ? { groups: file.groups } : {}),
    },
    label,
    streamed.map((d) => d.path),
  );
  const bool = prepared.datasets.find((d) => d.bool);
  if (bool)
    throw fail(
      'NOT_SUPPORTED',
      label,
      `dataset "${bool.path}": streaming writes on h5wasm cannot write bools as h5py does (whole writes can); use write(), or @icepickle/hdf5-node`,
      { object: bool.path },
    );
  const lease = await leaseRawfs(label);
  const { lib, module } = lease;
  const path = resolve(target);
  const dir = dirname(path);
  removeStaleTemps(path);
  const temp = join(dir, tempNameFor(path));
  let h5: InstanceType<H5Wasm['File']> | undefined;
  const wrap = (cause: unknown, what: string) => writeFailure(lease, label, cause, what);
  const discard = () => {
    try {
      if (h5) lease.use();
      h5?.close();
    } catch {
      // closing a failed file may fail too; the temp file goes either way
    }
    h5 = undefined;
    rmSync(temp, { force: true });
    closeStreamsOf(lease.module, temp);
  };
  try {
    h5 = new lib.File(temp, 'x');
    const fileId = h5.file_id;
    fillNewFile(lib, module, fileId, prepared, streamed, label);
    removeOnExit(temp);
  } catch (cause) {
    const error = wrap(cause, 'create the file'); // first: a trap retires the instance before discard touches it
    discard();
    lease.release();
    throw error;
  }

  const byPath = new Map(streamed.map((d) => [d.path, d]));
  let state: 'open' | 'closed' | 'aborted' = 'open';
  const forget = () => openTemps.delete(temp);
  return {
    async write(datasetPath, start, count, data) {
      if (state !== 'open') throw fail('CLOSED', label, `the writer is ${state}`);
      const d = checkStreamedBlock(byPath, datasetPath, start, count, data, label, 'hdf5-wasm');
      checkBlockSize(d.path, data, label);
      try {
        lease.use();
        new lib.Dataset(h5!.file_id, d.path).write_slice(
          start.map((s, i) => [s, s + count[i]!]),
          data,
        );
      } catch (cause) {
        throw wrap(cause, `write a block of "${d.path}"`);
      }
    },
    async close() {
      if (state !== 'open') throw fail('CLOSED', label, `the writer is ${state}`);
      state = 'closed';
      try {
        lease.use();
        h5!.close();
        h5 = undefined;
        fsyncPath(temp);
        await rename(temp, path);
        forget();
        syncDir(dir);
      } catch (cause) {
        const error = wrap(cause, 'finish the file');
        discard();
        forget();
        throw error;
      } finally {
        lease.release();
      }
    },
    async abort() {
      if (state !== 'open') return;
      state = 'aborted';
      discard();
      forget();
      lease.release();
    },
  };
}

/** A failure while writing: a wasm trap retires the instance; anything untyped becomes WRITE_FAILED. */
function writeFailure(lease: { trapped(): void }, label: string, cause: unknown, what: string) {
  if (isWasmTrap(cause)) lease.trapped();
  if (isIcepickleError(cause)) return cause;
  return fail('WRITE_FAILED', label, `h5wasm could not ${what}: ${hdf5Reason(cause)}`, { cause });
}

/** Writes everything given whole, then creates each streamed dataset empty (see the file's comment). */
function fillNewFile(
  lib: H5Wasm,
  module: H5Module,
  fileId: bigint,
  prepared: ReturnType<typeof prepareFile>,
  streamed: readonly Checked[],
  label: string,
): void {
  writePrepared(lib, module, fileId, prepared);
  for (const d of streamed) {
    const parent = d.path.slice(0, d.path.lastIndexOf('/')) || '/';
    if (parent !== '/' && !prepared.groups.has(parent)) module.create_group(fileId, parent, false);
    const metadata = {
      ...lib.dtype_to_metadata(DTYPE[d.dtype]),
      shape: d.shape.map(BigInt),
      maxshape: d.shape.map(BigInt),
      chunks: d.chunks ? d.chunks.map(BigInt) : null,
      compression: d.gzip === undefined ? 0 : 1,
      compression_opts: d.gzip === undefined ? [] : [d.gzip],
      track_order: false,
    };
    quietly(module, () => module.create_dataset(fileId, d.path, 0n, metadata as never));
    const made = new lib.Dataset(fileId, d.path).metadata;
    if (made.shape?.join() !== d.shape.join())
      throw fail('WRITE_FAILED', label, `h5wasm did not create "${d.path}"`, { object: d.path });
    writeAttrs(new lib.Dataset(fileId, d.path), d.prepared);
  }
  module.flush(fileId);
}

/**
 * Closes the instance's descriptors still open on `temp`. When HDF5's close fails (ENOSPC while it
 * flushes) it keeps the file open, and the deleted temp file then holds its disk space until the process
 * exits: every later save to that disk failed. settle() sweeps such streams only after an HDF5 error it
 * sees, so a failed writer closes its own here, whatever HDF5 did.
 */
function closeStreamsOf(module: H5Module, temp: string): void {
  const fs = memfs(module);
  if (!fs?.streams) return; // an emptied instance (after a trap) holds nothing
  for (const stream of fs.streams) {
    if (!stream || stream.fd <= 2 || stream.path !== temp) continue;
    try {
      fs.close(stream);
    } catch {
      // already closed
    }
  }
}

function checkBlockSize(path: string, data: Float64Array | Float32Array, label: string): void {
  if (data.byteLength > MAX_BLOCK_BYTES) {
    throw fail(
      'LIMIT_EXCEEDED',
      label,
      `block of "${path}": a block of ${data.byteLength} bytes is over h5wasm's limit of ${MAX_BLOCK_BYTES} bytes per block (it is copied into the wasm32 heap, at most 2 GiB); write smaller blocks or use @icepickle/hdf5-node`,
      { object: path },
    );
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Temp files of writers still open when the process exits normally are removed (not after SIGKILL). */
const openTemps = new Set<string>();
function removeOnExit(temp: string): void {
  if (openTemps.size === 0 && !hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const t of openTemps) rmSync(t, { force: true });
    });
  }
  openTemps.add(temp);
}
let hooked = false;

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a folder; the rename itself is still atomic.
  }
}
