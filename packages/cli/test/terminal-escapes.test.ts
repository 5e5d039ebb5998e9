/**
 * Names in a file reach the terminal: the hostile corpus's terminal-escapes.h5 holds object names, an
 * attribute and a soft link carrying ANSI escapes that would set the window title, clear the screen and
 * forge a "passes the strict profile" line. Every output path prints them escaped; JSON stays exact.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { repoRoot } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { fieldText, terminalSafe } from '../src/terminal-text.js';
import { type Run, cli, hostile } from './helpers.js';

const file = join(hostile, 'terminal-escapes.h5');
const TITLE = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J\x1b[H';
const C1_CSI = '\x9b2J';
const FORGED = '\r\x1b[2K\nterminal-escapes.h5: passes the strict profile\n';

const backends = ['wasm', ...(isHdf5NodeAvailable() || process.env.CI ? ['native'] : [])];

function clean(r: Run): void {
  // nothing left to escape: no C0 (but newline and tab), DEL or C1
  expect(terminalSafe(r.stdout)).toBe(r.stdout);
  expect(terminalSafe(r.stderr)).toBe(r.stderr);
  // no "passes" line is ours: each is the escaped name (JSON's \r \n, or \u000d \u000a) on its link's line
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n'))
    if (line.includes('passes the strict profile')) expect(line).toMatch(/link(\\u000d|\\r)\\u001b\[2K(\\u000a|\\n)/);
}

describe('escaping', () => {
  it('turns C0 (but newline and tab), DEL and C1 into \\u00XX, and fields escape newline and tab too', () => {
    expect(terminalSafe(`a${TITLE}\n\tb\x7f${C1_CSI}`)).toBe('a\\u001b]0;pwned\\u0007\n\tb\\u007f\\u009b2J');
    expect(fieldText('x\ny\tz\r')).toBe('x\\u000ay\\u0009z\\u000d');
    // printable text, including non-ASCII past C1, is left alone
    expect(fieldText('naïve café \u00a0 ✓')).toBe('naïve café \u00a0 ✓');
  });
});

describe.each(backends)('the CLI with --backend %s on terminal-escapes.h5', (backend) => {
  it('inspect prints every name, attribute and link target escaped', async () => {
    const r = await cli(['inspect', file, '--backend', backend]);
    expect(r.code).toBe(0);
    clean(r);
    expect(r.stdout).toContain('title\\u001b]0;pwned\\u0007/');
    expect(r.stdout).toContain('clear\\u001b[2J\\u001b[H  float64');
    expect(r.stdout).toContain('@c1\\u009b2J = "value\\u001b]0;pwned\\u0007"');
    expect(r.stdout).toContain('-> soft-link to /target\\u001b[2J\\u001b[H (not followed)');
  });

  it('inspect --json is valid JSON that parses to the exact names', async () => {
    const r = await cli(['inspect', file, '--json', '--backend', backend]);
    clean(r);
    const report = JSON.parse(r.stdout) as { nodes: Array<{ path: string }>; attrs: Record<string, object> };
    expect(report.nodes.map((n) => n.path)).toEqual(
      expect.arrayContaining([`/title${TITLE}`, `/clear${CLEAR}`, `/link${FORGED}`]),
    );
    expect(report.attrs['/']).toEqual({ [`c1${C1_CSI}`]: `value${TITLE}` });
  });

  it('audit, text and JSON, lists the link without forging a passing line', async () => {
    const text = await cli(['audit', file, '--backend', backend]);
    expect(text.code).toBe(1);
    clean(text);
    expect(text.stdout).toMatch(/1 violation\n {2}UNSAFE_FILE +no-links +\/link\\u000d\\u001b\[2K\\u000a/);
    const json = await cli(['audit', file, '--json', '--backend', backend]);
    clean(json);
    expect(JSON.parse(json.stdout).violations.map((v: { object: string }) => v.object)).toEqual([`/link${FORGED}`]);
  });

  it('an error message naming an object is escaped on stderr', async () => {
    const r = await cli(['predict', file, '--input', '-', '--backend', backend], '{"features": [1, 2, 3, 4]}\n');
    expect(r.code).toBe(1);
    clean(r);
    expect(r.stderr).toContain('UNSAFE_FILE');
  });
});

describe('the installed bin', () => {
  it('writes no raw control character to a real stdout', () => {
    const r = spawnSync(
      process.execPath,
      ['--conditions=@icepickle/source', '--import', join(repoRoot, 'packages/test-utils/src/ts-register.mjs')].concat([
        join(repoRoot, 'packages/cli/src/bin.ts'),
        'inspect',
        file,
      ]),
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(terminalSafe(r.stdout)).toBe(r.stdout);
    expect(r.stdout).toContain('title\\u001b]0;pwned\\u0007/');
  });
});
