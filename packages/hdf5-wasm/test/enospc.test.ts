/**
 * A full disk: a streamed save into a 1 MiB tmpfs fails typed, and once space is freed the next save
 * in the same process succeeds (the failed writer closed and deleted its temp file, even after ENOSPC).
 * Needs root (mount); under CI=true it must run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-enospc-'));
const canMount =
  process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status === 0;
if (!canMount && process.env.CI) throw new Error('the ENOSPC test needs root (mount -t tmpfs) under CI=true');

afterAll(() => {
  if (canMount) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** Bytes in use on the tmpfs. */
function used(): number {
  const s = statfsSync(dir);
  return (s.blocks - s.bfree) * s.bsize;
}

/** Streams one float64 row of `n` values to `target`; the writer is aborted if anything fails. */
async function save(target: string, n: number): Promise<string> {
  const backend = hdf5Wasm();
  const writer = await backend.createWriter!(target, {
    datasets: [],
    streamed: [{ path: 'coef', dtype: 'float64', shape: [1, n] }],
  });
  try {
    await writer.write('coef', [0, 0], [1, n], new Float64Array(n).fill(0.5));
    await writer.close();
    return 'OK';
  } catch (error) {
    await writer.abort();
    return isIcepickleError(error) ? error.code : `UNTYPED ${String(error)}`;
  }
}

describe.runIf(canMount)('hdf5-wasm streaming writer on a full disk', () => {
  beforeAll(() => {
    expect(used()).toBeLessThan(64 * 1024);
  });

  it('fails typed, releases its temp file, and the next save succeeds once space is freed', async () => {
    const filler = join(dir, 'filler');
    writeFileSync(filler, new Uint8Array(700 * 1024));
    // 400 KB of coefficients cannot fit next to 700 KB in 1 MiB
    const outcome = await save(join(dir, 'model.h5'), 50_000);
    expect(outcome).toMatch(/^(WRITE_FAILED|LIMIT_EXCEEDED|IO_ERROR)/);
    expect(readdirSync(dir)).toEqual(['filler']);
    rmSync(filler);
    // nothing of the failed save holds space (a deleted temp file kept open would)
    expect(used()).toBeLessThan(64 * 1024);
    expect(await save(join(dir, 'model.h5'), 50_000)).toBe('OK');
    expect(existsSync(join(dir, 'model.h5'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['model.h5']);
  });
});
