/**
 * Version-1 B-tree chunk indexes (h5py's default, libver 'earliest'), as hdf5-js walks them into its chunk
 * table: three levels over 5,000 chunks, gzip (a stored size per chunk), a grid over both axes, big-endian
 * values, and unwritten chunks read as the fill value. Each read through the three ways chunks come in
 * (a local file's synchronous reads, bytes in memory read in windows, a file read asynchronously), whole
 * and by columns, compared with live h5py. Also Selection.into: filled and returned when it fits.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoredFile } from '@icepickle/core';
import { hasSklearn, python } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ByteSource, bytesSource, fileSource, hdf5Js } from '../src/node.js';

const here = dirname(fileURLToPath(import.meta.url));
type Expected = Record<string, { shape: number[]; sha256: string; cols: number[]; picked: number[] }>;
const names = ['many-chunks', 'gzip', 'grid', 'big-endian', 'sparse'];

const sha256 = (data: Float64Array) =>
  createHash('sha256')
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest('hex');

/** The file as a source without synchronous reads: chunks come through readInto, a promise each. */
async function asyncFileSource(path: string): Promise<ByteSource> {
  const s = await fileSource(path);
  return { size: s.size, hints: s.hints!, read: s.read, readInto: s.readInto!, close: s.close! };
}

const sources: Array<[string, (path: string) => Promise<ByteSource>]> = [
  ['fileSource (chunks read at once)', fileSource],
  ['bytes in memory (chunks read in windows)', async (path) => bytesSource(readFileSync(path))],
  ['a file read asynchronously', asyncFileSource],
];

describe.runIf(hasSklearn())('version-1 B-tree chunk indexes written by h5py', () => {
  let dir: string;
  let path: string;
  let expected: Expected;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hdf5-js-btree-v1-'));
    const r = spawnSync(python, [join(here, 'btree_v1.py'), dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    expected = JSON.parse(r.stdout) as Expected;
    path = join(dir, 'btree-v1.h5');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wrote every case', () => {
    expect(Object.keys(expected).sort()).toEqual([...names].sort());
  });

  describe.each(sources)('through %s', (_label, open) => {
    let file: StoredFile;
    beforeAll(async () => {
      file = await hdf5Js().open(await open(path));
    });
    afterAll(() => file?.close());

    it.each(names)('%s: whole and by columns, as h5py reads it', async (name) => {
      const want = expected[name]!;
      const whole = await file.read(`/${name}`);
      expect(whole.shape).toEqual(want.shape);
      expect(sha256(whole.data as Float64Array)).toBe(want.sha256);
      const picked = await file.read(`/${name}`, { cols: want.cols });
      expect(Array.from(picked.data as Float64Array)).toEqual(want.picked);
    });
  });

  describe('Selection.into', () => {
    let file: StoredFile;
    beforeAll(async () => {
      file = await hdf5Js().open(path);
    });
    afterAll(() => file?.close());

    it('is filled and returned when it is the dtype and length of the read, whatever it held', async () => {
      const want = expected.sparse!;
      const into = new Float64Array(want.picked.length).fill(Number.NaN);
      for (let round = 0; round < 2; round++) {
        const read = await file.read('/sparse', { cols: want.cols, into });
        expect(read.data).toBe(into);
        // unwritten chunks read as the fill value (2.5), not as what the buffer held
        expect(Array.from(into)).toEqual(want.picked);
        into.fill(-1);
      }
    });

    it('is ignored (a fresh array answers) when its length, its dtype or the byte order does not fit', async () => {
      const want = expected['many-chunks']!;
      for (const into of [new Float64Array(want.picked.length + 1), new Float32Array(want.picked.length)]) {
        const read = await file.read('/many-chunks', { cols: want.cols, into });
        expect(read.data).not.toBe(into);
        expect(Array.from(read.data as Float64Array)).toEqual(want.picked);
      }
      const be = expected['big-endian']!;
      const into = new Float64Array(be.picked.length);
      const read = await file.read('/big-endian', { cols: be.cols, into });
      expect(read.data).not.toBe(into);
      expect(Array.from(read.data as Float64Array)).toEqual(be.picked);
    });
  });
});
