/**
 * The lazy path (openLinearModel) refuses NaN/Inf as loadCoefficients does: what is known at open (the
 * intercept, and coef's fill value: what its unwritten chunks read as) at open, each coefficient
 * column as it is read, and keeps the allowNonFinite opt-in. On every backend: hdf5-js describes the
 * fill value for all three.
 */
import { join } from 'node:path';
import { CsrMatrix, isIcepickleError, openLinearModel } from '@icepickle/core';
import { hdf5Js } from '@icepickle/hdf5-js';
import { hdf5Node, isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import type { StorageBackend } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { hostileDir } from '../src/hostile.js';

const backends: Array<[string, StorageBackend]> = [
  ['hdf5-wasm', hdf5Wasm()],
  ['hdf5-js', hdf5Js()],
];
if (isHdf5NodeAvailable() || process.env.CI) backends.push(['hdf5-node', hdf5Node()]);

/** One row of four features with a 1 at `col`. */
function row(col: number): CsrMatrix {
  return new CsrMatrix({
    indptr: Int32Array.of(0, 1),
    indices: Int32Array.of(col),
    data: Float64Array.of(1),
    shape: [1, 4],
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return isIcepickleError(error) ? `${error.code} ${error.object}` : `UNTYPED ${String(error)}`;
  }
}

describe.each(backends)('openLinearModel on %s', (_name, backend) => {
  it.each(['nan-one-column.h5'])(
    '%s: clean columns predict, the NaN column is refused when read, allowNonFinite reads it',
    async (file) => {
      const lazy = await openLinearModel(join(hostileDir, file), { backend, estimator: 'SGDClassifier' });
      try {
        expect(await lazy.decisionFunction(row(1))).toEqual([[-1.25 + 0.1, 0 - 0.2, 0.75 + 0.3]]);
        expect(await codeOf(lazy.predict(row(2)))).toBe('NON_FINITE /coef');
        // refused columns are not cached: asking again refuses again
        expect(await codeOf(lazy.predict(row(2)))).toBe('NON_FINITE /coef');
        expect(await codeOf(lazy.predict(row(0)))).toBe('OK');
      } finally {
        await lazy.close();
      }
      const allowed = await openLinearModel(join(hostileDir, file), { backend, allowNonFinite: true });
      try {
        expect((await allowed.decisionFunction(row(2))) as number[][]).toEqual([[Number.NaN, Number.NaN, Number.NaN]]);
      } finally {
        await allowed.close();
      }
    },
  );

  it('nan-fill-unwritten.h5: refused at open (a NaN fill value), opened with allowNonFinite', async () => {
    const file = join(hostileDir, 'nan-fill-unwritten.h5');
    expect(await codeOf(openLinearModel(file, { backend }))).toBe('NON_FINITE /coef');
    const lazy = await openLinearModel(file, { backend, allowNonFinite: true, estimator: 'SGDClassifier' });
    try {
      expect(await lazy.decisionFunction(row(1))).toEqual([[-1.25 + 0.1, 0 - 0.2, 0.75 + 0.3]]);
      expect((await lazy.decisionFunction(row(3))) as number[][]).toEqual([[Number.NaN, Number.NaN, Number.NaN]]);
    } finally {
      await lazy.close();
    }
  });

  it('inf-intercept.h5: refused at open, opened with allowNonFinite', async () => {
    const file = join(hostileDir, 'inf-intercept.h5');
    expect(await codeOf(openLinearModel(file, { backend }))).toBe('NON_FINITE /intercept');
    const lazy = await openLinearModel(file, { backend, allowNonFinite: true });
    expect(((await lazy.decisionFunction(row(0))) as number[][])[0]![1]).toBe(Number.POSITIVE_INFINITY);
    await lazy.close();
  });
});
