/**
 * A bounded mutation fuzz of hdf5-js (test-utils' fuzzCase: bit flips, byte runs, truncations,
 * splices, copied regions of valid model files and collections): every case must end in a typed
 * outcome (an IcepickleError or a loaded model) within 5 s, loading whole and predicting lazily.
 * Cases are a pure function of (seed, index), so a failure is reproduced from its numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import {
  type FuzzSeed,
  type HostileOutcome,
  fuzzCase,
  loadHostile,
  loadSeeds,
  predictLazily,
  prepareSeeds,
} from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hdf5Js } from '../src/node.js';

const SEED = 17;
const CASES = 3000;
const backend = hdf5Js({ writer: hdf5Wasm() });
let dir: string;
let seeds: FuzzSeed[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hdf5-js-fuzz-'));
  await prepareSeeds(dir, backend);
  seeds = loadSeeds(dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function within(ms: number, run: () => Promise<HostileOutcome>): Promise<HostileOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<HostileOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ code: 'HANG', message: `no outcome within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([run(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('hdf5-js under mutation fuzzing', () => {
  it(`ends ${CASES} mutated files (seed ${SEED}) with typed outcomes, never untyped or hanging`, async () => {
    const bad: string[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const c = fuzzCase(seeds, SEED, i);
      for (const run of [
        () => loadHostile(c.bytes, backend, c.seed.estimator),
        () => predictLazily(c.bytes, backend),
      ]) {
        const outcome = await within(5000, run);
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
        if (outcome.code === 'UNTYPED' || outcome.code === 'HANG')
          bad.push(`case ${i} (${c.description}): ${outcome.code} ${outcome.message.slice(0, 300)}`);
      }
    }
    expect(bad, JSON.stringify(Object.fromEntries(codes))).toEqual([]);
    expect(codes.get('OK') ?? 0).toBeGreaterThan(0); // the fuzzer also makes files that still load
  }, 300_000);
});
