/**
 * Errors are one line; libhdf5's error stack is their cause. A chunk whose data no longer matches its
 * Fletcher-32 checksum (test-utils' generate_damaged_checksum.py) passes every structural check and
 * fails inside libhdf5: the error names the file, the dataset and libhdf5's reason on one line, and
 * `cause` is an Error whose message is libhdf5's own report (H5Eprint2's text, as h5py prints it).
 * hdf5-wasm's errors.test.ts checks the same file the same way.
 */
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures } from '@icepickle/test-utils';
import { describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { nativeAvailable } from './helpers.js';

const damaged = join(storageFixtures, 'damaged-checksum.h5');

async function readError(): Promise<unknown> {
  const file = await hdf5Node().open(damaged);
  try {
    await file.read('/coef');
  } catch (error) {
    return error;
  } finally {
    await file.close();
  }
  throw new Error('the damaged chunk was read without an error');
}

describe.skipIf(!nativeAvailable())('hdf5-node errors', () => {
  test('a damaged chunk: READ_FAILED on one line, libhdf5 error stack in cause', async () => {
    const error = await readError();
    expect(isIcepickleError(error, 'READ_FAILED')).toBe(true);
    const { message, cause } = error as Error;
    expect(message.split('\n')).toEqual([message]);
    expect(message).toContain(damaged);
    expect(message).toContain('could not read dataset "/coef": data error detected by Fletcher32 checksum');
    expect(cause).toBeInstanceOf(Error);
    expect((cause as Error).name).toBe('HDF5Error');
    const stack = (cause as Error).message.split('\n');
    expect(stack[0]).toMatch(/^HDF5-DIAG: Error detected in HDF5 \(1\.\d+\.\d+\)/);
    expect(stack.length).toBeGreaterThanOrEqual(4);
    expect(
      stack.some((line) => /H5Z__filter_fletcher32\(\): data error detected by Fletcher32 checksum/.test(line)),
    ).toBe(true);
  });
});
