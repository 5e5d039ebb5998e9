/**
 * SupportMemo: a loaded SGD model's support (estimators/sgd/weight-support.ts) is computed at its first
 * use by training, not at setCoefficients, and only for the coefficient array it was loaded with.
 */
import { describe, expect, it } from 'vitest';
import { SupportMemo, weightSupport } from '../src/estimators/sgd/weight-support.js';

describe('SupportMemo', () => {
  it('computes a loaded support when first asked, from the array as it is then', () => {
    const coef = new Float64Array(16);
    const memo = new SupportMemo();
    memo.loaded(coef, 2, 8);
    coef[3] = 1.5; // changed after loading, before the first use: the support sees it
    coef[8 + 5] = -0;
    expect(Array.from(memo.of(coef)!)).toEqual([3, 5]);
    expect(Array.from(weightSupport(coef, 2, 8)!)).toEqual([3, 5]);
    coef[0] = 2; // once computed, it is kept
    expect(Array.from(memo.of(coef)!)).toEqual([3, 5]);
    expect(memo.of(new Float64Array(16))).toBeNull(); // another array: unknown
  });

  it('computes nothing when asked about another array (a fresh fit), and keeps the loaded one pending', () => {
    const coef = Float64Array.from([0, 0, 3, 0, 0, 0, 0, 0]);
    const memo = new SupportMemo();
    memo.loaded(coef, 1, 8);
    expect(memo.of(new Float64Array(8))).toBeNull();
    coef[5] = 1; // still pending: the support is computed from the array as it is at its first use
    expect(Array.from(memo.of(coef)!)).toEqual([2, 5]);
  });

  it('knows nothing after set(undefined), nor for non-finite or dense weights', () => {
    const memo = new SupportMemo();
    const coef = Float64Array.from([0, 1, 0, 0, 0, 0, 0, 0]);
    memo.loaded(coef, 1, 8);
    memo.set(undefined);
    expect(memo.of(coef)).toBeNull();
    memo.loaded(Float64Array.from([0, Number.NaN, 0, 0]), 1, 4);
    expect(memo.of(coef)).toBeNull();
    const dense = Float64Array.from([1, 1, 0, 0, 0, 0, 0, 0]); // 2 of 8 columns: at SUPPORT_MAX_FRACTION
    memo.loaded(dense, 1, 8);
    expect(Array.from(memo.of(dense)!)).toEqual([0, 1]);
    const denser = Float64Array.from([1, 1, 1, 0, 0, 0, 0, 0]); // 3 of 8: over SUPPORT_MAX_FRACTION
    memo.loaded(denser, 1, 8);
    expect(memo.of(denser)).toBeNull();
  });
});
