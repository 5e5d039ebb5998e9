/**
 * The consumer-project check (issue 19): pack every published package, install the tarballs into a fresh npm
 * project outside the monorepo, compile every README's TypeScript examples there under `moduleResolution`
 * node16 and bundler, and run the standalone ones with Node from the compiled output. Never skipped: it needs
 * only npm and the registry (TypeScript, h5wasm, node-addon-api, node-gyp), which CI has. The CLI README's shell
 * examples run there too, through the installed `icepickle` bin, on the files `icepickle examples` copies.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readmeShellExamples, repoRoot, shellOutputMismatches } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, publishedPackages } from '../release/published-packages.js';
import { createConsumerProject, installedPath, packAll, run, tsc } from './consumer-project.js';
import { readmeExamples } from './readme-examples.js';

const packages = publishedPackages();
const readmes = [join(repoRoot, 'README.md'), ...packages.map((p) => join(p.path, 'README.md'))];
const examples = readmes.flatMap(readmeExamples);

const work = mkdtempSync(join(tmpdir(), 'icepickle-consumer-'));
const project = join(work, 'project');
const timings: Record<string, number> = {};
const compiles = new Map<string, Promise<string>>();

function timed<T>(step: string, f: () => T): T {
  const start = performance.now();
  try {
    return f();
  } finally {
    timings[step] = Math.round(performance.now() - start);
  }
}

// `tsc --init`'s choices (default lib, strict) but with our .d.ts files checked too (skipLibCheck: false)
const base = { target: 'ES2022', strict: true, types: ['node'], skipLibCheck: false };
const tsconfigs = {
  node16: { ...base, module: 'node16', moduleResolution: 'node16', outDir: 'out' },
  bundler: { ...base, module: 'preserve', moduleResolution: 'bundler', noEmit: true },
};

beforeAll(() => {
  timed('build', ensureBuilt);
  const tarballs = timed('pack', () => packAll(packages, join(work, 'tarballs')));
  timed('npm install', () => createConsumerProject(project, tarballs));
  mkdirSync(join(project, 'examples'), { recursive: true });
  for (const e of examples) writeFileSync(join(project, 'examples', `${e.id}.ts`), `${e.code}\nexport {};\n`);
  for (const [name, options] of Object.entries(tsconfigs)) {
    const config = { compilerOptions: options, include: ['examples/*.ts'] };
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    const start = performance.now();
    const done = tsc(project, `tsconfig.${name}.json`).finally(() => {
      timings[`tsc ${name}`] = Math.round(performance.now() - start);
    });
    done.catch(() => {}); // its test reports the failure
    compiles.set(name, done);
  }
}, 900_000);

afterAll(() => {
  console.log(`consumer check timings (ms): ${JSON.stringify(timings)}`);
  rmSync(work, { recursive: true, force: true });
});

it('finds README examples to check, standalone ones among them', () => {
  expect(examples.filter((e) => e.run).length).toBeGreaterThan(10);
  for (const readme of readmes) {
    expect(
      examples.some((e) => join(repoRoot, e.readme) === readme),
      readme,
    ).toBe(true);
  }
});

describe.each(packages)('$name installed from its tarball', ({ name }) => {
  it('carries the MIT LICENSE and its README', () => {
    const dir = installedPath(project, name);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
    expect(existsSync(join(dir, 'test'))).toBe(false);
  });
});

describe('the README examples', () => {
  it.each(Object.keys(tsconfigs))(
    'compile under moduleResolution %s',
    async (name) => {
      await compiles.get(name);
    },
    300_000,
  );

  it.each(examples.filter((e) => e.run).map((e) => [`${e.readme}:${e.line}`, e] as const))(
    '%s runs with Node from the compiled output',
    (_, e) => {
      // examples keep their scratch files under .tmp/, as in the repository
      mkdirSync(join(project, '.tmp'), { recursive: true });
      timed(`run ${e.id}`, () => run(process.execPath, [join(project, 'out', `${e.id}.js`)], project));
    },
    120_000,
  );
});

describe('the icepickle command, installed', () => {
  it.each(['wasm', 'native'])('audits a model file with --backend %s', (backend) => {
    mkdirSync(join(project, '.tmp'), { recursive: true });
    const make = [
      "import { LogisticRegression, saveCoefficients } from '@icepickle/core';",
      "import { hdf5Wasm } from '@icepickle/hdf5-wasm';",
      'const clf = new LogisticRegression().fit([[0, 1], [1, 0]], [0, 1]);',
      "await saveCoefficients(clf, '.tmp/bin-check.h5', { backend: hdf5Wasm() });",
    ].join('\n');
    run(process.execPath, ['--input-type=module', '-e', make], project);
    const bin = join(project, 'node_modules', '.bin', 'icepickle');
    const out = run(bin, ['audit', '.tmp/bin-check.h5', '--deep', '--backend', backend], project);
    expect(out).toContain('passes the strict profile');
  });
});

describe('the CLI README shell examples, through the installed icepickle', () => {
  const shell = readmeShellExamples(readFileSync(join(repoRoot, 'packages', 'cli', 'README.md'), 'utf8'));
  const folder = join(project, 'cli-readme');

  it('starts by copying the files the others use', () => {
    expect(shell.length).toBeGreaterThan(5);
    expect(shell[0]!.args[0]).toBe('examples');
  });

  it.each(shell.map((e) => [`line ${e.line}: icepickle ${e.args.join(' ')}`, e] as const))(
    '%s',
    (_, e) => {
      mkdirSync(folder, { recursive: true });
      const bin = join(project, 'node_modules', '.bin', 'icepickle');
      const r = timed(`icepickle ${e.args[0]} (line ${e.line})`, () =>
        spawnSync(bin, e.args, { cwd: folder, encoding: 'utf8' }),
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(e.exit);
      expect(shellOutputMismatches(e, r.stdout)).toEqual([]);
    },
    60_000,
  );
});
