/** One smoke test of the built bin (dist/bin.js, as npm links it): the process, its output and exit codes. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';
import { expect, it } from 'vitest';

const pkg = join(repoRoot, 'packages', 'cli');
const bin = join(pkg, JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).bin.icepickle as string);

it('the built icepickle bin audits, refuses and explains, with the right exit codes', () => {
  if (!existsSync(bin)) {
    if (process.env.CI) throw new Error(`${bin} is missing: the CI builds every package before the tests`);
    const build = spawnSync('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json'], { cwd: pkg, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  const ok = run('audit', 'packages/test-utils/fixtures/sklearn/models/logreg_iris.h5', '--json');
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, backend: 'hdf5-wasm', violations: [] });
  const bad = run('audit', 'packages/test-utils/fixtures/hostile/virtual-dataset.h5');
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain('no-virtual-datasets');
  const pickle = run('inspect', 'packages/test-utils/fixtures/hostile/pickle.h5');
  expect(pickle.status).toBe(1);
  expect(pickle.stderr).toMatch(/^icepickle inspect: .*NOT_HDF5/);
  expect(pickle.stderr).not.toMatch(/\n\s+at /);
  expect(run('frobnicate').status).toBe(2);
});
