/**
 * Python's `str` ordering: by code point. JavaScript's default string order compares UTF-16 units, which
 * puts astral characters (surrogate pairs) before U+E000–U+FFFF; CountVectorizer sorts its vocabulary with
 * Python's `sorted(vocabulary.items())` (sklearn/feature_extraction/text.py `_sort_features`), so column
 * order must follow code points, lone surrogates included.
 */

function isHigh(u: number): boolean {
  return u >= 0xd800 && u < 0xdc00;
}
function isLow(u: number): boolean {
  return u >= 0xdc00 && u < 0xe000;
}

/** Negative, zero or positive as Python's `a < b`, `a == b`, `a > b`. */
export function comparePython(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ua = a.charCodeAt(i);
  const ub = b.charCodeAt(i);
  // Both below the surrogate block, or both BMP non-surrogates: the unit order is the code point order.
  if ((ua < 0xd800 && ub < 0xd800) || (ua >= 0xe000 && ub >= 0xe000)) return ua - ub;
  return codePointAt(a, i) - codePointAt(b, i);
}

/** The code point that the unit at i belongs to (a pair starting at i - 1 when i holds its low half). */
function codePointAt(s: string, i: number): number {
  const u = s.charCodeAt(i);
  if (isLow(u) && i > 0 && isHigh(s.charCodeAt(i - 1))) return s.codePointAt(i - 1)!;
  if (isHigh(u) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) return s.codePointAt(i)!;
  return u;
}

/** Indices 0..n-1 ordered as Python's `sorted` orders `terms` (terms are distinct, so stability is moot). */
export function pythonSortOrder(terms: readonly string[]): Int32Array {
  const order = Int32Array.from(terms, (_, i) => i);
  // Plain unit order is right for most vocabularies; fall back to the code point comparator only if needed.
  let surrogates = false;
  for (const t of terms) {
    for (let k = 0; k < t.length; k++) {
      const u = t.charCodeAt(k);
      if (u >= 0xd800 && u < 0xe000) {
        surrogates = true;
        break;
      }
    }
    if (surrogates) break;
  }
  const sorted = Array.from(order).sort(
    surrogates
      ? (x, y) => comparePython(terms[x]!, terms[y]!)
      : (x, y) => {
          const a = terms[x]!;
          const b = terms[y]!;
          return a < b ? -1 : a > b ? 1 : 0;
        },
  );
  order.set(sorted);
  return order;
}
