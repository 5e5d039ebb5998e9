/**
 * Runs loads in child processes so that a crash (segfault, abort) or a hang of a backend is caught and
 * pinned to the input that caused it, instead of taking the test runner down with it. The child
 * (isolated-child.ts) prints one JSON line per item; no line within `timeoutMs` is a hang (the child
 * is killed), an exit before the last item is a crash; either way the runner restarts after that item.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './fixtures.js';

export type IsolatedJob = { backend: 'hdf5-wasm' | 'hdf5-node'; start: number } & (
  | { kind: 'files'; files: ReadonlyArray<{ path: string; estimator: 'classifier' | 'regressor' }> }
  | { kind: 'fuzz'; seedDir: string; seed: number; end: number }
);

export interface ItemOutcome {
  i: number;
  /**
   * IcepickleError code, 'OK', 'UNTYPED' (something else thrown), 'CRASH' or 'HANG'; or 'POISONED'
   * (an extra line for item i, fuzz jobs only): after item i an undamaged file no longer loaded, so an
   * earlier input corrupted the backend's state; the child then stops and a fresh one continues.
   */
  code: string;
  ms: number;
  message: string;
  /** Files jobs: how the lazy path (openLinearModel, then one prediction) ended on the same file. */
  lazy?: { code: string; ms: number; message: string };
  /** Files jobs: the child's peak resident set (MiB) after this item. */
  peakRssMiB?: number;
}

export interface IsolatedOptions {
  /** Longest time one item may take (default 5 s). */
  timeoutMs?: number;
  /** Run the child under `strace -f` (open/openat/creat), writing logs to `${strace}.<n>` (one per child started). */
  strace?: string;
  onItem?: (outcome: ItemOutcome) => void;
}

const here = fileURLToPath(new URL('.', import.meta.url));
/** `node --conditions=@icepickle/source --import <this> file.ts` runs workspace TypeScript directly. */
const tsRegister = join(here, 'ts-register.mjs');
const STARTUP_MS = 60_000;

export async function runIsolated(
  job: IsolatedJob,
  options: IsolatedOptions = {},
): Promise<{ outcomes: ItemOutcome[]; straceLogs: string[] }> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const total = job.kind === 'files' ? job.files.length : job.end;
  const outcomes: ItemOutcome[] = [];
  const straceLogs: string[] = [];
  let next = job.start;
  while (next < total) {
    const log = options.strace ? `${options.strace}.${straceLogs.length}` : undefined;
    if (log) straceLogs.push(log);
    const result = await runChild({ ...job, start: next }, timeoutMs, log, (o) => {
      outcomes.push(o);
      options.onItem?.(o);
    });
    next = result.next;
    if (result.failure) {
      const o = { i: next, ms: result.failure.ms, code: result.failure.code, message: result.failure.message };
      outcomes.push(o);
      options.onItem?.(o);
      next++;
    }
  }
  return { outcomes, straceLogs };
}

interface ChildResult {
  /** The first item the child did not finish. */
  next: number;
  failure?: { code: 'CRASH' | 'HANG'; message: string; ms: number };
}

function runChild(
  job: IsolatedJob,
  timeoutMs: number,
  straceLog: string | undefined,
  onItem: (o: ItemOutcome) => void,
): Promise<ChildResult> {
  const nodeArgs = [
    '--conditions=@icepickle/source',
    '--import',
    tsRegister,
    join(here, 'isolated-child.ts'),
    JSON.stringify(job),
  ];
  const [command, args] = straceLog
    ? ['strace', ['-f', '-qq', '-e', 'trace=open,openat,creat', '-o', straceLog, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return new Promise((resolve) => {
    // its own process group, so a kill reaches node under strace too
    const child = spawn(command, args as string[], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let next = job.start;
    let buffer = '';
    let stderr = '';
    let itemStart = Date.now();
    let settled = false;
    let timer: NodeJS.Timeout;
    const finish = (r: ChildResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const arm = (ms: number) => {
      clearTimeout(timer);
      itemStart = Date.now();
      timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        finish({ next, failure: { code: 'HANG', message: `no result within ${ms} ms`, ms: Date.now() - itemStart } });
      }, ms);
    };
    arm(STARTUP_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let parsed: { ready?: boolean } & Partial<ItemOutcome>;
        try {
          parsed = JSON.parse(line) as typeof parsed;
        } catch {
          continue; // stray output (a native library printing): not ours
        }
        if (parsed.ready) {
          arm(timeoutMs);
          continue;
        }
        onItem(parsed as ItemOutcome);
        next = parsed.i! + 1;
        arm(timeoutMs);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('close', (code, signal) => {
      if (code === 0 && !signal) finish({ next });
      else
        finish({
          next,
          failure: {
            code: 'CRASH',
            message: `child exited with ${signal ?? `code ${code}`}: ${stderr.trim().slice(-1500)}`,
            ms: Date.now() - itemStart,
          },
        });
    });
  });
}

/** The paths of `open`, `openat` and `creat` calls in an `strace -f` log (successful or not). */
export function openedPaths(log: string): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    const m =
      /\b(?:open|openat|creat)\((?:AT_FDCWD|\d+|[^,]*), "((?:[^"\\]|\\.)*)"|\b(?:open|creat)\("((?:[^"\\]|\\.)*)"/.exec(
        line,
      );
    if (m) out.push(m[1] ?? m[2]!);
  }
  return out;
}

/**
 * Opens made while item i was loading, per the child's markers (isolated-child.ts opens
 * `/nonexistent-icepickle-marker/<i>` before each item). Runtime files (/proc, /sys, /dev, transpiled
 * sources, node_modules) are left out; `allowed(i)` names the one path item i may open (its own file).
 */
export function opensDuringItems(
  log: string,
  allowed: (i: number) => string | undefined = () => undefined,
): Array<{ i: number; path: string }> {
  const out: Array<{ i: number; path: string }> = [];
  let current = -1;
  for (const path of openedPaths(log)) {
    const marker = /^\/nonexistent-icepickle-marker\/(\d+)$/.exec(path);
    if (marker) {
      current = Number(marker[1]);
      continue;
    }
    if (current < 0 || path === allowed(current)) continue;
    // the host's time zone, read by V8 once per process when local time is first needed (HDF5 inside
    // h5wasm calls localtime(), which Emscripten answers with a JavaScript Date): a fixed path no file chooses
    if (path === '/etc/localtime' || path.startsWith('/usr/share/zoneinfo/')) continue;
    if (
      /^\/(proc|sys|dev)\//.test(path) ||
      path.includes('/.tmp/ts-cache/') ||
      path.includes('/node_modules/') ||
      (path.startsWith(join(repoRoot, 'packages')) && /\.(ts|js|mjs|json|node)$/.test(path))
    )
      continue;
    out.push({ i: current, path });
  }
  return out;
}
