/**
 * numpy 1.24's default `argsort` (kind='quicksort') for 64-bit integers, step for step: introsort with a
 * median-of-three pivot, insertion sort for 16 elements or fewer (`SMALL_QUICKSORT` 15) and heapsort past the depth limit
 * (numpy/core/src/npysort/quicksort.cpp `aquicksort_`, heapsort.cpp `aheapsort_`). It is not stable, and
 * CountVectorizer's `max_features` keeps the first `limit` of `(-tfs[mask]).argsort()`
 * (sklearn/feature_extraction/text.py `_limit_features`), so equal counts are broken exactly as numpy
 * breaks them only by running numpy's own algorithm. numpy 1.25+ dispatches to AVX-512 sorts on some CPUs;
 * the version installed with scikit-learn 1.2.1 here (1.24) does not for argsort.
 */

const SMALL_QUICKSORT = 15;

/** Index of the most significant set bit (`npy_get_msb`). */
function msb(n: number): number {
  let depth = 0;
  while ((n >>= 1) > 0) depth++;
  return depth;
}

function swap(t: Int32Array, i: number, j: number): void {
  const tmp = t[i]!;
  t[i] = t[j]!;
  t[j] = tmp;
}

/** The permutation numpy's `np.argsort(v)` returns for an integer-valued array. */
export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const tosort = new Int32Array(num);
  for (let i = 0; i < num; i++) tosort[i] = i;
  if (num > 1) aquicksort(v, tosort, num);
  return tosort;
}

function aquicksort(v: ArrayLike<number>, t: Int32Array, num: number): void {
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depths: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    if (cdepth < 0) {
      aheapsort(v, t, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[t[pm]!]! < v[t[pl]!]!) swap(t, pm, pl);
        if (v[t[pr]!]! < v[t[pm]!]!) swap(t, pr, pm);
        if (v[t[pm]!]! < v[t[pl]!]!) swap(t, pm, pl);
        const vp = v[t[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(t, pm, pj);
        for (;;) {
          do ++pi;
          while (v[t[pi]!]! < vp);
          do --pj;
          while (vp < v[t[pj]!]!);
          if (pi >= pj) break;
          swap(t, pi, pj);
        }
        const pk = pr - 1;
        swap(t, pi, pk);
        // push the larger partition on the stack, go on with the smaller one
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = t[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        let pk = pi - 1;
        while (pj > pl && vp < v[t[pk]!]!) t[pj--] = t[pk--]!;
        t[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
}

/** numpy's `aheapsort_` on t[start, start + n) (1-based heap indices, as the C code). */
function aheapsort(v: ArrayLike<number>, t: Int32Array, start: number, n: number): void {
  // a[1..n] is t[start - 1 + 1 .. start - 1 + n]
  const base = start - 1;
  let i: number;
  let j: number;
  let l: number;
  let tmp: number;
  for (l = n >> 1; l > 0; --l) {
    tmp = t[base + l]!;
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && v[t[base + j]!]! < v[t[base + j + 1]!]!) j += 1;
      if (v[tmp]! < v[t[base + j]!]!) {
        t[base + i] = t[base + j]!;
        i = j;
        j += j;
      } else break;
    }
    t[base + i] = tmp;
  }
  for (; n > 1; ) {
    tmp = t[base + n]!;
    t[base + n] = t[base + 1]!;
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && v[t[base + j]!]! < v[t[base + j + 1]!]!) j++;
      if (v[tmp]! < v[t[base + j]!]!) {
        t[base + i] = t[base + j]!;
        i = j;
        j += j;
      } else break;
    }
    t[base + i] = tmp;
  }
}
