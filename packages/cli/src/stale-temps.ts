/**
 * What `icepickle audit` reports next to a file: temp files of saves to it that were killed mid-write
 * (their writer's pid is gone). The next save to the same target removes them; audit only lists them.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type TempWriter, staleTempFiles } from '@icepickle/core/backend-kit';

/** The writer may still run: its pid exists (EPERM: it exists, owned by another user). */
function writerAlive(writer: TempWriter): boolean {
  if (writer.pid === process.pid) return true;
  try {
    process.kill(writer.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of the stale temp files next to `path` (none when its folder cannot be read). */
export function staleTempsOf(path: string): string[] {
  const full = resolve(path);
  try {
    return staleTempFiles(basename(full), readdirSync(dirname(full)), writerAlive);
  } catch {
    return [];
  }
}
