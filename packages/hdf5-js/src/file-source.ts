/** Node only: a ByteSource over a local file (positional reads; the file is never loaded whole). */
import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { type ByteSource, LOCAL_READ_HINTS } from './byte-source.js';
import { fail } from './errors.js';

const readAt = promisify(read);

/**
 * Reads up to this size are synchronous preads: served from the page cache they cost microseconds, a
 * fraction of a trip through libuv's thread pool (a lazy prediction makes hundreds, one per chunk).
 * Larger ones stay asynchronous, so a cold disk does not hold the event loop for long.
 */
export const SYNC_READ_BYTES = 256 * 1024;
/** One system call reads at most this much (Linux caps a read near 2 GiB; a file or a dataset may be larger). */
const MAX_CALL_BYTES = 2 ** 30;

/** A source never closed is closed once it is collected, as Node does for a FileHandle. */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {} // nothing to report to: no caller is waiting
});

/** Opens `path` for reading: its descriptor and size, or a typed error. */
function openFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO opens at once (then reads as empty) instead of holding the event loop until
    // a writer comes; regular files ignore it (undefined on Windows, which has no FIFOs to open)
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('FILE_NOT_FOUND', path, 'no such file', { cause });
    throw fail('READ_FAILED', path, `could not open the file (${code ?? String(cause)})`, { cause });
  }
  try {
    return { fd, size: fstatSync(fd).size };
  } catch (cause) {
    closeSync(fd);
    throw fail('READ_FAILED', path, `could not size the file (${String(cause)})`, { cause });
  }
}

/**
 * A ByteSource over a local file, read by positional reads (never loaded whole). Opening, sizing and
 * closing are synchronous system calls: on a local file each takes microseconds, where a FileHandle
 * costs a trip through libuv's thread pool for each, several times the whole parse of a small model
 * (a serverless handler opens a model per request; issue 17). libhdf5 opens files the same way.
 */
export async function fileSource(path: string): Promise<ByteSource> {
  const { fd, size } = openFile(path);
  let open = true;
  const inFlight = new Set<Promise<unknown>>();
  const readInto = async (offset: number, into: Uint8Array): Promise<void> => {
    const length = into.length;
    for (let done = 0; done < length; ) {
      // the descriptor's number may belong to another file once this one is closed
      if (!open) throw fail('CLOSED', path, `cannot read at ${offset + done}: the file is closed`);
      const n = Math.min(length - done, MAX_CALL_BYTES);
      let bytesRead: number;
      if (length <= SYNC_READ_BYTES) bytesRead = readSync(fd, into, done, n, offset + done);
      else {
        const call = readAt(fd, into, done, n, offset + done);
        inFlight.add(call);
        bytesRead = (await call.finally(() => inFlight.delete(call))).bytesRead;
      }
      if (bytesRead === 0) throw fail('READ_FAILED', path, `the file ended at ${offset + done} (it changed?)`);
      done += bytesRead;
    }
  };
  const readIntoSync = (offset: number, into: Uint8Array): boolean => {
    if (into.length > SYNC_READ_BYTES) return false;
    for (let done = 0; done < into.length; ) {
      if (!open) throw fail('CLOSED', path, `cannot read at ${offset + done}: the file is closed`);
      const bytesRead = readSync(fd, into, done, into.length - done, offset + done);
      if (bytesRead === 0) throw fail('READ_FAILED', path, `the file ended at ${offset + done} (it changed?)`);
      done += bytesRead;
    }
    return true;
  };
  const source: ByteSource = {
    size,
    hints: LOCAL_READ_HINTS,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = new Uint8Array(length);
      await readInto(offset, out);
      return out;
    },
    readInto,
    readIntoSync,
    async close(): Promise<void> {
      if (!open) return;
      open = false;
      unclosed.unregister(source);
      await Promise.allSettled(inFlight); // a read in flight keeps the descriptor until it ends
      closeSync(fd);
    },
  };
  unclosed.register(source, fd, source);
  return source;
}
