/**
 * A loaded SGD model's support (estimators/sgd/weight-support.ts): SupportMemo keeps it for the array
 * it was computed for, and the WebAssembly SIMD scan finds the columns the JavaScript loop finds.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  SUPPORT_MAX_FRACTION,
  SupportMemo,
  weightSupport,
  weightSupportInJavaScript,
} from '../src/estimators/sgd/weight-support.js';
import { scanWeightSupport } from '../src/wasm-kernel/weight-support-scan.js';

describe('SupportMemo', () => {
  it('computes a loaded support at once, for the loaded array only', () => {
    const coef = new Float64Array(16);
    coef[3] = 1.5;
    coef[8 + 5] = -0;
    const memo = new SupportMemo();
    memo.loaded(coef, 2, 8);
    expect(Array.from(memo.of(coef)!)).toEqual([3, 5]);
    expect(memo.of(new Float64Array(16))).toBeNull(); // another array (a fresh fit's): unknown
    memo.set(undefined); // training changed coef_ in place
    expect(memo.of(coef)).toBeNull();
  });

  it('knows nothing for non-finite or dense weights', () => {
    const memo = new SupportMemo();
    const nan = Float64Array.from([0, Number.NaN, 0, 0]);
    memo.loaded(nan, 1, 4);
    expect(memo.of(nan)).toBeNull();
    const dense = Float64Array.from([1, 1, 0, 0, 0, 0, 0, 0]); // 2 of 8 columns: at SUPPORT_MAX_FRACTION
    memo.loaded(dense, 1, 8);
    expect(Array.from(memo.of(dense)!)).toEqual([0, 1]);
    const denser = Float64Array.from([1, 1, 1, 0, 0, 0, 0, 0]); // 3 of 8: over SUPPORT_MAX_FRACTION
    memo.loaded(denser, 1, 8);
    expect(memo.of(denser)).toBeNull();
  });
});

/** A rows × n matrix, mostly +0, with about `share` of its values drawn from `values` (seeded). */
function sparseRows(rows: number, n: number, share: number, values: number[], seed: number): Float64Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const coef = new Float64Array(rows * n);
  for (let i = 0; i < coef.length; i++) if (next() < share) coef[i] = values[Math.floor(next() * values.length)]!;
  return coef;
}

describe('weightSupport in WebAssembly SIMD', () => {
  // the scan takes 2^15 values per block and eight columns per step: sizes around both edges
  const sizes = [1, 7, 8, 9, 63, 64, 65, (1 << 15) - 3, (1 << 15) + 13, 70_001];
  const finite = [1.5, -2.25, -0, 5e-324, -5e-324, Number.MAX_VALUE, 1e-300];

  it('finds the columns the JavaScript loop finds, rows OR-ed, -0 included', () => {
    for (const n of sizes) {
      for (const rows of [1, 3]) {
        for (const share of [0.001, 0.05, 0.3]) {
          const coef = sparseRows(rows, n, share / rows, finite, n * 31 + rows);
          const expected = weightSupportInJavaScript(coef, rows, n);
          const scanned = scanWeightSupport(coef, rows, n, Math.floor(n * SUPPORT_MAX_FRACTION));
          expect(
            scanned === 'none' ? null : Array.from(scanned as Int32Array),
            `n ${n}, rows ${rows}, share ${share}`,
          ).toEqual(expected === null ? null : Array.from(expected));
          expect(weightSupport(coef, rows, n)).toEqual(expected);
        }
      }
    }
  });

  it('refuses NaN and ±Infinity wherever they are, and more columns than the limit', () => {
    for (const n of sizes) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -Number.NaN]) {
        for (const at of [0, n - 1, Math.floor(n / 2)]) {
          const coef = sparseRows(2, n, 0.01, finite, n + at);
          coef[n + at] = bad; // in the second row
          expect(scanWeightSupport(coef, 2, n, n), `n ${n}, ${bad} at ${at}`).toBe('none');
          expect(weightSupportInJavaScript(coef, 2, n)).toBeNull();
        }
      }
      const coef = sparseRows(1, n, 0.5, finite, n);
      let nonZero = 0;
      for (const v of coef) if (!Object.is(v, 0)) nonZero++;
      expect((scanWeightSupport(coef, 1, n, nonZero) as Int32Array).length).toBe(nonZero);
      expect(scanWeightSupport(coef, 1, n, nonZero - 1)).toBe('none');
    }
  });

  it('runs in WebAssembly here (CI must not fall back silently)', () => {
    expect(scanWeightSupport(new Float64Array(16), 1, 16, 4)).toBeInstanceOf(Int32Array);
  });

  it('falls back to the JavaScript loop where WebAssembly cannot run, with the same columns', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const scan = await import('../src/wasm-kernel/weight-support-scan.js');
      const support = await import('../src/estimators/sgd/weight-support.js');
      const coef = sparseRows(2, 1001, 0.02, finite, 3);
      expect(scan.scanWeightSupport(coef, 2, 1001, 250)).toBe('unavailable');
      expect(support.weightSupport(coef, 2, 1001)).toEqual(weightSupportInJavaScript(coef, 2, 1001));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('reads the rows of a view at an offset of its buffer', () => {
    const whole = sparseRows(1, 4 * 1001 + 3, 0.02, finite, 7);
    const view = whole.subarray(3); // not 16-byte aligned
    const expected = weightSupportInJavaScript(view, 4, 1001);
    expect(scanWeightSupport(view, 4, 1001, 1001)).toEqual(expected);
  });
});
