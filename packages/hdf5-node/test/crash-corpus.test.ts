/**
 * Damaged files never crash or hang the process: 200 mutated model files (truncations, bit flips,
 * byte runs, splices, garbage behind a signature) are opened, listed and read through hdf5Node()
 * (hdf5-js decides first) in a child process (scripts/fuzz-corpus.mjs), so a crash inside libhdf5
 * shows up as a failed case here, not as a dead test runner. The children run TypeScript sources. Bigger runs: `pnpm --filter @icepickle/hdf5-node fuzz --cases 10000 --seed N`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { nativeAvailable, packageRoot } from './helpers.js';

const run = promisify(execFile);

describe.skipIf(!nativeAvailable())('crash corpus', () => {
  test('200 damaged files: every case is a success or a typed error', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(packageRoot, 'scripts', 'fuzz-corpus.mjs'), '--cases', '200', '--seed', '1', '--json'],
      { timeout: 280_000 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const summary = JSON.parse(stdout) as { counts: Record<string, number>; failures: unknown[] };
    expect(summary.failures).toEqual([]);
    expect(summary.counts.crash ?? 0).toBe(0);
    expect(summary.counts.hang ?? 0).toBe(0);
    // The corpus really is damaged: most cases fail, with typed errors.
    expect((summary.counts['error:NOT_HDF5'] ?? 0) + (summary.counts['error:READ_FAILED'] ?? 0)).toBeGreaterThan(80);
    expect(summary.counts.ok ?? 0).toBeGreaterThan(20);
  }, 300_000);

  test('the runner itself notices a crash (a child that segfaults is reported, not survived)', async () => {
    // --binding points the child at a module that kills its own process on the first open.
    const { stdout } = await run(
      process.execPath,
      [
        join(packageRoot, 'scripts', 'fuzz-corpus.mjs'),
        '--cases',
        '3',
        '--json',
        '--binding',
        join(packageRoot, 'test', 'crashing-binding.cjs'),
      ],
      { timeout: 110_000 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const summary = JSON.parse(stdout) as { counts: Record<string, number> };
    expect(summary.counts.crash).toBe(3);
  }, 120_000);
});
