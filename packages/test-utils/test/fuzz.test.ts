/**
 * A seeded sample of the mutation fuzzer (`pnpm fuzz` runs ≥ 10,000 cases per backend): every damaged
 * file ends in a typed error or a valid model, within 5 s, without crashing the process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/fixtures.js';
import { fuzzCase, loadSeeds, prepareSeeds } from '../src/fuzz.js';
import { type ItemOutcome, opensDuringItems, runIsolated } from '../src/isolated-runner.js';

const CASES = 300;
const SEED = 20261123;
const seedDir = join(repoRoot, '.tmp', `fuzz-seeds-test-${process.pid}`);
const hasNative = isHdf5NodeAvailable();
if (!hasNative && process.env.CI) throw new Error('the @icepickle/hdf5-node addon is required under CI=true');
const backends = (['hdf5-wasm', 'hdf5-node'] as const).filter((b) => b === 'hdf5-wasm' || hasNative);
const hasStrace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
if (!hasStrace && process.env.CI) throw new Error('strace is required under CI=true (apt-get install -y strace)');
const outcomes = new Map<string, ItemOutcome[]>();
const outside = new Map<string, Array<{ i: number; path: string }>>();

beforeAll(async () => {
  await prepareSeeds(seedDir, hdf5Wasm());
  await Promise.all(
    backends.map(async (backend) => {
      const straceDir = join(repoRoot, '.tmp', 'strace');
      mkdirSync(straceDir, { recursive: true });
      const r = await runIsolated(
        { kind: 'fuzz', backend, seedDir, seed: SEED, start: 0, end: CASES },
        { timeoutMs: 5000, strace: hasStrace ? join(straceDir, `fuzz-test-${backend}-${process.pid}`) : undefined },
      );
      outcomes.set(backend, r.outcomes);
      const opens = r.straceLogs.filter((l) => existsSync(l)).flatMap((l) => opensDuringItems(readFileSync(l, 'utf8')));
      r.straceLogs.forEach((l) => rmSync(l, { force: true }));
      outside.set(backend, opens);
    }),
  );
}, 180_000);
afterAll(() => rmSync(seedDir, { recursive: true, force: true }));

describe('fuzz cases', () => {
  it('are a pure function of (seed, index) and mutate their seed file', () => {
    const seeds = loadSeeds(seedDir);
    expect(seeds.map((s) => s.kind)).toContain('collection');
    const a = fuzzCase(seeds, SEED, 7);
    const b = fuzzCase(seeds, SEED, 7);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.description).toBe(b.description);
    const changed = Array.from({ length: 50 }, (_, i) => fuzzCase(seeds, SEED, i)).filter(
      (c) => !Buffer.from(c.bytes).equals(Buffer.from(c.seed.bytes)),
    );
    expect(changed.length).toBeGreaterThan(40);
  });
});

describe.each(backends)('%s on damaged files', (backend) => {
  it(`ends each of ${CASES} cases in a typed error or a valid model, never a crash or a hang`, () => {
    const all = outcomes.get(backend)!;
    expect(all.filter((o) => o.code !== 'POISONED')).toHaveLength(CASES);
    const bad = all
      .filter((o) => o.code === 'CRASH' || o.code === 'HANG' || o.code === 'UNTYPED' || o.code === 'POISONED')
      .map((o) => `${o.i} ${o.code}: ${o.message.slice(0, 200)}`);
    expect(bad).toEqual([]);
    const codes = new Set(all.map((o) => o.code));
    // the sample reaches past the signature check: valid models, damaged structures, refused shapes
    expect(codes).toContain('OK');
    expect(codes).toContain('NOT_HDF5');
    expect(codes).toContain('READ_FAILED');
    expect(Math.max(...all.map((o) => o.ms))).toBeLessThan(5000);
  });

  it.runIf(hasStrace)('opens no file at all while a case loads (cases are bytes in memory)', () => {
    expect(outside.get(backend)).toEqual([]);
  });
});
