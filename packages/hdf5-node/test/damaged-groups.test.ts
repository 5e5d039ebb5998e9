/**
 * Group structures libhdf5 1.10.8 trusts blindly (the undefined B-tree child and local heap addresses
 * segfaulted it in fuzzing) never reach it: hdf5-js (@icepickle/hdf5-js) describes every file first.
 * Each damaged copy of an h5py file (make-damaged-groups.py) breaks one invariant and must end in
 * READ_FAILED (NOT_HDF5 for the root's own header), by path and from bytes, with exactly the code,
 * detail and object hdf5-js gives on its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Js } from '@icepickle/hdf5-js';
import { python } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { here, nativeAndH5py } from './helpers.js';

/** How opening ended: the error's code, detail and object, or the number of objects listed. */
async function outcome(open: () => Promise<{ list(): readonly unknown[]; close(): Promise<void> }>) {
  try {
    const f = await open();
    const nodes = f.list().length;
    await f.close();
    return { nodes };
  } catch (error) {
    if (!isIcepickleError(error)) throw error;
    return { code: error.code, detail: error.detail, object: error.object };
  }
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
    expect(await outcome(() => hdf5Node().open(join(dir, 'groups.h5')))).toEqual({ nodes: 303 });
    expect(await outcome(() => hdf5Node().open(readFileSync(join(dir, 'groups.h5'))))).toEqual({ nodes: 303 });
    const f = await hdf5Node().open(join(dir, 'groups.h5'));
    expect(f.list().filter((n) => n.path.startsWith('/link')).length).toBe(300);
    expect(f.attrs('/').note).toBe('x'.repeat(600));
    await f.close();
  });

  test("each damaged copy is hdf5-js's typed error, by path and from bytes", async () => {
    expect(cases.length).toBe(17);
    for (const { file, code } of cases) {
      const path = join(dir, file);
      const js = await outcome(() => hdf5Js().open(path));
      expect(js.code, `${file}: ${js.detail}`).toBe(code);
      expect(await outcome(() => hdf5Node().open(path)), file).toEqual(js);
      const bytes = readFileSync(path);
      expect(await outcome(() => hdf5Node().open(bytes)), file).toEqual(await outcome(() => hdf5Js().open(bytes)));
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
      'attribute "bigger" declares 1600 bytes, more than the limit of 1000 [rule: max-attribute-bytes]',
    );
    // at the limit exactly, it loads
    const f = await hdf5Node().open(join(dir, 'compact.h5'), limit(1600));
    expect((f.attrs('/').bigger as number[]).length).toBe(200);
    await f.close();
  });

  test("core's default (1 MiB) applies; dense attributes (huge heap objects) are checked the same way", async () => {
    const error = await hdf5Node()
      .open(readFileSync(join(dir, 'dense.h5')))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', object: '/' });
    expect((error as Error).message).toContain(
      'attribute "huge" declares 2097160 bytes, more than the limit of 1048576 [rule: max-attribute-bytes]',
    );
    const f = await hdf5Node().open(join(dir, 'dense.h5'), limit(4 << 20));
    expect(f.attrs('/').fine).toBe(1.5);
    expect((f.attrs('/').huge as number[]).length).toBe(2 ** 18 + 1);
    await f.close();
  });
});
