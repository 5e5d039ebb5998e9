/**
 * Errors are one line. A chunk whose data no longer matches its Fletcher-32 checksum (test-utils'
 * generate_damaged_checksum.py) passes every structural check; hdf5-js, which reads for this backend,
 * verifies the checksum: READ_FAILED on one line naming the file, the dataset and the reason (hdf5-node's
 * errors.test.ts checks the same file the same way).
 */
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures } from '@icepickle/test-utils';
import { expect, test } from 'vitest';
import { hdf5Wasm } from '../src/node.js';

test('a damaged chunk: READ_FAILED on one line naming the file, the dataset and the checksum', async () => {
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
  const { message } = error as Error;
  expect(message.split('\n')).toEqual([message]);
  expect(message).toContain(damaged);
  expect(message).toContain('(object /coef): fletcher32 checksum mismatch');
  expect(error).toMatchObject({ object: '/coef' });
});
