/**
 * Runs the Python companion's own pytest suite (python/tests, against /usr/bin/python3 and scikit-learn
 * 1.2.1) inside `npm test`: one vitest test per pytest case, so its cases count in the "N passed" line and
 * a failing case fails the run with pytest's report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSklearn, python, repoRoot } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

interface Case {
  id: string;
  outcome: 'passed' | 'failed' | 'skipped';
  report: string;
}

function runPytest(): { cases: Case[]; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'icepickle-pytest-'));
  try {
    const xml = join(dir, 'report.xml');
    const r = spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${xml}`, 'tests'], {
      cwd: join(repoRoot, 'python'),
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      maxBuffer: 1 << 26,
    });
    const output = `${r.stdout}\n${r.stderr}`;
    let text = '';
    try {
      text = readFileSync(xml, 'utf8');
    } catch {
      return { cases: [], output };
    }
    const cases: Case[] = [];
    for (const m of text.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const body = m[4] ?? '';
      const outcome = /<(failure|error)/.test(body) ? 'failed' : /<skipped/.test(body) ? 'skipped' : 'passed';
      cases.push({ id: `${m[1]}::${m[2]}`, outcome, report: body });
    }
    return { cases, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite = hasSklearn() ? runPytest() : undefined;

describe.runIf(suite !== undefined)('python/tests (pytest)', () => {
  it('collected the suite', () => {
    expect(suite!.cases.length, suite!.output).toBeGreaterThan(20);
  });
  for (const c of suite?.cases ?? []) {
    it(c.id, () => {
      expect(c.outcome, c.report).toBe('passed');
    });
  }
});
