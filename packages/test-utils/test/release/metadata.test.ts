import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { publishedPackages, repositoryUrl } from './published-packages.js';

const packages = publishedPackages();

it('finds the six published packages', () => {
  expect(packages.map((p) => p.name).sort()).toEqual([
    '@icepickle/cli',
    '@icepickle/core',
    '@icepickle/featurizers',
    '@icepickle/hdf5-js',
    '@icepickle/hdf5-node',
    '@icepickle/hdf5-wasm',
  ]);
});

describe.each(packages)('$name package.json', ({ dir, path, json }) => {
  it('points at the repository, its folder, its README and the issue tracker', () => {
    expect(json.repository).toEqual({ type: 'git', url: `git+${repositoryUrl}.git`, directory: `packages/${dir}` });
    expect(json.homepage).toBe(`${repositoryUrl}/tree/main/packages/${dir}#readme`);
    expect(json.bugs).toEqual({ url: `${repositoryUrl}/issues` });
  });

  it('has a description, keywords and an author', () => {
    expect(json.description).toMatch(/\S{3}/);
    expect(json.keywords).toEqual(expect.arrayContaining(['icepickle', 'scikit-learn']));
    expect(new Set(json.keywords).size).toBe(json.keywords.length);
    expect(json.author).toBe('The icepickle (TypeScript) contributors');
  });

  it('is MIT with the repository LICENSE beside it, ESM only, Node >= 20, free of side effects', () => {
    expect(json.license).toBe('MIT');
    expect(readFileSync(join(path, 'LICENSE'), 'utf8')).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(json.type).toBe('module');
    expect(json.engines).toEqual({ node: '>=20' });
    expect(json.sideEffects).toBe(false);
    expect(existsSync(join(path, 'README.md'))).toBe(true);
  });

  it('has no package script that reaches outside the package', () => {
    for (const [name, command] of Object.entries<string>(json.scripts ?? {})) {
      expect(command, `script "${name}"`).not.toMatch(/\.\.\//);
    }
  });
});

it('the root LICENSE is MIT', () => {
  expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
});
