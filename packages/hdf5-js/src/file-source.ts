/** Node only: a ByteSource over a file handle (positional reads; the file is never loaded whole). */
import { open } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';
import { fail } from './errors.js';

/** A ByteSource over a local file, read by positional reads (never loaded whole). */
export async function fileSource(path: string): Promise<ByteSource> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('FILE_NOT_FOUND', path, 'no such file', { cause });
    throw fail('READ_FAILED', path, `could not open the file (${code ?? String(cause)})`, { cause });
  }
  const { size } = await handle.stat();
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, offset + done);
        if (bytesRead === 0) throw fail('READ_FAILED', path, `the file ended at ${offset + done} (it changed?)`);
        done += bytesRead;
      }
      return out;
    },
    close: () => handle.close(),
  };
}
