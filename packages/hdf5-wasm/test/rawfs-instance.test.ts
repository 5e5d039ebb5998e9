/**
 * The streaming writer's own h5wasm instance (NODERAWFS) under many failed writes and after a trap.
 * Before settle reached it, each failed write left ~1 KB of its stack and an open file descriptor of
 * the process behind: after 2,000-3,000 failures it aborted, and every later streaming write failed.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { hdf5Wasm } from '../src/node.js';
import { RETIRE_AFTER_ERRORS } from '../src/h5wasm-module.js';
import { leaseRawfs } from '../src/rawfs-instance.js';

const backend = hdf5Wasm();
const dir = mkdtempSync(join(tmpdir(), 'icepickle-rawfs-'));
const spec = { streamed: [{ path: 'coef', dtype: 'float64' as const, shape: [2, 3] }], datasets: [] };
const openDescriptors = () => readdirSync('/proc/self/fd').length;

async function failures(n: number): Promise<Set<string>> {
  const codes = new Set<string>();
  for (let i = 0; i < n; i++) {
    try {
      await backend.createWriter!(join(dir, 'no-such-folder', `m${i}.h5`), spec);
      codes.add('created');
    } catch (e) {
      codes.add(isIcepickleError(e) ? e.code : String(e));
    }
  }
  return codes;
}

async function writeValid(name: string, values: number[]): Promise<number[]> {
  const path = join(dir, name);
  const writer = await backend.createWriter!(path, spec);
  await writer.write('coef', [0, 0], [2, 3], Float64Array.from(values));
  await writer.close();
  const file = await backend.open(new Uint8Array(readFileSync(path)));
  const data = Array.from((await file.read('/coef')).data as Float64Array);
  await file.close();
  return data;
}

/** The module of the instance a new writer would get now. */
async function currentModule(): Promise<object> {
  const lease = await leaseRawfs('test');
  lease.release();
  return lease.module;
}

describe('hdf5-wasm streaming writer: its h5wasm instance', () => {
  it('2,500 failed writes leave no file descriptor open, and a valid write follows on the same instance', async () => {
    expect(await writeValid('first.h5', [1, 2, 3, 4, 5, 6])).toEqual([1, 2, 3, 4, 5, 6]);
    const module = await currentModule();
    const before = openDescriptors();
    expect([...(await failures(2500))]).toEqual(['WRITE_FAILED']);
    expect(openDescriptors()).toBeLessThanOrEqual(before + 1);
    expect(await currentModule()).toBe(module);
    expect(await writeValid('after.h5', [6, 5, 4, 3, 2, 1])).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it(`is replaced after ${RETIRE_AFTER_ERRORS} errors; a writer open on the old one finishes there, then the old one is emptied`, async () => {
    const old = await currentModule();
    const open = await backend.createWriter!(join(dir, 'across.h5'), spec);
    await failures(RETIRE_AFTER_ERRORS);
    const fresh = await currentModule();
    expect(fresh).not.toBe(old);
    expect(Reflect.ownKeys(old).length).toBeGreaterThan(0); // still in use by `open`
    await open.write('coef', [0, 0], [2, 3], Float64Array.of(1, 1, 2, 3, 5, 8));
    await open.close();
    // nothing of the old instance stays reachable through its module object (accessors included)
    expect(Reflect.ownKeys(old)).toEqual([]);
    const file = await backend.open(new Uint8Array(readFileSync(join(dir, 'across.h5'))));
    expect(Array.from((await file.read('/coef')).data as Float64Array)).toEqual([1, 1, 2, 3, 5, 8]);
    await file.close();
    expect(await writeValid('on-fresh.h5', [0, 1, 0, 1, 0, 1])).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('after a trap, writers on the trapped instance fail typed and the next writer gets a fresh instance', async () => {
    const writer = await backend.createWriter!(join(dir, 'trapped.h5'), spec);
    const lease = await leaseRawfs('test');
    const trapped = lease.module;
    lease.trapped();
    lease.release();
    const error = await writer.write('coef', [0, 0], [2, 3], new Float64Array(6)).catch((e: unknown) => e);
    expect(isIcepickleError(error) && error.code).toBe('WRITE_FAILED');
    expect(String((error as Error).message)).toMatch(/h5wasm crashed during another streaming write/);
    await writer.abort();
    expect(readdirSync(dir).filter((f) => f.includes('trapped'))).toEqual([]);
    // a fresh import: the module cache alone would hand back the trapped instance
    expect(await currentModule()).not.toBe(trapped);
    expect(await writeValid('after-trap.h5', [9, 8, 7, 6, 5, 4])).toEqual([9, 8, 7, 6, 5, 4]);
  });
});
