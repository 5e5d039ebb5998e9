import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';
import type { PublishedPackage } from '../release/published-packages.js';

/** Runs a command, throwing its output when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  }
  return `${r.stdout}${r.stderr}`;
}

/** `pnpm pack`s every published package into `dir` (workspace: ranges become real ones); returns name → tarball. */
export function packAll(packages: PublishedPackage[], dir: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const p of packages) {
    const before = new Set(readdirSync(dir));
    // --ignore-scripts: hdf5-node's prepack makes the prebuilt, which the prebuilt-sandbox test packs and checks;
    // running it here too would race that test over packages/hdf5-node/prebuilds
    run('pnpm', ['pack', '--ignore-scripts', '--pack-destination', dir], p.path);
    const made = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.tgz'));
    if (made.length !== 1) throw new Error(`pnpm pack in ${p.path} made ${made.length} tarballs`);
    tarballs.set(p.name, join(dir, made[0]!));
  }
  return tarballs;
}

/** The versions of the tools a consumer brings, taken from the monorepo's own lockfile choices. */
function devTool(name: string): string {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const range = root.devDependencies?.[name];
  if (!range) throw new Error(`root package.json has no devDependency ${name}`);
  return range;
}

/**
 * A fresh npm project (outside the monorepo) that depends on the tarballs only, plus TypeScript and Node's types
 * from the registry, then `npm install`s it.
 */
export function createConsumerProject(dir: string, tarballs: Map<string, string>): string {
  mkdirSync(dir, { recursive: true });
  const dependencies = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  const pkg = {
    name: 'icepickle-consumer-check',
    private: true,
    type: 'module',
    dependencies,
    // a dependency's own `@icepickle/*` ranges resolve to the same tarballs, never to the registry
    overrides: dependencies,
    devDependencies: { typescript: devTool('typescript'), '@types/node': devTool('@types/node') },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // The addon builds from source here (a prebuilt possibly left in the package folder is not trusted; the
  // prebuilt-sandbox test covers that path); JOBS: node-gyp compiles its sources in parallel.
  return run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts'], dir, {
    JOBS: 'max',
    ICEPICKLE_HDF5_NODE_FROM_SOURCE: '1',
  });
}

/** Where npm put a package, for the licence check. */
export function installedPath(project: string, name: string): string {
  return join(project, 'node_modules', ...name.split('/'));
}

/**
 * tsc from the consumer project's own node_modules, started at once (the two module settings compile side by
 * side); resolves to its output, rejects with the diagnostics when it fails.
 */
export function tsc(project: string, tsconfig: string): Promise<string> {
  const bin = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-p', tsconfig], { cwd: project });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`tsc -p ${tsconfig} failed:\n${out}`))));
  });
}
