import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, it } from 'vitest';
import { repoRoot } from './fixtures.js';

/**
 * The ```ts blocks of a markdown file, except those fenced as ```ts skip-test (they compile but need a server, a
 * browser or a user's file to run) or ```ts fragment (not standalone); the consumer check reads the same tags.
 */
function readmeExamples(markdownPath: string): { code: string; line: number }[] {
  const text = readFileSync(markdownPath, 'utf8');
  const out: { code: string; line: number }[] = [];
  const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    if (m[2]!.includes('skip-test') || m[2]!.includes('fragment')) continue;
    out.push({ code: m[3]!, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

/**
 * Runs every TypeScript example of a README as a test, from the repository root (so paths such as
 * `packages/test-utils/fixtures/sklearn/models/logreg_iris.h5` resolve). Examples check themselves with node:assert.
 */
export function testReadmeExamples(markdownPath: string): void {
  const examples = readmeExamples(markdownPath);
  const dir = join(dirname(markdownPath), 'test', '.readme-examples');
  mkdirSync(dir, { recursive: true });
  // Examples may write scratch files under .tmp/ (gitignored).
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  if (examples.length === 0) {
    it(`${markdownPath} has TypeScript examples`, () => {
      throw new Error(`no \`\`\`ts examples in ${markdownPath}`);
    });
  }
  examples.forEach(({ code, line }, i) => {
    it(`README example ${i + 1} (line ${line}) runs`, async () => {
      const file = join(dir, `example-${i + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      const cwd = process.cwd();
      process.chdir(repoRoot);
      try {
        await import(/* @vite-ignore */ `${file}?t=${Date.now()}`);
      } finally {
        process.chdir(cwd);
      }
    });
  });
}

/** One `$ icepickle ...` line of a README's ```sh block, with its expected exit code and output. */
export interface ShellExample {
  /** The arguments after `icepickle` (split on whitespace: the examples quote nothing). */
  args: string[];
  /** `# exit N` after the command; 0 otherwise. */
  exit: number;
  /** The lines under it; one ending in `...` matches as a prefix. */
  expected: string[];
  /** Its line in the README. */
  line: number;
}

/** Every `$ icepickle ...` line of the ```sh blocks of a markdown text, except those fenced ```sh skip-test. */
export function readmeShellExamples(markdown: string): ShellExample[] {
  const out: ShellExample[] = [];
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

/** The lines of `stdout` that differ from an example's expected output (none when it matches). */
export function shellOutputMismatches(example: ShellExample, stdout: string): string[] {
  const got = stdout.trimEnd().split('\n');
  const bad: string[] = [];
  if (got.length !== example.expected.length)
    bad.push(`${got.length} lines instead of ${example.expected.length}:\n${stdout}`);
  example.expected.forEach((want, i) => {
    const line = got[i] ?? '';
    const ok = want.endsWith('...') ? line.startsWith(want.slice(0, -3)) : line === want;
    if (!ok) bad.push(`line ${i + 1}: got ${JSON.stringify(line)}, want ${JSON.stringify(want)}`);
  });
  return bad;
}
