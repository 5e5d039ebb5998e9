/**
 * Group structures libhdf5 1.10.8 trusts blindly are checked from the raw bytes first
 * (native/group-storage.cc, native/object-header.cc). Each damaged copy of an h5py file
 * (make-damaged-groups.py) breaks one invariant — the undefined B-tree child and local heap
 * addresses are the shapes that segfaulted libhdf5 in fuzzing — and must end in READ_FAILED naming
 * that invariant (NOT_HDF5 for the root's own header, which H5Fopen loads). Each file is opened in a child process, so a check that misses shows up as a
 * crashed child here, not as a dead test runner.
 */
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { here, nativeAndH5py, packageRoot } from './helpers.js';

const addon = join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node');

/** Opens `file` by path and from bytes in a fresh process; the outcome of each, or how it died. */
function openInChild(file: string): {
  signal: string | null;
  results: Array<{ code?: string; message?: string; nodes?: number }>;
} {
  const script = `
    const b = require(${JSON.stringify(addon)});
    const bytes = require('node:fs').readFileSync(process.argv[1]);
    (async () => {
      const out = [];
      for (const source of [process.argv[1], bytes]) {
        try {
          const d = await b.open(source, 10000, 0, 1 << 20);
          out.push({ nodes: d.nodes.length });
          d.handle.close();
        } catch (e) { out.push({ code: e.code, message: e.message }); }
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', timeout: 20_000 });
  return { signal: r.signal, results: r.stdout ? JSON.parse(r.stdout) : [] };
}

describe.skipIf(!nativeAndH5py())('damaged old-style groups are refused before libhdf5 walks them', () => {
  let dir: string;
  let cases: Array<{ file: string; breaks: string; code: string }>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'icepickle-groups-'));
    cases = JSON.parse(
      execFileSync(python, [join(here, 'fixtures', 'make-damaged-groups.py'), dir], { encoding: 'utf8' }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the undamaged file loads: 300 links through a two-level B-tree, a subgroup, an attribute', async () => {
    expect(openInChild(join(dir, 'groups.h5'))).toEqual({ signal: null, results: [{ nodes: 303 }, { nodes: 303 }] });
    const f = await hdf5Node().open(join(dir, 'groups.h5'));
    expect(f.list().filter((n) => n.path.startsWith('/link')).length).toBe(300);
    expect(f.attrs('/').note).toBe('x'.repeat(600));
    await f.close();
  });

  test('each damaged copy is a typed error that names what is broken, by path and from bytes', () => {
    expect(cases.length).toBe(17);
    for (const { file, breaks, code } of cases) {
      const { signal, results } = openInChild(join(dir, file));
      expect({ file, signal }).toEqual({ file, signal: null });
      expect(results.length, file).toBe(2);
      for (const r of results) {
        expect(r.code, `${file}: ${r.message}`).toBe(code);
        expect(r.message, file).toContain(breaks);
      }
    }
  });
});

describe.skipIf(!nativeAndH5py())('attribute sizes are checked before libhdf5 decodes them', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'icepickle-attrs-'));
    execFileSync(python, [
      '-c',
      `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1] + "/compact.h5", "w") as f:
    f.attrs["small"] = np.arange(100.0)
    f.attrs["bigger"] = np.arange(200.0)
with h5py.File(sys.argv[1] + "/dense.h5", "w", libver="latest") as f:
    f.attrs["huge"] = np.zeros(2**18 + 1)  # 2 MiB + 8 bytes: dense storage (fractal heap)
    f.attrs["fine"] = 1.5
`,
      dir,
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const limit = (maxAttributeBytes: number) => ({ maxAttributeBytes }) as object;

  test('an attribute in the object header over the limit: LIMIT_EXCEEDED with the rule, found in the header', async () => {
    const error = await hdf5Node()
      .open(join(dir, 'compact.h5'), limit(1000))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', object: '/' });
    expect((error as Error).message).toContain(
      'attribute "bigger" of / declares 1600 bytes, more than the limit of 1000 [rule: max-attribute-bytes]',
    );
    // at the limit exactly, it loads
    const f = await hdf5Node().open(join(dir, 'compact.h5'), limit(1600));
    expect((f.attrs('/').bigger as number[]).length).toBe(200);
    await f.close();
  });

  test("core's default (1 MiB) applies; dense attributes are checked as libhdf5 lists them", async () => {
    const error = await hdf5Node()
      .open(readFileSync(join(dir, 'dense.h5')))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect((error as Error).message).toContain(
      'attribute "huge" of / declares 262145 values of 8 bytes, more than the limit of 1048576 bytes [rule: max-attribute-bytes]',
    );
    const f = await hdf5Node().open(join(dir, 'dense.h5'), limit(4 << 20));
    expect(f.attrs('/').fine).toBe(1.5);
    expect((f.attrs('/').huge as number[]).length).toBe(2 ** 18 + 1);
    await f.close();
  });
});
