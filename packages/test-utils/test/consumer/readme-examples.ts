import { readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';

/**
 * A README's TypeScript example, as the consumer check treats it. The fence's info string says how:
 * - ```ts            a standalone example: compiled under node16 and bundler, then run with Node;
 * - ```ts <tag>      (skip-test, quickstart-pipeline, ...) compiled only: it needs a server, a browser, a user's
 *                    file or Python's icepickle_ts to run;
 * - ```ts fragment   not standalone (names defined elsewhere in the text): neither compiled nor run.
 */
export interface ReadmeExample {
  /** e.g. `core-3`: the README's folder and the example's position in it. */
  id: string;
  /** README path relative to the repository root. */
  readme: string;
  line: number;
  code: string;
  run: boolean;
}

export function readmeExamples(markdownPath: string): ReadmeExample[] {
  const text = readFileSync(markdownPath, 'utf8');
  const folder = dirname(markdownPath) === repoRoot ? 'root' : basename(dirname(markdownPath));
  const out: ReadmeExample[] = [];
  const fence = /^```(?:ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const tags = m[1]!.trim().split(/\s+/).filter(Boolean);
    if (tags.includes('fragment')) continue;
    out.push({
      id: `${folder}-${out.length + 1}`,
      readme: relative(repoRoot, markdownPath),
      line: text.slice(0, m.index).split('\n').length,
      code: m[2]!,
      run: tags.length === 0,
    });
  }
  return out;
}
