/** The pieces of an atomic replace: a temp name next to the target, fsync of a file and of its folder. */
import { randomBytes } from 'node:crypto';
import { open as openFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A hidden, unique temp path in the target's folder (same filesystem, so rename is atomic). */
export function tempPathFor(target: string): { path: string; dir: string; temp: string } {
  const path = resolve(target);
  const dir = dirname(path);
  return { path, dir, temp: join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`) };
}

export async function syncFile(path: string): Promise<void> {
  const handle = await openFile(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function syncFolder(dir: string): Promise<void> {
  try {
    await syncFile(dir);
  } catch {
    // Some filesystems refuse fsync on a folder; the rename itself is still atomic.
  }
}
