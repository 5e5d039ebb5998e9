/** Node only: a ByteSource over a file handle (positional reads; the file is never loaded whole). */
import { readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { type ByteSource, LOCAL_READ_HINTS } from './byte-source.js';
import { fail } from './errors.js';

/**
 * Reads up to this size are synchronous preads: served from the page cache they cost microseconds, a
 * fraction of a trip through libuv's thread pool (a lazy prediction makes hundreds, one per chunk).
 * Larger ones stay asynchronous, so a cold disk does not hold the event loop for long.
 */
export const SYNC_READ_BYTES = 256 * 1024;
/** One system call reads at most this much (Linux caps a read near 2 GiB; a file or a dataset may be larger). */
const MAX_CALL_BYTES = 2 ** 30;

/** A ByteSource over a local file, read by positional reads (never loaded whole). */
export async function fileSource(path: string): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('FILE_NOT_FOUND', path, 'no such file', { cause });
    throw fail('READ_FAILED', path, `could not open the file (${code ?? String(cause)})`, { cause });
  }
  const { size } = await handle.stat();
  const readInto = async (offset: number, into: Uint8Array): Promise<void> => {
    const length = into.length;
    for (let done = 0; done < length; ) {
      const n = Math.min(length - done, MAX_CALL_BYTES);
      const bytesRead =
        length <= SYNC_READ_BYTES
          ? readSync(handle.fd, into, done, n, offset + done)
          : (await handle.read(into, done, n, offset + done)).bytesRead;
      if (bytesRead === 0) throw fail('READ_FAILED', path, `the file ended at ${offset + done} (it changed?)`);
      done += bytesRead;
    }
  };
  return {
    size,
    hints: LOCAL_READ_HINTS,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = new Uint8Array(length);
      await readInto(offset, out);
      return out;
    },
    readInto,
    close: () => handle.close(),
  };
}
