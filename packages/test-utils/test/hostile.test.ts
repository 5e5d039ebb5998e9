/**
 * The hostile corpus (fixtures/generate_hostile.py → fixtures/hostile/) against both backends, each in
 * a child process (a crash or a hang > 5 s is pinned to its file) run under strace, which proves that
 * nothing but the model file itself is opened while a file loads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogisticRegression, loadCoefficients } from '@icepickle/core';
import { hdf5Node, isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileCases, hostileDir } from '../src/hostile.js';
import { python } from '../src/python.js';
import { type ItemOutcome, openedPaths, runIsolated } from '../src/isolated-runner.js';
import { repoRoot } from '../src/fixtures.js';

const cases = hostileCases();
const files = Object.keys(cases)
  .sort()
  .map((name) => ({ name, path: join(hostileDir, name), estimator: cases[name]!.estimator }));

function available(what: string, ok: boolean): boolean {
  if (!ok && process.env.CI) throw new Error(`${what} is required under CI=true`);
  return ok;
}
const hasStrace = available(
  'strace (apt-get install -y strace)',
  spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0,
);
const hasNative = available('the @icepickle/hdf5-node addon', isHdf5NodeAvailable());
const backends = (['hdf5-wasm', 'hdf5-node'] as const).filter((b) => b === 'hdf5-wasm' || hasNative);

/**
 * Backend bugs this corpus found and that are not fixed yet (reported to the lead). Each is an
 * `it.fails`: it passes while the bug is there and turns red once fixed — then delete the entry.
 */
const KNOWN: Record<string, string> = {};

const results = new Map<string, { outcomes: Map<number, ItemOutcome>; straceLogs: string[] }>();

beforeAll(async () => {
  const dir = join(repoRoot, '.tmp', 'strace');
  mkdirSync(dir, { recursive: true });
  await Promise.all(
    backends.map(async (backend) => {
      const { outcomes, straceLogs } = await runIsolated(
        { kind: 'files', backend, files, start: 0 },
        // an item is an eager load and a lazy open + prediction (each held to 5 s below), under strace
        { timeoutMs: 20_000, strace: hasStrace ? join(dir, `hostile-${backend}-${process.pid}`) : undefined },
      );
      results.set(backend, { outcomes: new Map(outcomes.map((o) => [o.i, o])), straceLogs });
    }),
  );
}, 300_000);

describe.each(backends)('hostile corpus on %s', (backend) => {
  files.forEach((file, i) => {
    const expected = cases[file.name]!;
    const known = KNOWN[`${backend}:${file.name}`];
    (known ? it.fails : it)(
      `${file.name} → ${expected.code ?? 'loads'} (${expected.rule})${known ? ` [known: ${known}]` : ''}`,
      () => {
        const outcome = results.get(backend)!.outcomes.get(i);
        expect(outcome, 'no outcome').toBeDefined();
        expect({ code: outcome!.code, message: outcome!.message }).toMatchObject({ code: expected.code ?? 'OK' });
        expect(outcome!.ms).toBeLessThan(5000);
        // a strict-profile refusal names its rule, and it must be the rule this file breaks
        const tag = /\[rule: ([^\]]+)\]/.exec(outcome!.message)?.[1];
        if (tag !== undefined) expect(tag).toBe(expected.rule);
      },
    );
  });
});

describe.each(backends)('hostile corpus on %s, lazily (openLinearModel, then a prediction)', (backend) => {
  files.forEach((file, i) => {
    const expected = cases[file.name]!;
    const code = ('lazy' in expected ? expected.lazy : expected.code) ?? 'OK';
    it(`${file.name} → ${code} (${expected.rule})`, () => {
      const lazy = results.get(backend)!.outcomes.get(i)?.lazy;
      expect(lazy, 'no lazy outcome').toBeDefined();
      expect({ code: lazy!.code, message: lazy!.message }).toMatchObject({ code });
      expect(lazy!.ms).toBeLessThan(5000);
      const tag = /\[rule: ([^\]]+)\]/.exec(lazy!.message)?.[1];
      if (tag !== undefined) expect(tag).toBe(expected.rule);
    });
  });
});

describe.each(backends)('memory on %s', (backend) => {
  it('no child loading a corpus file (all under 1 MB), eagerly and lazily, goes over 512 MiB resident', () => {
    const sizes = files.map((f) => statSync(f.path).size);
    expect(Math.max(...sizes)).toBeLessThan(1 << 20);
    const peaks = [...results.get(backend)!.outcomes.values()]
      .filter((o) => o.peakRssMiB !== undefined && o.peakRssMiB >= 512)
      .map((o) => `${files[o.i]!.name}: ${Math.round(o.peakRssMiB!)} MiB`);
    expect(peaks).toEqual([]);
  });
});

describe.runIf(backends.length === 2)('both backends', () => {
  it('end every hostile file with the same outcome (known backend bugs aside)', () => {
    const [a, b] = backends.map((name) => results.get(name)!.outcomes);
    const differ = files
      .map((f, i) => ({ file: f.name, wasm: a!.get(i)?.code, native: b!.get(i)?.code }))
      .filter((r) => r.wasm !== r.native && !KNOWN[`hdf5-wasm:${r.file}`] && !KNOWN[`hdf5-node:${r.file}`]);
    expect(differ).toEqual([]);
  });
});

describe.runIf(hasStrace).each(backends)('strace of %s loading the corpus', (backend) => {
  it('opens only the model file while a file loads, and never the targets of links or external storage', () => {
    const logs = results.get(backend)!.straceLogs.filter((l) => existsSync(l));
    expect(logs.length).toBeGreaterThan(0);
    const violations: string[] = [];
    let opens = 0;
    for (const log of logs) {
      let current = -1;
      for (const path of openedPaths(readFileSync(log, 'utf8'))) {
        const marker = /^\/nonexistent-icepickle-marker\/(\d+)$/.exec(path);
        if (marker) {
          current = Number(marker[1]);
          continue;
        }
        if (
          /^\/etc\/(passwd|shadow|hostname)$/.test(path) ||
          (path.includes('/fixtures/hostile/') && (current < 0 || path !== files[current]!.path))
        ) {
          violations.push(`${current < 0 ? 'startup' : files[current]!.name}: opened ${path}`);
          continue;
        }
        if (current < 0) continue; // node, the addon and the sources loading before the first file
        if (path === files[current]!.path) {
          opens++;
          continue;
        }
        // lazily loaded runtime pieces, never data: /proc and /sys for the runtime, transpiled sources
        if (
          /^\/(proc|sys|dev)\//.test(path) ||
          path.includes('/.tmp/ts-cache/') ||
          path.includes('/node_modules/') ||
          (path.startsWith(join(repoRoot, 'packages')) && /\.(ts|js|mjs|json|node)$/.test(path))
        )
          continue;
        violations.push(`${files[current]!.name}: opened ${path}`);
      }
    }
    expect(violations).toEqual([]);
    // every file that exists and is not empty was opened by the backend
    expect(opens).toBeGreaterThanOrEqual(files.length - 1);
  });
});

describe.runIf(hasStrace && existsSync(python))('the strace check itself', () => {
  it('sees h5py follow external storage into /etc/hostname (what the backends must never do)', () => {
    const log = join(repoRoot, '.tmp', 'strace', `h5py-${process.pid}.log`);
    const file = join(hostileDir, 'external-storage-etc-hostname.h5');
    const r = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=open,openat,creat',
        '-o',
        log,
        python,
        '-c',
        'import sys, h5py\ntry:\n  h5py.File(sys.argv[1], "r")["coef"][()]\nexcept Exception as e:\n  print(e)',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const paths = openedPaths(readFileSync(log, 'utf8'));
    expect(paths).toContain(file);
    expect(paths).toContain('/etc/hostname');
  });
});

describe.runIf(hasNative)('hdf5-node loading bytes', () => {
  it('never depends on (or opens) files in the working directory named like its in-memory images', async () => {
    // libhdf5's core driver open()s the image's name; the addon used relative names
    // (icepickle-image-<n>.h5), so such a file in the cwd made every load of bytes fail
    const dir = mkdtempSync(join(tmpdir(), 'icepickle-cwd-'));
    const cwd = process.cwd();
    try {
      const decoy = join(hostileDir, 'valid.h5');
      for (let n = 1; n <= 300; n++) symlinkSync(decoy, join(dir, `icepickle-image-${n}.h5`));
      process.chdir(dir);
      const bytes = readFileSync(
        join(repoRoot, 'packages', 'test-utils', 'fixtures', 'sklearn', 'models', 'logreg_iris.h5'),
      );
      const backend = hdf5Node();
      for (let k = 0; k < 3; k++) {
        const m = await loadCoefficients(new LogisticRegression(), bytes, { backend });
        expect(m.getCoefficients().coefShape).toEqual([3, 4]);
      }
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
