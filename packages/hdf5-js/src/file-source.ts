/** Node only: a ByteSource over a local file (positional reads; the file is never loaded whole). */
import { closeSync, constants, fstatSync, openSync, read } from 'node:fs';
import { promisify } from 'node:util';
import type { ByteSource } from './byte-source.js';
import { fail } from './errors.js';

const readAt = promisify(read);

/** A source never closed is closed once it is collected, as Node does for a FileHandle. */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {} // nothing to report to: no caller is waiting
});

/**
 * A ByteSource over a local file, read by positional reads (never loaded whole). Opening, sizing and
 * closing are synchronous system calls: on a local file each takes microseconds, where a FileHandle
 * costs a trip through libuv's thread pool for each, several times the whole parse of a small model
 * (a serverless handler opens a model per request; issue 17). libhdf5 opens files the same way.
 */
export async function fileSource(path: string): Promise<ByteSource> {
  let fd: number;
  let size: number;
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
    size = fstatSync(fd).size;
  } catch (cause) {
    closeSync(fd);
    throw fail('READ_FAILED', path, `could not size the file (${String(cause)})`, { cause });
  }
  let open = true;
  const inFlight = new Set<Promise<unknown>>();
  const source: ByteSource = {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        // the descriptor's number may belong to another file once this one is closed
        if (!open) throw fail('CLOSED', path, `cannot read at ${offset + done}: the file is closed`);
        const call = readAt(fd, out, done, length - done, offset + done);
        inFlight.add(call);
        const { bytesRead } = await call.finally(() => inFlight.delete(call));
        if (bytesRead === 0) throw fail('READ_FAILED', path, `the file ended at ${offset + done} (it changed?)`);
        done += bytesRead;
      }
      return out;
    },
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
