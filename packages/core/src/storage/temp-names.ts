/**
 * Names of the temp files a save writes next to its target, and how a later save recognises the ones a
 * killed writer left (kill -9, a power cut): `.<target>.<pid>-<stamp>.<random>.tmp`, where the pid and the
 * process's start stamp identify the writer. A temp file is stale only when that writer is gone; one
 * whose writer lives is never touched. Pure: the Node side (readdir, process.kill, unlink) is the backend's.
 */

/** The writer of a temp file: its process id and the stamp of that process's start (base 36). */
export interface TempWriter {
  /** The writing process's id. */
  pid: number;
  /** Absent for names written before stamps (`.<target>.<pid>.<random>.tmp`): identity by pid alone. */
  stamp?: string;
}

/** The temp file name for `targetName` (a file name, no folder) written by `writer`. */
export function tempFileName(targetName: string, writer: Required<TempWriter>, random: string): string {
  return `.${targetName}.${writer.pid}-${writer.stamp}.${random}.tmp`;
}

/** The writer of `name` when it is a temp file of `targetName`, else undefined. */
export function tempFileWriter(targetName: string, name: string): TempWriter | undefined {
  const prefix = `.${targetName}.`;
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const m = /^(\d{1,10})(?:-([0-9a-z]{1,16}))?\.[0-9a-f]{1,64}$/.exec(name.slice(prefix.length, -4));
  if (!m) return undefined;
  return m[2] === undefined ? { pid: Number(m[1]) } : { pid: Number(m[1]), stamp: m[2] };
}

/**
 * The temp files of `targetName` among a folder's `names` whose writer is gone, as `isAlive` (the
 * backend's check: the pid exists and, for its own pid, the stamp is its own) says.
 */
export function staleTempFiles(
  targetName: string,
  names: readonly string[],
  isAlive: (writer: TempWriter) => boolean,
): string[] {
  return names.filter((name) => {
    const writer = tempFileWriter(targetName, name);
    return writer !== undefined && !isAlive(writer);
  });
}
