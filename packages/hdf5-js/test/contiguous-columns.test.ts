/**
 * Scattered columns of contiguous data (contiguous-columns.ts), little- and big-endian, float64, float32
 * and int16, of rank 1 and 2, with rows short and long enough to be read several per range or in pieces:
 * written by live h5py (contiguous_columns.py) and compared bit for bit (NaN payloads too) with h5py's
 * selection, through each way hdf5-js reads bytes: a local file (synchronous reads into a scratch), bytes
 * in memory as hdf5-wasm hands them over (views), the same bytes at an odd address (no aligned word
 * view), and a source that only has read() (asynchronous, batched).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoredArray, StoredFile } from '@icepickle/core';
import { hasSklearn, runPythonJson } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ByteSource, bytesSource, openByteSource } from '../src/index.js';
import { hdf5Js } from '../src/node.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  dataset: string;
  rows: [number, number] | null;
  cols: number[];
  shape: number[];
  hex: string;
}

/** The result's bytes in little-endian order, as hex (the host is little-endian: typed arrays are). */
function hexOf(a: StoredArray): string {
  const data = a.data as Float64Array | Float32Array | Int16Array;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
}

/** `bytes` copied to an odd address of a bigger buffer: no 32-bit view of them is possible. */
function atOddAddress(bytes: Uint8Array): Uint8Array {
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  return shifted.subarray(1);
}

/** A source with read() alone, each read a fresh copy (no readInto, no synchronous reads). */
function readOnlySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.slice(offset, offset + length) };
}

describe.runIf(hasSklearn())('scattered columns of contiguous data, as h5py reads them', () => {
  let dir: string;
  let cases: Record<string, Case>;
  const files: Record<string, StoredFile> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdf5-js-contiguous-columns-'));
    cases = runPythonJson<Record<string, Case>>(join(here, 'contiguous_columns.py'), null, [dir]);
    const path = join(dir, 'contiguous.h5');
    const bytes = new Uint8Array(readFileSync(path));
    files['local file'] = await hdf5Js().open(path);
    files['bytes in memory'] = await openByteSource(bytesSource(bytes), 'memory');
    files['bytes at an odd address'] = await openByteSource(bytesSource(atOddAddress(bytes)), 'odd');
    files['a source with read() only'] = await openByteSource(readOnlySource(bytes), 'read-only');
  });
  afterAll(async () => {
    for (const f of Object.values(files)) await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sources = ['local file', 'bytes in memory', 'bytes at an odd address', 'a source with read() only'];
  it('covers every case the generator writes', () => {
    expect(Object.keys(cases).length).toBe(12);
    expect(cases['f8-be scattered']!.hex).not.toBe(cases['f8-le scattered']!.hex);
  });

  for (const source of sources) {
    it(`reads every selection bit for bit through ${source}`, async () => {
      for (const [name, c] of Object.entries(cases)) {
        const got = await files[source]!.read(`/${c.dataset}`, { cols: c.cols, ...(c.rows ? { rows: c.rows } : {}) });
        expect(got.shape, name).toEqual(c.shape);
        expect(hexOf(got), name).toBe(c.hex);
      }
    });
  }

  it('reads into a caller’s array of the host’s byte order, and converts big-endian data', async () => {
    for (const name of ['f8-le scattered', 'f8-be scattered', 'f4-le scattered', 'f4-be scattered']) {
      const c = cases[name]!;
      const Ctor = c.dataset.startsWith('f8') ? Float64Array : Float32Array;
      const into = new Ctor(c.shape[0]! * c.shape[1]!).fill(42);
      const got = await files['bytes in memory']!.read(`/${c.dataset}`, { cols: c.cols, into });
      expect(hexOf(got), name).toBe(c.hex);
      if (c.dataset.endsWith('le')) expect(got.data, name).toBe(into);
    }
  });

  it('refuses columns outside the dataset, typed, before reading', async () => {
    await expect(files['bytes in memory']!.read('/f8-le', { cols: [0, 1000] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
