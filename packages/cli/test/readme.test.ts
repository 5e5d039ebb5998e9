/**
 * Runs every `$ icepickle ...` line of README.md (```sh blocks, except ```sh skip-test) in-process from
 * the repository root and compares the output with the lines under it. A line ending in `...`
 * matches as a prefix; `# exit N` after a command is its expected exit code (default 0).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from './helpers.js';

interface Example {
  args: string[];
  exit: number;
  expected: string[];
  line: number;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /^```sh([^\n]*)\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    if (m[1]!.includes('skip-test')) continue;
    const first = markdown.slice(0, m.index).split('\n').length + 1;
    m[2]!.split('\n').forEach((text, k) => {
      const cmd = /^\$ icepickle (.*?)(?:\s+# exit (\d+))?$/.exec(text);
      if (cmd)
        out.push({ args: cmd[1]!.trim().split(/\s+/), exit: Number(cmd[2] ?? 0), expected: [], line: first + k });
      else if (out.length > 0 && text !== '' && out[out.length - 1]!.line >= first)
        out[out.length - 1]!.expected.push(text);
    });
  }
  return out;
}

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const all = examples(readme);
const cwd = process.cwd();
beforeAll(() => {
  process.chdir(repoRoot);
  mkdirSync('.tmp', { recursive: true }); // the examples write scratch files there (gitignored)
});
afterAll(() => process.chdir(cwd));

it('README has examples for every command', () => {
  for (const c of ['inspect', 'audit', 'predict', 'convert']) expect(all.some((e) => e.args[0] === c)).toBe(true);
});

it.each(all.map((e) => [`line ${e.line}: icepickle ${e.args.join(' ')}`, e] as const))('%s', async (_, e) => {
  const r = await cli(e.args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(e.exit);
  const got = r.stdout.trimEnd().split('\n');
  expect(got).toHaveLength(e.expected.length);
  e.expected.forEach((want, i) => {
    if (want.endsWith('...')) expect(got[i]!.startsWith(want.slice(0, -3)), `${got[i]} starts with ${want}`).toBe(true);
    else expect(got[i]).toBe(want);
  });
});
