/** The lazy R2 Worker bundled from sources with esbuild (as wrangler bundles), and workerd's memory from /proc. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** worker/src/lazy-r2.ts as one ESM module (workspace packages from their sources: no build needed). */
export async function bundleLazyWorker(): Promise<string> {
  const result = await build({
    entryPoints: [join(demoDir, 'worker', 'src', 'lazy-r2.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['@icepickle/source', 'workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Resident and peak resident bytes of the workerd processes this process started (VmRSS, VmHWM). */
export function workerdMemory(): { rss: number; peak: number; pids: number[] } {
  const out = { rss: 0, peak: 0, pids: [] as number[] };
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${name}/status`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (!/^Name:\s+workerd$/m.test(status) || Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
    out.pids.push(Number(name));
    out.rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    out.peak += Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  }
  return out;
}

/** Resets the peak (VmHWM) of these processes to their current RSS (Linux: `5` to /proc/PID/clear_refs). */
export function resetPeak(pids: readonly number[]): boolean {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false; // not permitted here: the peak then includes what came before
  }
}
