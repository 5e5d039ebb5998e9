/**
 * Errors are one line; libhdf5's error stack is their cause, as on hdf5-node (its errors.test.ts reads
 * the same file). The chunk's data no longer matches its Fletcher-32 checksum (test-utils'
 * generate_damaged_checksum.py), which only libhdf5 notices: one line naming the file, the dataset and
 * libhdf5's reason; `cause` is h5wasm's error, whose message is libhdf5's own report.
 */
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures } from '@icepickle/test-utils';
import { expect, test } from 'vitest';
import { hdf5Wasm } from '../src/node.js';

test('a damaged chunk: READ_FAILED on one line, libhdf5 error stack in cause', async () => {
  const damaged = join(storageFixtures, 'damaged-checksum.h5');
  const file = await hdf5Wasm().open(damaged);
  let error: unknown;
  try {
    await file.read('/coef');
  } catch (e) {
    error = e;
  } finally {
    await file.close();
  }
  expect(isIcepickleError(error, 'READ_FAILED')).toBe(true);
  const { message, cause } = error as Error;
  expect(message.split('\n')).toEqual([message]);
  expect(message).toContain(damaged);
  // h5wasm's libhdf5 (2.0.0) stops its stack at the filter pipeline; 1.10.8 names the checksum too.
  expect(message).toContain('could not read dataset "/coef": filter returned failure during read');
  expect(cause).toBeInstanceOf(Error);
  const stack = (cause as Error).message.split('\n');
  expect(stack[0]).toMatch(/^HDF5-DIAG: Error detected in HDF5 \(\d+\.\d+\.\d+\)/);
  expect(stack.length).toBeGreaterThanOrEqual(4);
  expect(stack.some((line) => line.includes('H5Z_pipeline(): filter returned failure during read'))).toBe(true);
});
