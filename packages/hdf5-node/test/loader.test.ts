import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { describe, expect, test } from 'vitest';
import { hdf5Node, isHdf5NodeAvailable } from '../src/index.js';
import * as stub from '../src/stub.js';
import { nativeAvailable, packageRoot } from './helpers.js';

describe('loading the addon', () => {
  test('a missing binding is BACKEND_UNAVAILABLE with every attempt and the possible solutions', () => {
    const bindingPath = join(packageRoot, 'no-such-dir', 'icepickle_hdf5.node');
    let error: unknown;
    try {
      hdf5Node({ bindingPath });
    } catch (e) {
      error = e;
    }
    expect(isIcepickleError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    // One line: what was tried, why it failed, the two usual ways out.
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`${bindingPath}: not found`);
    expect(message).toContain('npm rebuild @icepickle/hdf5-node');
    expect(message).toContain('@icepickle/hdf5-wasm');
    // Every attempt and every fix, one per line, in the cause.
    const details = ((error as Error).cause as Error).message.split('\n');
    expect(details).toContain(`- ${bindingPath}: not found`);
    expect(details).toContain('Possible solutions:');
    expect(details.join('\n')).toContain('apt-get install -y libhdf5-dev pkg-config');
    expect(details.join('\n')).toContain('pnpm rebuild @icepickle/hdf5-node');
    expect(isHdf5NodeAvailable(bindingPath)).toBe(false);
  });

  test('a file that is not the addon is refused the same way', () => {
    expect(() => hdf5Node({ bindingPath: join(packageRoot, 'package.json') })).toThrow(
      expect.objectContaining({ code: 'BACKEND_UNAVAILABLE' }),
    );
  });

  test.skipIf(!nativeAvailable())('bindingPath accepts a build of the addon', async () => {
    const backend = hdf5Node({ bindingPath: join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node') });
    expect(backend.name).toBe('hdf5-node');
    const f = await backend.open(
      join(packageRoot, '..', 'test-utils', 'fixtures', 'sklearn', 'models', 'linreg_diabetes.h5'),
    );
    expect((await f.read('/intercept')).shape).toEqual([]);
    await f.close();
  });

  test('browsers, workers and edge runtimes get a stub that explains itself', () => {
    expect(() => stub.hdf5Node()).toThrow(
      expect.objectContaining({
        code: 'BACKEND_UNAVAILABLE',
        message: expect.stringMatching(/^[^\n]*@icepickle\/hdf5-wasm[^\n]*$/),
      }),
    );
    expect(stub.isHdf5NodeAvailable()).toBe(false);
  });

  test('the export map sends browser, worker and edge-light to the stub, Node to the backend', async () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, unknown>>;
    };
    const root = pkg.exports['.']!;
    for (const condition of ['browser', 'worker', 'edge-light']) {
      expect(root[condition]).toEqual({ types: './dist/stub.d.ts', default: './dist/stub.js' });
      expect((root['@icepickle/source'] as Record<string, string>)[condition]).toBe('./src/stub.ts');
    }
    // Condition order matters: the stub conditions come before the Node default.
    const keys = Object.keys(root);
    expect(keys.indexOf('browser')).toBeLessThan(keys.indexOf('default'));
    expect(root.default).toBe('./dist/index.js');
  });
});
