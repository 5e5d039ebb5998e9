import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type LogisticRegression, ModelCollection } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

/**
 * Atomic saves, proven: a child process saves version after version of a collection to one path and
 * is killed with SIGKILL at a random moment, TRIALS times. After every kill the file must load, be
 * whole (every coefficient equals its recorded version) and be at least as new as the last save the
 * child reported finished. 100 trials take about a minute, so they run under CI=true; a local
 * `vitest run` does 12 (ICEPICKLE_WRITER_KILLS overrides).
 */
const TRIALS = Number(process.env.ICEPICKLE_WRITER_KILLS ?? (process.env.CI ? 100 : 12));
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'fixtures', 'writer-kill', 'child.mjs');
const register = join(here, '..', '..', 'test-utils', 'src', 'ts-register.mjs');
const dir = mkdtempSync(join(tmpdir(), 'icepickle-writer-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend = hdf5Wasm();

function runAndKill(path: string, from: number, killAfterSaves: number, extraMs: number): Promise<number> {
  return new Promise((resolve) => {
    const proc = spawn(
      process.execPath,
      ['--conditions=@icepickle/source', '--import', register, child, path, String(from)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let last = from;
    let buffer = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        last = Math.max(last, Number(buffer.slice(0, nl).split(' ')[1]));
        buffer = buffer.slice(nl + 1);
        // Once the child is saving steadily, kill it at a random point within the next saves.
        if (last - from >= killAfterSaves && !timer) timer = setTimeout(() => proc.kill('SIGKILL'), extraMs);
      }
    });
    proc.on('exit', () => resolve(last));
  });
}

describe('ModelCollection saves are atomic', () => {
  it(`${TRIALS} kills of a writer at random points never leave a torn or older file`, {
    timeout: 600_000,
  }, async () => {
    const path = join(dir, 'models.h5');
    // @ts-expect-error plain .mjs shared with the child process
    const { modelVersion } = (await import('./fixtures/writer-kill/child.mjs')) as {
      modelVersion(v: number): LogisticRegression;
    };
    await ModelCollection.create(path, { backend })
      .put('model', modelVersion(0))
      .putDocument('version', { v: 0 })
      .save();
    let version = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const reported = await runAndKill(path, version, 1 + (trial % 3), Math.floor(Math.random() * 40));
      const c = await ModelCollection.open(path, { backend });
      const v = c.getDocument<{ v: number }>('version')!.v;
      expect(v, `trial ${trial}: the file is older than the last finished save`).toBeGreaterThanOrEqual(reported);
      const model = c.load<LogisticRegression>('model');
      const coef = (model.coef_ as number[][]).flat();
      expect(
        coef.every((x) => x === v) && (model.intercept_ as number[]).every((x) => x === v),
        `trial ${trial}: torn file`,
      ).toBe(true);
      version = v;
    }
    // Killed writers may leave their temp files behind; the model file itself is always whole.
    expect(readdirSync(dir)).toContain('models.h5');
  });
});
