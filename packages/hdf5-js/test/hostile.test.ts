/**
 * The hostile corpus (packages/test-utils/fixtures/hostile, made by generate_hostile.py) through
 * hdf5-js: every file ends with the outcome expected.json gives (the code, and the strict-profile rule
 * when the message names one), within 5 s, loading whole and predicting lazily. Pure TypeScript cannot
 * crash the process, so the files run in this process.
 */
import { join } from 'node:path';
import { type HostileOutcome, hostileCases, hostileDir, loadHostile, predictLazily } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { hdf5Js } from '../src/node.js';

const cases = hostileCases();
const backend = hdf5Js();

async function within(ms: number, run: () => Promise<HostileOutcome>): Promise<HostileOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<HostileOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ code: 'HANG', message: `no outcome within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function checkOutcome(outcome: HostileOutcome, code: string | null, rule: string): void {
  expect({ code: outcome.code, message: outcome.message }).toMatchObject({ code: code ?? 'OK' });
  const tag = /\[rule: ([^\]]+)\]/.exec(outcome.message)?.[1];
  if (tag !== undefined) expect(tag).toBe(rule);
}

describe('hostile corpus on hdf5-js', () => {
  const names = Object.keys(cases).sort();
  it.each(names)('%s loads with the expected outcome', async (name) => {
    const c = cases[name]!;
    const outcome = await within(5000, () => loadHostile(join(hostileDir, name), backend, c.estimator));
    checkOutcome(outcome, c.code, c.rule);
  });

  it.each(names)('%s predicts lazily with a typed outcome', async (name) => {
    const outcome = await within(5000, () => predictLazily(join(hostileDir, name), backend));
    expect(['UNTYPED', 'HANG']).not.toContain(outcome.code);
    // a file that loads whole also predicts lazily
    if (cases[name]!.code === null) expect(outcome.code, outcome.message).toBe('OK');
  });
});
