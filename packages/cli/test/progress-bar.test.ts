import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, main } from '@icepickle/cli';
import { SGDClassifier, loadCoefficients, saveCoefficients } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { barLine } from '../src/progress-bar.js';
import { models } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'icepickle-cli-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A 4 × 60,000 model (1.9 MB of coef): a convert in blocks draws a bar of several steps. */
async function bigModel(): Promise<string> {
  const path = join(tmp, 'big.h5');
  if (existsSync(path)) return path;
  let s = 11;
  const coef = Float64Array.from({ length: 4 * 60_000 }, () => ((s = (s * 48271) % 2147483647) / 2147483647) * 2 - 1);
  const m = new SGDClassifier().setCoefficients({
    coef,
    coefShape: [4, 60_000],
    intercept: Float64Array.of(1, 2, 3, 4),
    interceptShape: [4],
    classes: [0, 1, 2, 3],
  });
  await saveCoefficients(m, path, { backend: hdf5Wasm() });
  return path;
}

/** Runs the CLI in-process with `progress` as stderr's terminal (or not). */
async function run(args: string[], progress: CliIo['progress']) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readText: async () => '',
    ...(progress ? { progress } : {}),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function fakeTerminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (t: string) => void writes.push(t) } };
}

describe('barLine', () => {
  it('shows the phase, the fraction, megabytes and an ETA, fitted to the terminal', () => {
    const line = barLine({ done: 5e8, total: 2e9, unit: 'bytes', phase: 'coef' }, 'convert', 100, 10_000);
    expect(line).toBe(`convert coef [${'#'.repeat(10)}${'-'.repeat(30)}]  25%  500.0/2000.0 MB  ETA 30s`);
    expect(barLine({ done: 3, total: 3, unit: 'epochs' }, 'fit', 40, 1).length).toBeLessThanOrEqual(39);
    expect(barLine({ done: 3, total: 3, unit: 'epochs' }, 'fit', 80, 1)).toMatch(/100% {2}3\/3 epochs$/);
  });
});

describe('icepickle convert progress', () => {
  it('draws a bar on a terminal, monotonic to 100%, then erases it; the output file is the same', async () => {
    const src = await bigModel();
    const { writes, stream } = fakeTerminal(true);
    const out = join(tmp, 'bar.h5');
    const r = await run(['convert', src, out, '--layout', 'column-chunked'], stream);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('coef layout column-chunked');
    const bars = writes.filter((w) => w.startsWith('\rconvert coef ['));
    expect(bars.length).toBeGreaterThanOrEqual(2);
    expect(bars.length).toBeLessThanOrEqual(102);
    const percents = bars.map((b) => Number(/\] +(\d+)%/.exec(b)![1]));
    expect(percents[0]).toBe(0);
    expect(percents[percents.length - 1]).toBe(100);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]!);
    expect(bars.every((b) => b.endsWith('\x1b[K'))).toBe(true);
    expect(writes[writes.length - 1]).toBe('\r\x1b[K');
    const backend = hdf5Wasm();
    const a = await loadCoefficients(new SGDClassifier(), src, { backend });
    const b = await loadCoefficients(new SGDClassifier(), out, { backend });
    expect(b.getCoefficients()).toEqual(a.getCoefficients());
  });

  it('draws nothing with --json, or when stderr is not a terminal', async () => {
    const src = await bigModel();
    for (const [tty, json] of [
      [true, true],
      [false, false],
    ] as const) {
      const { writes, stream } = fakeTerminal(tty);
      const r = await run(
        ['convert', src, join(tmp, `quiet-${tty}.h5`), '--layout', 'gzip', ...(json ? ['--json'] : [])],
        stream,
      );
      expect(r.code).toBe(0);
      expect(writes).toEqual([]);
      if (json) expect(JSON.parse(r.stdout)).toMatchObject({ layout: 'gzip', kind: 'model' });
    }
  });

  it('copies a Python file without --estimator as is: h5py reads the same datasets and attributes', async () => {
    const src = join(models, 'logreg_iris.h5');
    for (const layout of ['column-chunked', 'float32', 'gzip', 'sparse']) {
      const out = join(tmp, `python-${layout}.h5`);
      expect((await run(['convert', src, out, '--layout', layout], undefined)).code).toBe(0);
      if (!hasSklearn()) continue;
      const dump = `import h5py, json, sys
f = h5py.File(json.load(sys.stdin), "r")
out = {k: f[k][()].tolist() for k in ("intercept", "classes")}
out["coef"] = f["coef"][()].tolist() if "coef" in f else None
out["attrs"] = sorted(k for k in f.attrs.keys() if not k.startswith("coef_"))
print(json.dumps(out))`;
      const got = runPythonCode<Record<string, unknown>>(dump, out);
      const want = runPythonCode<Record<string, unknown>>(dump, src);
      expect(got.intercept).toEqual(want.intercept);
      expect(got.classes).toEqual(want.classes);
      expect(got.attrs).toEqual(want.attrs);
      if (layout === 'sparse') expect(got.coef).toBeNull();
      else if (layout === 'float32')
        expect(got.coef).toEqual((want.coef as number[][]).map((row) => row.map(Math.fround)));
      else expect(got.coef).toEqual(want.coef);
    }
  });
});

const pkg = (name: string) => join(repoRoot, 'packages', name);
const bin = join(pkg('cli'), 'dist', 'bin.js');
const built = ['core', 'featurizers', 'hdf5-wasm', 'hdf5-js', 'cli'];

/** The built bin in a child process (as bin.test.ts): CI builds every package first; locally we build. */
function ensureBuilt(): void {
  const missing = built.filter(
    (p) => !existsSync(join(pkg(p), 'dist', 'index.js')) && !existsSync(join(pkg(p), 'dist', 'node.js')),
  );
  if (missing.length === 0 && existsSync(bin)) return;
  if (process.env.CI) throw new Error(`${missing.join(', ')} not built: the CI builds every package before the tests`);
  for (const p of built) {
    const r = spawnSync('pnpm', ['run', 'build'], { cwd: pkg(p), encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }
}

describe.runIf(process.platform === 'linux')('the bin under a pseudo-terminal (script -qc)', () => {
  it('draws the bar on a pty, and nothing on a pipe', { timeout: 900_000 }, async () => {
    ensureBuilt();
    const src = await bigModel();
    const out = join(tmp, 'pty.h5');
    const command = `${process.execPath} ${bin} convert ${src} ${out} --layout column-chunked --force`;
    // script gives the child a pty for stdin, stdout and stderr, and copies what it writes to our stdout
    const pty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    expect(pty.status, pty.stderr).toBe(0);
    expect(pty.stdout).toMatch(/\rconvert coef \[#+\] 100% {2}1\.9\/1\.9 MB/);
    expect(pty.stdout).toContain('\r\x1b[K');
    expect(pty.stdout).toContain('coef layout column-chunked');
    const piped = spawnSync(process.execPath, [bin, 'convert', src, out, '--layout', 'gzip', '--force'], {
      encoding: 'utf8',
    });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  });
  it('predict draws its bar on a pty while stdout goes to a file, and nothing on a pipe', {
    timeout: 900_000,
  }, async () => {
    ensureBuilt();
    const src = await bigModel();
    const input = join(tmp, 'rows.jsonl');
    const lines = Array.from({ length: 300 }, (_v, i) => `{"indices": [${i}, ${59_000 + i}], "data": [1, -0.5]}`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(tmp, 'predictions.jsonl');
    const command = `${process.execPath} ${bin} predict ${src} --input ${input} --estimator SGDClassifier > ${out}`;
    const pty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    expect(pty.status, pty.stderr).toBe(0);
    expect(pty.stdout).toMatch(/\rpredict \[#+\] 100% {2}300\/300 rows/);
    expect(pty.stdout.endsWith('\r\x1b[K')).toBe(true);
    const predictions = readFileSync(out, 'utf8');
    const piped = spawnSync(process.execPath, [bin, 'predict', src, '--input', input, '--estimator', 'SGDClassifier'], {
      encoding: 'utf8',
    });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(predictions);
    expect(predictions.trim().split('\n')).toHaveLength(300);
  });
});
