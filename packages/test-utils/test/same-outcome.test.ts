/**
 * One parser decides for every backend (issue 17 part 2, issue 18): hdf5-js, hdf5-wasm and hdf5-node
 * end every hostile-corpus file and a seeded sample of fuzzer outputs the same way, with the same
 * code, and read bit-identical values from the files they accept, loading whole and predicting
 * lazily. In-process: with hdf5-js deciding first, no file reaches libhdf5 that could crash it (the
 * isolated runs in hostile.test.ts and fuzz.test.ts would pin a crash to its file).
 */
import { join } from 'node:path';
import type { StorageBackend } from '@icepickle/core';
import { hdf5Js } from '@icepickle/hdf5-js';
import { hdf5Node, isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { sameOutcome } from '../src/conformance/same-outcome.js';
import { repoRoot } from '../src/fixtures.js';
import { type FuzzSeed, fuzzCase, loadSeeds, prepareSeeds } from '../src/fuzz.js';
import { hostileCases, hostileDir } from '../src/hostile.js';

const FUZZ_CASES = 300;
const FUZZ_SEED = 20261207;

const hasNative = isHdf5NodeAvailable();
if (!hasNative && process.env.CI) throw new Error('the @icepickle/hdf5-node addon is required under CI=true');
const backends: Record<string, StorageBackend> = {
  'hdf5-js': hdf5Js(),
  'hdf5-wasm': hdf5Wasm(),
  ...(hasNative ? { 'hdf5-node': hdf5Node() } : {}),
};

const cases = hostileCases();

describe('the hostile corpus ends the same way on every backend', () => {
  it.each(Object.keys(cases).sort())(
    '%s',
    async (name) => {
      const c = cases[name]!;
      const { outcomes, differ } = await sameOutcome(join(hostileDir, name), backends, c.estimator);
      expect(differ, JSON.stringify(outcomes, null, 1)).toEqual([]);
      const { eager, lazy } = outcomes['hdf5-js']!;
      expect(eager.code, eager.detail).toBe(c.code ?? 'OK');
      const lazyCode = c.lazy === undefined ? c.code : c.lazy;
      expect(lazy.code, lazy.detail).toBe(lazyCode ?? 'OK');
    },
    120_000,
  ); // many-objects.h5 lists 10,001 objects six times
});

describe('fuzzer outputs end the same way on every backend', () => {
  let seeds: FuzzSeed[];
  beforeAll(async () => {
    const dir = join(repoRoot, '.tmp', `same-outcome-seeds-${process.pid}`);
    await prepareSeeds(dir, hdf5Wasm());
    seeds = loadSeeds(dir).filter((s) => s.kind === 'model');
  }, 120_000);

  it(`${FUZZ_CASES} seeded cases: same code and bit-identical values, nothing untyped`, async () => {
    const differ: string[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < FUZZ_CASES; i++) {
      const c = fuzzCase(seeds, FUZZ_SEED, i);
      const r = await sameOutcome(c.bytes, backends, c.seed.estimator);
      const js = r.outcomes['hdf5-js']!;
      codes.set(js.eager.code, (codes.get(js.eager.code) ?? 0) + 1);
      if (r.differ.length > 0 || js.eager.code === 'UNTYPED' || js.lazy.code === 'UNTYPED')
        differ.push(`case ${i} (${c.seed.file}: ${c.description}): ${JSON.stringify(r.outcomes)}`);
    }
    expect(differ).toEqual([]);
    // the sample reaches both sides: files that load, and files refused
    expect(codes.get('OK')).toBeGreaterThan(10);
    expect(FUZZ_CASES - (codes.get('OK') ?? 0)).toBeGreaterThan(10);
  }, 600_000);
});
