import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';
import { expect, it } from 'vitest';
import { publishedPackages } from './published-packages.js';

const order = ['none', 'patch', 'minor', 'major'] as const;
type Bump = (typeof order)[number];

/** The highest bump any pending changeset asks for (its front matter: `"@icepickle/core": minor`). */
function highestRequestedBump(): Bump {
  let highest: Bump = 'none';
  const dir = join(repoRoot, '.changeset');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    for (const m of front.matchAll(/:\s*(patch|minor|major)\s*$/gm)) {
      if (order.indexOf(m[1] as Bump) > order.indexOf(highest)) highest = m[1] as Bump;
    }
  }
  return highest;
}

function bumped(version: string, bump: Bump): string {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return version;
}

it('changeset status plans one next version for every published package, the one the changesets ask for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'icepickle-changesets-'));
  try {
    const output = join(dir, 'status.json');
    const r = spawnSync('pnpm', ['exec', 'changeset', 'status', `--output=${output}`], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(output, 'utf8')) as {
      releases: { name: string; type: Bump; oldVersion: string; newVersion: string }[];
    };
    const packages = publishedPackages();
    const current = new Set(packages.map((p) => p.json.version as string));
    expect(current.size, 'the published packages share one version today').toBe(1);
    const bump = highestRequestedBump();
    // With no pending changeset there is nothing to plan; the fixed group still keeps the versions equal.
    const expected = bumped([...current][0]!, bump);
    const planned = Object.fromEntries(plan.releases.map((r) => [r.name, r.newVersion]));
    expect(Object.fromEntries(packages.map((p) => [p.name, planned[p.name] ?? p.json.version]))).toEqual(
      Object.fromEntries(packages.map((p) => [p.name, expected])),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the changesets config releases every published package in one fixed group', () => {
  const config = JSON.parse(readFileSync(join(repoRoot, '.changeset', 'config.json'), 'utf8'));
  expect(config.fixed).toHaveLength(1);
  expect([...config.fixed[0]].sort()).toEqual(
    publishedPackages()
      .map((p) => p.name)
      .sort(),
  );
  for (const { name, json } of publishedPackages()) {
    // workspace:^ becomes ^<released version> at publish, so an in-step release never leaves a stale peer range
    for (const [dep, range] of Object.entries<string>(json.peerDependencies ?? {})) {
      if (dep.startsWith('@icepickle/')) expect(range, `${name} → ${dep}`).toBe('workspace:^');
    }
  }
});
