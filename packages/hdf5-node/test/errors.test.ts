/**
 * Errors are one line. A chunk whose data no longer matches its Fletcher-32 checksum (test-utils'
 * generate_damaged_checksum.py) passes every structural check; chunked data is read by hdf5-js (the
 * one parser, which verifies the checksum), so the error is hdf5-js's, on one line naming the file,
 * the dataset and the reason, exactly as on hdf5-js and hdf5-wasm. libhdf5's own error stack still
 * reaches `cause` where libhdf5 fails: writes (write.test.ts, the atomic-replace test).
 */
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Js } from '@icepickle/hdf5-js';
import { storageFixtures } from '@icepickle/test-utils';
import { describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { nativeAvailable } from './helpers.js';

const damaged = join(storageFixtures, 'damaged-checksum.h5');

async function readError(backend: { open(path: string): Promise<import('@icepickle/core').StoredFile> }) {
  const file = await backend.open(damaged);
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
  test('a damaged chunk: READ_FAILED on one line, the same as hdf5-js', async () => {
    const error = await readError(hdf5Node());
    expect(isIcepickleError(error, 'READ_FAILED')).toBe(true);
    const { message } = error as Error;
    expect(message.split('\n')).toEqual([message]);
    expect(message).toContain(damaged);
    expect(message).toContain('(object /coef): fletcher32 checksum mismatch');
    expect(error).toMatchObject({ object: '/coef' });
    const js = (await readError(hdf5Js())) as Error;
    expect(message).toBe(js.message);
  });
});
