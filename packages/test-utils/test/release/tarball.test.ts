import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, publishedPackages } from './published-packages.js';

// What may ship, per package: the compiled code with its types and maps, the TypeScript sources those maps point
// at, README, LICENSE, package.json, and each package's own runtime assets. Nothing else: no tests, fixtures,
// fuzz or bench scripts.
const compiled = /^dist\/([\w.-]+\/)*[\w.-]+\.(js|d\.ts)(\.map)?$/;
const sources = /^src\/([\w.-]+\/)*[\w.-]+(?<!\.test)\.ts$/;
const always = /^(package\.json|README\.md|LICENSE)$/;
const assets: Record<string, RegExp[]> = {
  '@icepickle/core': [/^src\/wasm-kernel\/[\w-]+\.wat$/], // the WebAssembly kernels' sources
  '@icepickle/hdf5-wasm': [/^dist\/hdf5\.wasm$/],
  // the small files its README's examples use, copied out by `icepickle examples <dir>`
  '@icepickle/cli': [/^examples\/[\w.-]+\.(h5|jsonl)$/],
  // the prebuilt addon and the libraries beside it (prepack: scripts/prebuild.mjs), their notices, and the
  // addon's sources for the source build at install (scripts/install.mjs)
  '@icepickle/hdf5-node': [
    /^prebuilds\/linux-x64\/[\w.-]+\.(node|so(\.\d+)*)$/,
    /^THIRD-PARTY-NOTICES\.md$/,
    /^native\/[\w-]+\.(cc|h)$/,
    /^binding\.gyp$/,
    /^scripts\/install\.mjs$/,
  ],
};
/** Names that never belong in a tarball, whatever the allow-list says. */
const forbidden = /(^|\/)(test|tests|fixtures?|__tests__|bench|fuzz[\w-]*\.\w+)(\/|$)|\.test\.|\.spec\./;

function packedFiles(path: string): string[] {
  // --ignore-scripts: the file list is `files` applied to what is on disk; hdf5-node's prepack (the prebuilt,
  // minutes of compiling) is the prebuilt-sandbox test's to run, and two runs at once would race
  const r = spawnSync('pnpm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pnpm pack failed in ${path}:\n${r.stderr}`);
  return (JSON.parse(r.stdout).files as { path: string }[]).map((f) => f.path).sort();
}

// a cold build of every package takes minutes on a busy machine; CI has built them already
beforeAll(ensureBuilt, 600_000);

describe.each(publishedPackages())('$name tarball', ({ name, path, json }) => {
  it('holds only runtime files, with LICENSE, README and every entry point', () => {
    const files = packedFiles(path);
    const allowed = [always, compiled, sources, ...(assets[name] ?? [])];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
    expect(files.filter((f) => forbidden.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    // every file an export condition or `bin` names is in the tarball
    const targets = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string') targets.add(v.replace(/^\.\//, ''));
      else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x);
    };
    collect(json.exports);
    collect(json.bin);
    collect(json.main);
    collect(json.types);
    const missing = [...targets].filter((t) => !t.startsWith('src/') && !files.includes(t));
    expect(missing).toEqual([]);
  });
});
