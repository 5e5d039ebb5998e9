import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, main } from '@icepickle/cli';
import { SGDClassifier, saveCoefficients } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'icepickle-cli-predict-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const model = join(tmp, 'model.h5');
const input = join(tmp, 'rows.jsonl');
const rows = 250;

beforeAll(async () => {
  const m = new SGDClassifier({ loss: 'log_loss' }).setCoefficients({
    coef: Float64Array.of(1, -2, 0.5, 0.25, -1, 1, 0, 2, 0.5, 0.5, -0.5, -3),
    coefShape: [3, 4],
    intercept: Float64Array.of(0.1, -0.2, 0.3),
    interceptShape: [3],
    classes: ['a', 'b', 'c'],
  });
  await saveCoefficients(m, model, { backend: hdf5Wasm() });
  const lines = Array.from({ length: rows }, (_v, i) => JSON.stringify({ features: [i % 7, -(i % 5), i % 3, 1] }));
  // blank lines are not rows: the bar counts the 250 rows only
  writeFileSync(input, `${lines.slice(0, 100).join('\n')}\n\n${lines.slice(100).join('\n')}\n`);
});

/** stdout and the terminal's writes in one log, in order; `stdoutIsTTY` says whether they share a screen. */
async function run(args: string[], terminal: { isTTY: boolean } | undefined, stdoutIsTTY = false) {
  const log: { to: 'stdout' | 'tty'; text: string }[] = [];
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void log.push({ to: 'stdout', text }),
    stderr: (t) => void (stderr += t),
    readText: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8'),
    stdoutIsTTY,
    ...(terminal
      ? {
          progress: {
            isTTY: terminal.isTTY,
            columns: 100,
            write: (text: string) => void log.push({ to: 'tty', text }),
          },
        }
      : {}),
  };
  const code = await main(args, io);
  const stdout = log.filter((l) => l.to === 'stdout').map((l) => l.text);
  const tty = log.filter((l) => l.to === 'tty').map((l) => l.text);
  return { code, stderr, log, stdout, tty };
}

const percents = (bars: string[]) => bars.map((b) => Number(/\] +(\d+)%/.exec(b)![1]));

describe('icepickle predict progress', () => {
  it('draws a bar of rows on a terminal, 0% to 100%, then erases it; the output is the same', async () => {
    const plain = await run(['predict', model, '--input', input], undefined);
    const r = await run(['predict', model, '--input', input], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toEqual(plain.stdout);
    expect(r.stdout.length).toBe(rows);
    const bars = r.tty.filter((w) => w.startsWith('\rpredict ['));
    expect(bars.length).toBeGreaterThan(50); // a step per 1% of 250 rows: every 3rd row
    expect(bars.length).toBeLessThanOrEqual(102);
    expect(bars[0]!.endsWith(']   0%  0/250 rows\x1b[K')).toBe(true);
    expect(bars.at(-1)!.endsWith('] 100%  250/250 rows\x1b[K')).toBe(true);
    const p = percents(bars);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThanOrEqual(p[i - 1]!);
    expect(r.tty.at(-1)).toBe('\r\x1b[K');
    expect(r.log.at(-1)).toEqual({ to: 'tty', text: '\r\x1b[K' });
  });

  it('with stdout on the same terminal, erases the bar before each output line', async () => {
    const r = await run(['predict', model, '--input', input], { isTTY: true }, true);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(rows);
    let barShown = false;
    for (const { to, text } of r.log) {
      if (to === 'stdout') expect(barShown).toBe(false);
      else barShown = text !== '\r\x1b[K';
    }
    expect(r.tty.filter((w) => w.startsWith('\rpredict [')).length).toBeGreaterThan(50);
  });

  it('draws nothing with --json, or when stderr is not a terminal', async () => {
    for (const [tty, json] of [
      [true, true],
      [false, false],
    ] as const) {
      const r = await run(['predict', model, '--input', input, ...(json ? ['--json'] : [])], { isTTY: tty });
      expect(r.code).toBe(0);
      expect(r.tty).toEqual([]);
      expect(r.stdout.length).toBe(rows);
    }
  });

  it('a bad row stops the bar where it was, erased, with the error', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, `${'{"features": [1, 2, 3, 4]}\n'.repeat(10)}{"features": [1, 2]}\n`);
    const r = await run(['predict', model, '--input', bad], { isTTY: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('input line 11 has 2 features; the model expects 4');
    expect(r.stdout.length).toBe(10);
    const bars = r.tty.filter((w) => w.startsWith('\rpredict ['));
    expect(percents(bars).at(-1)).toBe(90); // 10 of the 11 rows (the total counts rows, not valid rows)
    expect(r.tty.at(-1)).toBe('\r\x1b[K');
  });
});
