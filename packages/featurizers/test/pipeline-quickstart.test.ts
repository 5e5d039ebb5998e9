/**
 * The root README's "A whole pipeline, trained in Python, served in Node": its Python block runs with
 * /usr/bin/python3 (icepickle_ts from python/), then its TypeScript block runs as written.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasSklearn, python, repoRoot } from '@icepickle/test-utils';
import { afterAll, expect, it } from 'vitest';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const block = (lang: string) =>
  new RegExp(`^\`\`\`${lang} quickstart-pipeline\\n([\\s\\S]*?)^\`\`\``, 'm').exec(readme)?.[1];
const dir = join(repoRoot, 'packages', 'featurizers', 'test', '.quickstart');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.runIf(hasSklearn())('the README trains in Python and serves in Node', async () => {
  const py = block('python');
  const ts = block('ts');
  expect(py).toBeDefined();
  expect(ts).toBeDefined();
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  const r = spawnSync(python, ['-c', py!], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: join(repoRoot, 'python'), PYTHONDONTWRITEBYTECODE: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'quickstart.ts');
  writeFileSync(file, `${ts}\nexport {};\n`);
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    await import(/* @vite-ignore */ `${file}?t=${Date.now()}`);
  } finally {
    process.chdir(cwd);
  }
});
