/** Word n-grams hashed from token byte ranges (scikit-learn's `_word_ngrams`). */
import { murmurhash3Bytes } from '../murmurhash3.js';
import type { RowAccumulator } from './row-accumulator.js';

export interface NgramRange {
  min: number;
  max: number;
}

let joinBuf = new Uint8Array(1024);

/** Token byte ranges [ts[k], te[k]) inside `bytes`: unigrams, then n-gram windows joined by one space. */
export function hashWordNgrams(
  bytes: Uint8Array,
  ts: Int32Array,
  te: Int32Array,
  count: number,
  range: NgramRange,
  acc: RowAccumulator,
): void {
  let minN = range.min;
  const maxN = range.max;
  if (maxN === 1 || minN === 1) {
    for (let k = 0; k < count; k++) acc.addHash(murmurhash3Bytes(bytes, ts[k]!, te[k]!));
    if (maxN === 1) return;
    minN += 1;
  }
  const stop = Math.min(maxN + 1, count + 1);
  for (let n = minN; n < stop; n++) {
    for (let i = 0; i < count - n + 1; i++) {
      const last = i + n - 1;
      let contiguous = true;
      for (let k = i; k < last; k++) {
        if (te[k]! + 1 !== ts[k + 1]! || bytes[te[k]!] !== 0x20) {
          contiguous = false;
          break;
        }
      }
      if (n > 0 && contiguous) {
        acc.addHash(murmurhash3Bytes(bytes, ts[i]!, te[last]!));
        continue;
      }
      let size = n;
      for (let k = i; k <= last; k++) size += te[k]! - ts[k]!;
      if (joinBuf.length < size) joinBuf = new Uint8Array(size * 2);
      let at = 0;
      for (let k = i; k <= last; k++) {
        if (k > i) joinBuf[at++] = 0x20;
        joinBuf.set(bytes.subarray(ts[k]!, te[k]!), at);
        at += te[k]! - ts[k]!;
      }
      acc.addHash(murmurhash3Bytes(joinBuf, 0, at));
    }
  }
}
