import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';

/** The repository every package.json and README points at (issue 19). */
export const repositoryUrl = 'https://github.com/icepickle-ts/icepickle';

export interface PublishedPackage {
  /** Folder name under packages/, e.g. `hdf5-node`. */
  dir: string;
  /** Absolute path of the package folder. */
  path: string;
  name: string;
  json: Record<string, any>;
}

/** Every non-private package under packages/: what `changeset publish` would publish. */
export function publishedPackages(): PublishedPackage[] {
  const root = join(repoRoot, 'packages');
  return readdirSync(root)
    .sort()
    .map((dir) => {
      const path = join(root, dir);
      const json = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      return { dir, path, name: json.name as string, json };
    })
    .filter((p) => p.json.private !== true);
}

let built = false;

/**
 * Builds the published packages once per test process (turbo replays its cache when nothing changed), so a
 * tarball never misses a dist file that a stale or absent build would leave out.
 */
export function ensureBuilt(): void {
  if (built) return;
  const filters = publishedPackages().map((p) => `--filter=${p.name}`);
  const r = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...filters], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (r.status !== 0) throw new Error(`build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  built = true;
}
