/**
 * The file a path names, opened once: hdf5-js describes it through positional reads on this
 * descriptor, then libhdf5 opens the very same open file through it (`/proc/self/fd/N`, checked to be
 * the same inode: native/addon.cc). A rename or replacement of the path in between changes nothing:
 * neither reader ever resolves the path again.
 */
import { readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { type ByteSource, LOCAL_READ_HINTS } from '@icepickle/hdf5-js';
import { fail } from './errors.js';

/** Reads up to this size are synchronous preads. */
const SYNC_READ_BYTES = 256 * 1024;

export interface DescriptorSource extends ByteSource {
  /** The descriptor both readers use; valid until close(). */
  readonly fd: number;
  close(): Promise<void>;
}

export async function openDescriptor(path: string, label: string): Promise<DescriptorSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('FILE_NOT_FOUND', label, 'no such file', { cause });
    throw fail('READ_FAILED', label, `could not open the file (${code ?? String(cause)})`, { cause });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fail('NOT_HDF5', label, 'not a regular file; expected an HDF5 file');
    return descriptorSource(handle, info.size, label);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function descriptorSource(handle: FileHandle, size: number, label: string): DescriptorSource {
  return {
    size,
    // a local file's reads: small blocks for the metadata, each chunk of a lazy column one pread of its own
    hints: LOCAL_READ_HINTS,
    fd: handle.fd,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        // small reads (headers, one chunk of a lazy column) are preads served from the page cache: done in
        // place they cost a fraction of a trip through libuv's thread pool; big ones stay asynchronous
        const bytesRead =
          length <= SYNC_READ_BYTES
            ? readSync(handle.fd, out, done, length - done, offset + done)
            : (await handle.read(out, done, length - done, offset + done)).bytesRead;
        if (bytesRead === 0) throw fail('READ_FAILED', label, `the file ended at byte ${offset + done} (it shrank?)`);
        done += bytesRead;
      }
      return out;
    },
    close: () => handle.close(),
  };
}
