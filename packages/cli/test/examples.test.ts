import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, hostileDir, repoRoot } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_FILES } from '../src/commands/examples.js';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'icepickle-cli-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const shipped = join(repoRoot, 'packages', 'cli', 'examples');

describe('icepickle examples', () => {
  it('ships exactly the files it lists; four are the fixtures as they are', () => {
    expect(readdirSync(shipped).sort()).toEqual(Object.keys(EXAMPLE_FILES).sort());
    const same = {
      'logreg_iris.h5': join(fixturePath('models'), 'logreg_iris.h5'),
      'external-link-passwd.h5': join(hostileDir, 'external-link-passwd.h5'),
      'external-storage-etc-hostname.h5': join(hostileDir, 'external-storage-etc-hostname.h5'),
      'nan-coef.h5': join(hostileDir, 'nan-coef.h5'),
    };
    for (const [name, fixture] of Object.entries(same))
      expect(readFileSync(join(shipped, name)).equals(readFileSync(fixture)), name).toBe(true);
  });

  it("reviews.h5 is the fine-tuning fixture's model, deflated: the same predictions", async () => {
    const fixture = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'sklearn', 'finetune', 'pretrained.h5');
    const input = join(tmp, 'reviews.jsonl');
    writeFileSync(
      input,
      `${readFileSync(join(shipped, 'reviews.jsonl'), 'utf8')}{"text": "dull and long"}\n{"text": "a joy"}\n`,
    );
    const args = ['--input', input, '--n-features', '65536', '--estimator', 'LogisticRegression'];
    const ours = await cli(['predict', join(shipped, 'reviews.h5'), ...args]);
    const want = await cli(['predict', fixture, ...args]);
    expect(ours.code).toBe(0);
    expect(ours.stdout.trim().split('\n')).toHaveLength(4);
    expect(ours.stdout).toBe(want.stdout);
    const layout = await cli(['inspect', join(shipped, 'reviews.h5'), '--json']);
    const coef = (JSON.parse(layout.stdout) as { nodes: { path: string; filters?: unknown[] }[] }).nodes.find(
      (n) => n.path === '/coef',
    );
    expect(JSON.stringify(coef)).toContain('deflate');
  });

  it('copies them into a new folder, refuses to overwrite without --force, and says what it copied', async () => {
    const dir = join(tmp, 'a', 'b');
    const first = await cli(['examples', dir, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ dir, files: Object.keys(EXAMPLE_FILES) });
    for (const name of Object.keys(EXAMPLE_FILES))
      expect(readFileSync(join(dir, name)).equals(readFileSync(join(shipped, name)))).toBe(true);
    writeFileSync(join(dir, 'nan-coef.h5'), 'mine');
    const again = await cli(['examples', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${join(dir, 'logreg_iris.h5')} exists; pass --force to replace it`);
    expect(readFileSync(join(dir, 'nan-coef.h5'), 'utf8')).toBe('mine');
    const forced = await cli(['examples', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout.split('\n')[0]).toBe(`${join(dir, 'logreg_iris.h5')}  ${EXAMPLE_FILES['logreg_iris.h5']}`);
    expect(readFileSync(join(dir, 'nan-coef.h5')).equals(readFileSync(join(shipped, 'nan-coef.h5')))).toBe(true);
    expect((await cli(['examples'])).code).toBe(2);
  });
});
