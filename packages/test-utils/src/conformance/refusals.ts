/** Conformance, refusals: the same error code from every backend for the same bad file or request. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { codeOf, values, type Suite } from './suite.js';

export function refusalTests(s: Suite): void {
  describe('refusals and errors (identical codes for every backend)', () => {
    notHdf5(s);
    damagedHeapNeverHangs(s);
    fileNotFound(s);
    missingDataset(s);
    unsupportedFilter(s);
    unsafeFile(s);
    invalidSelections(s);
    attributeSizeLimit(s);
    closedFile(s);
  });
}

function notHdf5(s: Suite): void {
  it('NOT_HDF5 for a file that is not HDF5, an empty file, a truncated file (path and bytes)', async () => {
    for (const file of ['not-hdf5.h5', 'empty.h5', 'truncated.h5']) {
      if (s.supportsPaths) expect(await codeOf(() => s.backend.open(s.fixture(file))), file).toBe('NOT_HDF5');
      expect(await codeOf(() => s.backend.open(new Uint8Array(readFileSync(s.fixture(file))))), file).toBe('NOT_HDF5');
    }
    expect(await codeOf(() => s.backend.open(new Uint8Array(0)))).toBe('NOT_HDF5');
    expect(await codeOf(() => s.backend.open(new TextEncoder().encode('{"coef": [1, 2]}').buffer as ArrayBuffer))).toBe(
      'NOT_HDF5',
    );
    // the HDF5 signature alone, then nothing
    expect(await codeOf(() => s.backend.open(Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a)))).toBe(
      'NOT_HDF5',
    );
  });
}

function damagedHeapNeverHangs(s: Suite): void {
  it.each(['damaged-heap.h5', 'damaged-heap-size.h5'])(
    'a damaged global heap (%s; HDF5 loops forever on it) gives a typed error, never a hang',
    async (file) => {
      const started = Date.now();
      const codes: string[] = [];
      try {
        const f = await s.open(file);
        for (const node of f.list()) {
          if (node.kind !== 'dataset') continue;
          codes.push(await codeOf(() => f.read(node.path)));
        }
        codes.push(String(Object.keys(f.attrs('/')).length));
      } catch (error) {
        codes.push(isIcepickleError(error) ? error.code : `not an IcepickleError: ${String(error)}`);
      }
      expect(
        codes.some((c) => ['READ_FAILED', 'NOT_HDF5'].includes(c)),
        codes.join(),
      ).toBe(true);
      expect(codes.every((c) => !c.startsWith('not an'))).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    },
  );
}

function fileNotFound(s: Suite): void {
  it.runIf(s.supportsPaths)('FILE_NOT_FOUND for a missing path', async () => {
    expect(await codeOf(() => s.backend.open(join(s.scratch, 'does-not-exist.h5')))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(() => s.backend.open(join(s.scratch, 'no-folder', 'x.h5')))).toBe('FILE_NOT_FOUND');
  });
}

function missingDataset(s: Suite): void {
  it('MISSING_DATASET for a missing dataset or a group', async () => {
    const f = await s.open('dtypes.h5');
    expect(await codeOf(() => f.read('/nope'))).toBe('MISSING_DATASET');
    expect(await codeOf(() => f.read('/models/nope'))).toBe('MISSING_DATASET');
    expect(await codeOf(() => f.read('/models'))).toBe('MISSING_DATASET');
  });
}

function unsupportedFilter(s: Suite): void {
  it('UNSUPPORTED_FILTER for a filter outside deflate/shuffle/fletcher32 (h5py lzf), whole or sliced', async () => {
    const f = await s.open('layouts.h5');
    expect(await codeOf(() => f.read('/lzf'))).toBe('UNSUPPORTED_FILTER');
    expect(await codeOf(() => f.read('/lzf', { rows: [0, 1] }))).toBe('UNSUPPORTED_FILTER');
    expect(await codeOf(() => f.read('/lzf', { cols: [0] }))).toBe('UNSUPPORTED_FILTER');
  });
}

function unsafeFile(s: Suite): void {
  it('UNSAFE_FILE for external storage, virtual datasets, and any path through a link', async () => {
    const ext = await s.open('external.h5');
    expect(await codeOf(() => ext.read('/outside'))).toBe('UNSAFE_FILE');
    expect(await codeOf(() => ext.read('/outside', { rows: [0, 1] }))).toBe('UNSAFE_FILE');
    expect(values(await ext.read('/coef'))).toEqual([1, 2]);
    const vds = await s.open('virtual.h5');
    expect(await codeOf(() => vds.read('/vds'))).toBe('UNSAFE_FILE');
    const l = await s.open('links.h5');
    for (const p of ['/soft', '/ext', '/dangling', '/soft_group/x', '/ext_group/x', '/ext_group']) {
      expect(await codeOf(() => l.read(p)), p).toBe('UNSAFE_FILE');
    }
    expect(values(await l.read('/data'))).toEqual([1, 2, 3]);
    expect(values(await l.read('/hard_alias'))).toEqual([1, 2, 3]);
    expect(values(await l.read('/grp/x'))).toEqual([4, 5]);
  });
}

function invalidSelections(s: Suite): void {
  it('INVALID_INPUT for selections out of range or malformed', async () => {
    const f = await s.open('layouts.h5');
    const bad: Array<[string, unknown]> = [
      ['/gzip', { rows: [0, 8] }],
      ['/gzip', { rows: [5, 4] }],
      ['/gzip', { rows: [-1, 2] }],
      ['/gzip', { rows: [0.5, 2] }],
      ['/gzip', { cols: [9] }],
      ['/gzip', { cols: [-1] }],
      ['/gzip', { cols: [1.5] }],
      ['/contiguous', { rows: [0, 1], cols: [0, 99] }],
      ['/vector', { cols: [9] }],
      ['/vector', { rows: [0, 10] }],
    ];
    for (const [p, sel] of bad)
      expect(await codeOf(() => f.read(p, sel as never)), `${p} ${JSON.stringify(sel)}`).toBe('INVALID_INPUT');
    const d = await s.open('dtypes.h5');
    expect(await codeOf(() => d.read('/scalar_f64', { rows: [0, 1] }))).toBe('INVALID_INPUT');
  });
}

function attributeSizeLimit(s: Suite): void {
  it('LIMIT_EXCEEDED [rule: max-attribute-bytes] for an attribute over OpenOptions.maxAttributeBytes, checked before it is decoded', async () => {
    const bytes = new Uint8Array(readFileSync(s.fixture('dtypes.h5')));
    const all = await s.openBytes(bytes);
    expect(Object.keys(all.attrs('/')).length).toBeGreaterThan(0);
    let error: unknown;
    try {
      await s.backend.open(bytes, { maxAttributeBytes: 1 });
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string })?.code).toBe('LIMIT_EXCEEDED');
    expect((error as Error).message).toMatch(/\[rule: max-attribute-bytes\]/);
    // a limit above every attribute opens the file
    await s.openBytes(bytes).then((f) => expect(f.attrs('/')).toEqual(all.attrs('/')));
    await s.backend.open(bytes, { maxAttributeBytes: 1 << 20 }).then((f) => f.close());
  });
}

function closedFile(s: Suite): void {
  it('CLOSED when reading after close (close twice is fine)', async () => {
    const f = await s.backend.open(new Uint8Array(readFileSync(s.fixture('dtypes.h5'))));
    await f.close();
    await f.close();
    expect(await codeOf(() => f.read('/float64'))).toBe('CLOSED');
  });
}
