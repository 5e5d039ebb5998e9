/**
 * numpy 1.24's summation orders, where scikit-learn's result depends on them: contiguous reductions are
 * pairwise (`DOUBLE_pairwise_sum`, numpy/core/src/umath/loops_utils.h.src), and `einsum('ij,ij->i')`
 * (scikit-learn's row_norms) accumulates products in two SSE lanes, four vectors per step
 * (`sum_of_products_contig_contig_outstride0_two`, numpy/core/src/multiarray/einsum_sumprod.c.src).
 */

/**
 * Σ values[start .. start+n) in numpy's pairwise order; `map` is applied to each value first (e.g. abs), or
 * `mapAt`, which also receives the value's index.
 */
export function pairwiseSum(
  values: ArrayLike<number>,
  start: number,
  n: number,
  map?: (v: number) => number,
  mapAt?: (v: number, index: number) => number,
): number {
  if (mapAt) {
    const mapped = new Float64Array(n);
    for (let i = 0; i < n; i++) mapped[i] = mapAt(values[start + i]!, start + i);
    return pairwiseSum(mapped, 0, n);
  }
  const at = map ?? identity;
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += at(values[start + i]!);
    return res;
  }
  if (n <= 128) {
    let r0 = at(values[start]!);
    let r1 = at(values[start + 1]!);
    let r2 = at(values[start + 2]!);
    let r3 = at(values[start + 3]!);
    let r4 = at(values[start + 4]!);
    let r5 = at(values[start + 5]!);
    let r6 = at(values[start + 6]!);
    let r7 = at(values[start + 7]!);
    const blocks = n - (n % 8);
    let i = 8;
    for (; i < blocks; i += 8) {
      r0 += at(values[start + i]!);
      r1 += at(values[start + i + 1]!);
      r2 += at(values[start + i + 2]!);
      r3 += at(values[start + i + 3]!);
      r4 += at(values[start + i + 4]!);
      r5 += at(values[start + i + 5]!);
      r6 += at(values[start + i + 6]!);
      r7 += at(values[start + i + 7]!);
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += at(values[start + i]!);
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half, map) + pairwiseSum(values, start + half, n - half, map);
}

/** Σ x² over values[start .. start+n) as numpy's einsum('ij,ij->i') adds it (no FMA in the baseline build). */
export function einsumSquares(values: ArrayLike<number>, start: number, n: number): number {
  let lane0 = 0;
  let lane1 = 0;
  let i = 0;
  for (; n - i >= 8; i += 8) {
    for (let k = 3; k >= 0; k--) {
      const a = values[start + i + 2 * k]!;
      const b = values[start + i + 2 * k + 1]!;
      lane0 = a * a + lane0;
      lane1 = b * b + lane1;
    }
  }
  for (; i < n; i += 2) {
    const a = values[start + i]!;
    lane0 = a * a + lane0;
    if (i + 1 < n) {
      const b = values[start + i + 1]!;
      lane1 = b * b + lane1;
    }
  }
  return 0 + (lane0 + lane1);
}

function identity(v: number): number {
  return v;
}
