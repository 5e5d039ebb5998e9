/**
 * numpyArgsort against live numpy: CountVectorizer's max_features tie-breaking depends on numpy's unstable
 * quicksort, so the permutation must be numpy's own, not merely a sorted one.
 */
import { describe, expect, it } from 'vitest';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { numpyArgsort } from '../src/numpy-argsort.js';

/** Deterministic pseudo-random integers (a small LCG), so the cases are the same on every run. */
function lcgInts(n: number, range: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(-(s % range));
  }
  return out;
}

const CASES: number[][] = [
  [],
  [5],
  [3, 1, 2],
  [-2, -2, -2, -1, -1, -3, -2, -1, -3, -3, -2, -1, -1, -2, -3, -1, -2, -2, -1, -3],
  lcgInts(17, 3, 1),
  lcgInts(100, 2, 2),
  lcgInts(1000, 5, 3),
  lcgInts(5000, 50, 4),
  lcgInts(30000, 7, 5),
  Array.from({ length: 2000 }, (_, i) => -(i % 3)),
  Array.from({ length: 3000 }, () => -4),
  // median-of-3 killer shapes push numpy towards its heapsort fallback
  Array.from({ length: 4096 }, (_, i) => (i % 2 === 0 ? i : 4096 - i)),
  Array.from({ length: 4096 }, (_, i) => -i),
];

describe.skipIf(!hasSklearn())('numpyArgsort', () => {
  it('returns the permutation numpy 1.24 np.argsort returns (ties included)', () => {
    const ref = runPythonCode<number[][]>(
      'import json, sys, numpy as np\n' +
        'print(json.dumps([np.asarray(c, dtype=np.int64).argsort().tolist() for c in json.load(sys.stdin)]))',
      CASES,
    );
    for (const [k, c] of CASES.entries()) expect(Array.from(numpyArgsort(c)), `case ${k}`).toEqual(ref[k]);
  });
  it('is not a stable sort (ties are permuted as numpy permutes them)', () => {
    const c = lcgInts(1000, 3, 9);
    const stable = c.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(Array.from(numpyArgsort(c))).not.toEqual(stable.map((x) => x[1]));
  });
});
