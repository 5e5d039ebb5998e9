import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GridSearchCV, ModelCollection, SGDClassifier, type SearchDocument, StratifiedKFold } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
// @ts-expect-error plain .mjs shared with the child process
import { killBase, killData, killGrid } from './fixtures/search-kill/data.mjs';

/**
 * Kills a checkpointed search (a child process running the TypeScript sources) with SIGKILL at random
 * moments, at least KILLS times, across several complete searches. After every kill the checkpoint
 * must load, hold every result the child reported as finished, never fewer results than before, and
 * only scores equal to an uninterrupted run's; the final resumed run must equal the uninterrupted one.
 * Every third child runs with nJobs: 2 (worker threads).
 *
 * 50 kills take about 100 s on two cores, so they run under CI=true (and with ICEPICKLE_SEARCH_KILLS=50);
 * a local `vitest run` does 8 to keep the shared machine usable.
 */
const KILLS = Number(process.env.ICEPICKLE_SEARCH_KILLS ?? (process.env.CI ? 50 : 8));
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'fixtures', 'search-kill', 'child.mjs');
const register = join(here, '..', '..', 'test-utils', 'src', 'ts-register.mjs');
const dir = mkdtempSync(join(tmpdir(), 'icepickle-search-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend = hdf5Wasm();

interface ChildRun {
  maxDone: number;
  result: { splits: number[][]; rank: number[]; best: object; warnings: string[] } | undefined;
  killed: boolean;
  stderr: string;
}

function runChild(checkpoint: string, nJobs: number, killAfterMs: number | undefined): Promise<ChildRun> {
  return new Promise((resolve) => {
    const proc: ChildProcess = spawn(
      process.execPath,
      ['--conditions=@icepickle/source', '--import', register, child, checkpoint, String(nJobs)],
      { cwd: dirname(child), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const run: ChildRun = { maxDone: 0, result: undefined, killed: false, stderr: '' };
    let buffer = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('done ')) run.maxDone = Math.max(run.maxDone, Number(line.slice(5)));
        else if (line.startsWith('result ')) run.result = JSON.parse(line.slice(7));
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    proc.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      run.killed = signal === 'SIGKILL';
      resolve(run);
    });
  });
}

async function persisted(path: string): Promise<SearchDocument | undefined> {
  if (!existsSync(path)) return undefined;
  const c = await ModelCollection.open(path, { backend });
  return c.getDocument<SearchDocument>('search');
}

describe('a checkpointed search survives SIGKILL at random moments', () => {
  it(`${KILLS} kills: no finished result lost, file always loads, final results equal an uninterrupted run`, async () => {
    const { X, y } = killData();
    const ref = new GridSearchCV(new SGDClassifier(killBase), killGrid, {
      cv: new StratifiedKFold({ nSplits: 3 }),
      scoring: 'accuracy',
    });
    await ref.fit(X, y);
    const r = ref.cvResults_;
    const refSplits = [0, 1, 2].map((k) => r[`split${k}_test_score`] as number[]);
    const total = refSplits[0]!.length * 3;

    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    let kills = 0;
    let cycles = 0;
    let runs = 0;
    let path = join(dir, `search-${cycles}.h5`);
    let before = 0;
    while (kills < KILLS) {
      const nJobs = runs % 3 === 2 ? 2 : 1;
      const run = await runChild(path, nJobs, 250 + Math.floor(rand() * 2500));
      runs++;
      if (!run.killed) {
        // Finished on its own before the kill: it must equal the uninterrupted run. Start a new search.
        expect(run.stderr).toBe('');
        expect(run.result!.splits).toEqual(refSplits);
        expect(run.result!.rank).toEqual(r.rank_test_score);
        cycles++;
        path = join(dir, `search-${cycles}.h5`);
        before = 0;
        continue;
      }
      kills++;
      const doc = await persisted(path);
      const results = doc?.results ?? [];
      expect(results.length, `kill ${kills}: reported ${run.maxDone} done`).toBeGreaterThanOrEqual(run.maxDone);
      expect(results.length, `kill ${kills}: results never shrink`).toBeGreaterThanOrEqual(before);
      before = results.length;
      const pairs = new Set(results.map(([c, f]) => `${c}/${f}`));
      expect(pairs.size).toBe(results.length);
      for (const [c, f, score] of results) expect(score, `candidate ${c} fold ${f}`).toBe(refSplits[f]![c]);
      if (results.length === total) {
        cycles++;
        path = join(dir, `search-${cycles}.h5`);
        before = 0;
      }
    }
    // Resume the last (interrupted) search to the end, in one go.
    const last = await runChild(path, 1, undefined);
    expect(last.stderr).toBe('');
    expect(last.result!.splits).toEqual(refSplits);
    expect(last.result!.rank).toEqual(r.rank_test_score);
    expect(last.result!.best).toEqual(ref.bestParams_);
    expect((await persisted(path))!.results.length).toBe(total);
    // Temp files of killed saves are the only leftovers; every checkpoint loads.
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.h5')))
      expect(await persisted(join(dir, f))).toBeDefined();
    console.log(`search kill test: ${kills} kills over ${runs} runs, ${cycles} complete searches`);
  }, 900_000);

  it('nJobs: 2 on worker threads gives results identical to nJobs: 1', async () => {
    const { X, y } = killData();
    const ref = new GridSearchCV(new SGDClassifier(killBase), killGrid, {
      cv: new StratifiedKFold({ nSplits: 3 }),
      scoring: 'accuracy',
    });
    await ref.fit(X, y);
    const run = await runChild(join(dir, 'parallel.h5'), 2, undefined);
    expect(run.stderr).toBe('');
    // No fallback warning: the worker pool really ran.
    expect(run.result!.warnings).toEqual([]);
    expect(run.result!.splits).toEqual([0, 1, 2].map((k) => ref.cvResults_[`split${k}_test_score`]));
    expect(run.result!.rank).toEqual(ref.cvResults_.rank_test_score);
    expect(run.maxDone).toBe(48);
  }, 120_000);
});
