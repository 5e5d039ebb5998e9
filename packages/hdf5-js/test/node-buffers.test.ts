/**
 * Node Buffers as sources: a Buffer's slice() shares its memory (often a pooled ArrayBuffer at an odd
 * offset), so the backend copies what it is given and decodes numbers from fresh buffers. Found by the
 * cross-backend test: a 2 MiB attribute read from a Buffer failed with "byte length of Float64Array
 * should be a multiple of 8".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { storageFixtures } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { hdf5Js } from '../src/node.js';

const expected = JSON.parse(readFileSync(join(storageFixtures, 'expected.json'), 'utf8')) as {
  dtypes: Record<string, { values: Array<number | string> }>;
};

/** The file's bytes in a Buffer that starts at an odd offset of a larger ArrayBuffer. */
function oddBuffer(file: string): Buffer {
  const bytes = readFileSync(join(storageFixtures, file));
  const big = Buffer.alloc(bytes.length + 3);
  bytes.copy(big, 3);
  return big.subarray(3);
}

describe('hdf5-js over Node Buffers', () => {
  it('reads numbers right from a Buffer at an odd offset, and keeps its own copy', async () => {
    const buffer = oddBuffer('dtypes.h5');
    expect(buffer.byteOffset % 8).not.toBe(0);
    const file = await hdf5Js().open(buffer);
    buffer.fill(0); // the caller's bytes change: the open file must not
    try {
      for (const name of ['float64', 'float32', 'int64', 'int32']) {
        const read = await file.read(`/${name}`);
        // int64 values are written as strings in expected.json (exact beyond 2^53)
        const got = Array.from(read.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? String(v) : v));
        expect(got, name).toEqual(expected.dtypes[name]!.values);
      }
    } finally {
      await file.close();
    }
  });
});
