/**
 * Every chunk index HDF5 writes (fixed array, paged and filtered; extensible array, on either axis and
 * with secondary blocks; version-2 B-tree; single chunk; implied; unwritten chunks as fill values),
 * written by live h5py with libver 'latest' and read through hdf5-js, whole and by selection,
 * compared with what h5py reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetInfo, StoredFile } from '@icepickle/core';
import { hasSklearn, python } from '@icepickle/test-utils';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hdf5Js } from '../src/node.js';

const here = dirname(fileURLToPath(import.meta.url));
type Expected = Record<string, { shape: number[]; values: number[] }>;

describe.runIf(hasSklearn())('chunk indexes written by h5py', () => {
  let dir: string;
  let expected: Expected;
  let file: StoredFile;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdf5-js-indexes-'));
    const r = spawnSync(python, [join(here, 'chunk_indexes.py'), dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    expected = JSON.parse(r.stdout) as Expected;
    file = await hdf5Js().open(join(dir, 'indexes.h5'));
  });
  afterAll(async () => {
    await file?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const names = [
    'fixed-array',
    'fixed-array-gzip',
    'fixed-array-paged',
    'fixed-array-paged-filtered',
    'fixed-array-maxshape',
    'extensible-array',
    'extensible-array-filtered',
    'extensible-array-many',
    'extensible-array-second-axis',
    'btree-v2',
    'btree-v2-gzip',
    'single-chunk',
    'single-chunk-gzip',
    'big-endian-int',
    'float32-shuffle',
    'partial',
    'implied',
  ];

  it('wrote every case', () => {
    expect(Object.keys(expected).sort()).toEqual([...names].sort());
  });

  it.each(names)('%s: whole, a row range, and columns', async (name) => {
    const want = expected[name]!;
    const info = file.list().find((n) => n.path === `/${name}`) as DatasetInfo;
    expect(info.layout).toBe('chunked');
    const whole = await file.read(`/${name}`);
    expect(whole.shape).toEqual(want.shape);
    expect(Array.from(whole.data as ArrayLike<number>)).toEqual(want.values);
    const [rows, cols] = want.shape as [number, number];
    const r0 = Math.floor(rows / 3);
    const r1 = Math.min(rows, r0 + 5);
    const byRows = await file.read(`/${name}`, { rows: [r0, r1] });
    expect(Array.from(byRows.data as ArrayLike<number>)).toEqual(want.values.slice(r0 * cols, r1 * cols));
    const picked = [cols - 1, 0, Math.floor(cols / 2), cols - 1];
    const byCols = await file.read(`/${name}`, { cols: picked });
    const wantCols = Array.from({ length: rows }, (_, r) => picked.map((c) => want.values[r * cols + c]!)).flat();
    expect(Array.from(byCols.data as ArrayLike<number>)).toEqual(wantCols);
  });
});
