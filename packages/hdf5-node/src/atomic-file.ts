/** The pieces of an atomic replace: a temp name next to the target, fsync of a file and of its folder. */
import { open as openFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { removeStaleTemps, tempNameFor } from '@icepickle/core/node';

/** A hidden, unique temp path in the target's folder (same filesystem, so rename is atomic). */
export function tempPathFor(target: string): { path: string; dir: string; temp: string } {
  const path = resolve(target);
  const dir = dirname(path);
  removeStaleTemps(path);
  return { path, dir, temp: join(dir, tempNameFor(path)) };
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
