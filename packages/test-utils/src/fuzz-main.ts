/**
 * `pnpm fuzz` (scripts/fuzz.mjs): the mutation fuzzer over both backends, each in child processes.
 *   --cases N (per backend, default 10000)  --seed S (default 1)  --backend wasm|native|both
 *   --timeout MS (per case, default 5000)   --json
 *   --strace (run the children under strace -f and report any file opened while a case loads)
 * Crashes and hangs are saved under .tmp/fuzz-crashes/ (bytes + description); exit code 1 if any.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { repoRoot } from './fixtures.js';
import { fuzzCase, loadSeeds, prepareSeeds } from './fuzz.js';
import { type ItemOutcome, opensDuringItems, runIsolated } from './isolated-runner.js';

export interface FuzzSummary {
  backend: string;
  cases: number;
  seconds: number;
  codes: Record<string, number>;
  failures: Array<ItemOutcome & { description: string; saved: string }>;
  slowestMs: number;
  /** Points where an undamaged file stopped loading in the same process (state corrupted by an earlier case). */
  poisoned: ItemOutcome[];
  /** With --strace: files opened while a case loaded (a case is in-memory bytes: there should be none). */
  outsideOpens?: Array<{ i: number; path: string }>;
  /** Outcome code of every case, by index. */
  byCase: Map<number, string>;
}

export async function fuzzBackends(options: {
  cases: number;
  seed: number;
  backends: Array<'hdf5-wasm' | 'hdf5-node'>;
  timeoutMs: number;
  progress?: boolean;
  strace?: boolean;
}): Promise<FuzzSummary[]> {
  const seedDir = join(repoRoot, '.tmp', 'fuzz-seeds');
  await prepareSeeds(seedDir, hdf5Wasm());
  const seeds = loadSeeds(seedDir);
  const crashDir = join(repoRoot, '.tmp', 'fuzz-crashes');
  const run = async (backend: 'hdf5-wasm' | 'hdf5-node'): Promise<FuzzSummary> => {
    const t0 = Date.now();
    const summary: FuzzSummary = {
      backend,
      cases: 0,
      seconds: 0,
      codes: {},
      failures: [],
      slowestMs: 0,
      poisoned: [],
      byCase: new Map(),
    };
    const straceDir = join(repoRoot, '.tmp', 'strace');
    if (options.strace) mkdirSync(straceDir, { recursive: true });
    const { straceLogs } = await runIsolated(
      { kind: 'fuzz', backend, seedDir, seed: options.seed, start: 0, end: options.cases },
      {
        timeoutMs: options.timeoutMs,
        strace: options.strace ? join(straceDir, `fuzz-${backend}-${process.pid}`) : undefined,
        onItem: (o) => {
          if (o.code === 'POISONED') {
            summary.poisoned.push(o);
            return;
          }
          summary.cases++;
          summary.byCase.set(o.i, o.code);
          summary.codes[o.code] = (summary.codes[o.code] ?? 0) + 1;
          summary.slowestMs = Math.max(summary.slowestMs, o.ms);
          if (o.code === 'CRASH' || o.code === 'HANG' || o.code === 'UNTYPED') {
            const c = fuzzCase(seeds, options.seed, o.i);
            mkdirSync(crashDir, { recursive: true });
            const saved = join(crashDir, `${backend}-seed${options.seed}-case${o.i}-${o.code}.h5`);
            writeFileSync(saved, c.bytes);
            writeFileSync(
              `${saved}.json`,
              JSON.stringify({ ...o, description: c.description, seed: options.seed }, null, 1),
            );
            summary.failures.push({ ...o, description: c.description, saved });
          }
          if (options.progress && summary.cases % 1000 === 0)
            process.stderr.write(`${backend}: ${summary.cases}/${options.cases}\n`);
        },
      },
    );
    summary.seconds = (Date.now() - t0) / 1000;
    if (options.strace) {
      summary.outsideOpens = [];
      for (const log of straceLogs.filter((l) => existsSync(l))) {
        summary.outsideOpens.push(...opensDuringItems(readFileSync(log, 'utf8')));
        rmSync(log);
      }
    }
    return summary;
  };
  return Promise.all(options.backends.map(run));
}

/** Cases where the two backends ended differently (e.g. one loaded a damaged file the other refused). */
export function disagreements(a: Map<number, string>, b: Map<number, string>): number {
  let n = 0;
  for (const [i, code] of a) if (b.has(i) && b.get(i) !== code) n++;
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'both' },
      timeout: { type: 'string', default: '5000' },
      json: { type: 'boolean', default: false },
      strace: { type: 'boolean', default: false },
    },
  });
  const backends =
    values.backend === 'both'
      ? (['hdf5-wasm', 'hdf5-node'] as const)
      : values.backend === 'native'
        ? (['hdf5-node'] as const)
        : (['hdf5-wasm'] as const);
  const summaries = await fuzzBackends({
    cases: Number(values.cases),
    seed: Number(values.seed),
    backends: [...backends],
    timeoutMs: Number(values.timeout),
    progress: !values.json,
    strace: values.strace,
  });
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        summaries.map(({ byCase, ...s }) => s),
        null,
        1,
      )}\n`,
    );
  } else {
    for (const s of summaries) {
      const codes = Object.entries(s.codes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      console.log(
        `${s.backend}: ${s.cases} cases in ${s.seconds.toFixed(1)} s, slowest ${s.slowestMs.toFixed(0)} ms; ${codes}`,
      );
      if (s.outsideOpens)
        console.log(
          `  strace: ${s.outsideOpens.length} file(s) opened while a case loaded${
            s.outsideOpens.length
              ? `: ${s.outsideOpens
                  .slice(0, 5)
                  .map((o) => `case ${o.i} ${o.path}`)
                  .join(', ')}`
              : ''
          }`,
        );
      if (s.poisoned.length > 0) {
        console.log(
          `  POISONED ${s.poisoned.length} time(s): an undamaged file stopped loading after cases ${s.poisoned.map((p) => p.i).join(', ')} (reproduce: --backend ${s.backend === 'hdf5-node' ? 'native' : 'wasm'} --seed ${values.seed} --cases <case+1>)`,
        );
        console.log(`    ${s.poisoned[0]!.message.split('\n')[0]}`);
      }
      for (const f of s.failures)
        console.log(
          `  ${f.code} case ${f.i}: ${f.description}\n    saved: ${f.saved}\n    ${f.message.split('\n')[0]}`,
        );
    }
  }
  if (summaries.length === 2 && !values.json) {
    console.log(
      `backends ended differently on ${disagreements(summaries[0]!.byCase, summaries[1]!.byCase)} of ${summaries[0]!.cases} cases (both typed or valid; a damaged file one backend reads and the other refuses)`,
    );
  }
  process.exitCode = summaries.some(
    (s) => s.failures.length > 0 || s.poisoned.length > 0 || (s.outsideOpens?.length ?? 0) > 0,
  )
    ? 1
    : 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}
