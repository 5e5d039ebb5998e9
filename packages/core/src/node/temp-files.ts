/**
 * Temp files of saves killed mid-write (kill -9 leaves `.name.<pid>-<stamp>.<random>.tmp` next to the
 * target): the next save to the same target removes those whose writer is gone, never a live one's, and
 * `icepickle audit` lists them. One home for the Node backends and the CLI.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type TempWriter, staleTempFiles, tempFileName } from '../storage/temp-names.js';

/** This process's start, base 36: with the pid, it tells this process from an earlier one with the same pid. */
const STAMP = Math.round(performance.timeOrigin).toString(36);

/** A fresh temp file name for `path` (absolute) written by this process. */
export function tempNameFor(path: string): string {
  return tempFileName(basename(path), { pid: process.pid, stamp: STAMP }, randomBytes(6).toString('hex'));
}

/** True while the writer may still be running: its pid exists (EPERM: it exists, not ours), or it is us. */
export function writerAlive(writer: TempWriter): boolean {
  if (writer.pid === process.pid) return writer.stamp === undefined || writer.stamp === STAMP;
  try {
    process.kill(writer.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the stale temp files of `path`'s earlier saves; never throws (a save must not fail for this). */
export function removeStaleTemps(path: string): void {
  try {
    const dir = dirname(path);
    for (const name of staleTempFiles(basename(path), readdirSync(dir), writerAlive)) {
      rmSync(join(dir, name), { force: true });
    }
  } catch {
    // an unreadable folder: the save itself reports what is wrong
  }
}

/** Names of the stale temp files next to `path`, for reports (none when its folder cannot be read). */
export function staleTempsOf(path: string): string[] {
  const full = resolve(path);
  try {
    return staleTempFiles(basename(full), readdirSync(dirname(full)), writerAlive);
  } catch {
    return [];
  }
}
