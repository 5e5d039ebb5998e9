/**
 * The prebuilt, as a user gets it: core and this package are packed (`prepack` makes the prebuilt),
 * then installed with npm into a fresh project in a private mount namespace where libhdf5-dev, the
 * libhdf5 runtime, pkg-config's hdf5 files, libsz/libaec, zlib, libcurl, libcrypto and the compilers
 * are all hidden (test/prebuilt/sandbox.sh). There, scikit-learn's model is loaded, saved and loaded
 * again through hdf5Node(), and every HDF5 library the process mapped must come from the tarball.
 *
 * Needs root (unshare -m, mount --bind): CI runs as root, so under CI=true it never skips.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sklearnFixtures } from '@icepickle/test-utils';
import { afterAll, describe, expect, test } from 'vitest';
import { here, packageRoot } from './helpers.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const ci = Boolean(process.env.CI);
const coreRoot = join(packageRoot, '..', 'core');
const hdf5JsRoot = join(packageRoot, '..', 'hdf5-js');
const work = mkdtempSync(join(tmpdir(), 'icepickle-prebuilt-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Packs one workspace package (its `prepack` included) into `work`; the tarball's path. */
function pack(root: string): string {
  // The tarball ships dist/: build it when this runs before `turbo run build` (a bare vitest run).
  if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
  const before = new Set(readdirSync(work));
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!tarball) throw new Error(`pnpm pack made no tarball for ${root}`);
  return join(work, tarball);
}

interface ConsumerResult {
  hidden: number;
  install: string;
  fallback: string;
  hasBuildFolder: boolean;
  loaded: string[];
  predict: number[];
  predictCopy: number[];
  expected: number[];
  coef: number[][];
  coefCopy: number[][];
}

describe.skipIf(!isRoot && !ci)('the prebuilt with libhdf5-dev absent (needs root for unshare -m; CI runs it)', () => {
  test('npm installs the tarball with no compiler and no libhdf5; it loads, reads and writes', async () => {
    if (!isRoot) throw new Error('CI=true but not root: unshare -m and mount --bind need root');
    const core = pack(coreRoot);
    const hdf5Js = pack(hdf5JsRoot); // the parser that decides for this backend too
    const addon = pack(packageRoot);
    const tarList = execFileSync('tar', ['tzf', addon], { encoding: 'utf8' });
    expect(tarList).toContain('package/prebuilds/linux-x64/icepickle_hdf5.napi.glibc.node');
    expect(tarList).toMatch(/package\/prebuilds\/linux-x64\/libhdf5_serial-[0-9a-f]{8}\.so\.103/);
    expect(tarList).toContain('package/prebuilds/linux-x64/libicepickle-no-s3.so');
    expect(tarList).toContain('package/THIRD-PARTY-NOTICES.md');

    const models = join(sklearnFixtures, 'models');
    const { stdout } = await run(
      'unshare',
      [
        '-m',
        'bash',
        join(here, 'prebuilt', 'sandbox.sh'),
        work,
        core,
        addon,
        join(models, 'logreg_iris.h5'),
        join(models, 'logreg_iris.json'),
        hdf5Js,
      ],
      { timeout: 400_000, maxBuffer: 1 << 24 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ConsumerResult;
    // headers, hdf5/ tree, .pc files, libhdf5 files, libsz/libaec/zlib/curl/crypto, compilers
    expect(result.hidden).toBeGreaterThan(10);
    // The install script found the prebuilt and built nothing.
    expect(result.install).toContain('[@icepickle/hdf5-node] using the prebuilt addon (libhdf5 1.10.8)');
    expect(result.hasBuildFolder).toBe(false);
    // With neither a usable prebuilt nor libhdf5: exactly one line, and the install goes on (exit 0).
    expect(result.fallback).toBe(
      '[@icepickle/hdf5-node] no native addon (building from source; libhdf5 not found by pkg-config): ' +
        'hdf5Node() will throw BACKEND_UNAVAILABLE; install libhdf5-dev and pkg-config then ' +
        '`npm rebuild @icepickle/hdf5-node`, or use @icepickle/hdf5-wasm\n',
    );
    // Every HDF5-related library in the process came from the tarball's prebuilds/linux-x64.
    const prebuilt = '/node_modules/@icepickle/hdf5-node/prebuilds/linux-x64/';
    expect(result.loaded.length).toBeGreaterThanOrEqual(5);
    expect(result.loaded.some((p) => /libhdf5_serial-[0-9a-f]{8}\.so\.103$/.test(p))).toBe(true);
    for (const path of result.loaded) expect(path).toContain(prebuilt);
    // scikit-learn's predictions, before and after a save (gzip) and load through the prebuilt.
    expect(result.predict).toEqual(result.expected);
    expect(result.predictCopy).toEqual(result.expected);
    expect(result.coefCopy).toEqual(result.coef);
  }, 600_000);
});
