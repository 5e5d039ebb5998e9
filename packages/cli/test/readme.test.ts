/**
 * Runs every `$ icepickle ...` line of README.md (```sh blocks, except ```sh skip-test) in-process, in a fresh
 * folder (the first example, `icepickle examples ex`, copies the files the others use), and compares the output
 * with the lines under it. A line ending in `...` matches as a prefix; `# exit N` after a command is its expected
 * exit code (default 0). The consumer check (packages/test-utils/test/consumer) runs the same lines through the
 * `icepickle` of an installed package.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeShellExamples, shellOutputMismatches } from '@icepickle/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from './helpers.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const all = readmeShellExamples(readme);
const cwd = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'icepickle-cli-readme-'));
beforeAll(() => process.chdir(work));
afterAll(() => {
  process.chdir(cwd);
  rmSync(work, { recursive: true, force: true });
});

it('README has examples for every command, the files they use copied first', () => {
  for (const c of ['inspect', 'audit', 'predict', 'convert', 'examples'])
    expect(all.some((e) => e.args[0] === c)).toBe(true);
  expect(all[0]!.args[0]).toBe('examples');
});

it.each(all.map((e) => [`line ${e.line}: icepickle ${e.args.join(' ')}`, e] as const))('%s', async (_, e) => {
  const r = await cli(e.args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(e.exit);
  expect(shellOutputMismatches(e, r.stdout)).toEqual([]);
});
