/** Character n-grams (`_char_ngrams`, `_char_wb_ngrams`) hashed from the document's bytes. */
import { murmurhash3Bytes } from '../murmurhash3.js';
import { SPACE, flags } from '../python-unicode.js';
import type { DocBuffer } from './doc-buffer.js';
import type { RowAccumulator } from './row-accumulator.js';
import type { NgramRange } from './word-ngrams.js';

/** `_char_ngrams` on a whitespace-normalised, encoded document. */
export function hashCharNgrams(doc: DocBuffer, range: NgramRange, acc: RowAccumulator): void {
  const { bytes, off } = doc;
  const len = doc.len;
  const check = doc.surrogates > 0;
  const stop = Math.min(range.max + 1, len + 1);
  for (let n = range.min; n < stop; n++) {
    for (let i = 0; i < len - n + 1; i++) {
      if (check) doc.checkRange(i, i + n);
      acc.addHash(murmurhash3Bytes(bytes, off[i]!, off[i + n]!));
    }
  }
}

let padBytes = new Uint8Array(1024);
let padOff = new Int32Array(256);

/** `_char_wb_ngrams`: per whitespace-separated word, padded with spaces; short words once. */
export function hashCharWbNgrams(doc: DocBuffer, range: NgramRange, acc: RowAccumulator): void {
  const f = flags();
  const { cps, bytes, off } = doc;
  const len = doc.len;
  let i = 0;
  while (i < len) {
    if ((f[cps[i]!]! & SPACE) !== 0) {
      i++;
      continue;
    }
    const a = i;
    while (i < len && (f[cps[i]!]! & SPACE) === 0) i++;
    const b = i;
    if (doc.surrogates > 0) doc.checkRange(a, b);
    const wLen = b - a + 2;
    const nBytes = off[b]! - off[a]! + 2;
    if (padBytes.length < nBytes) padBytes = new Uint8Array(nBytes * 2);
    if (padOff.length < wLen + 1) padOff = new Int32Array((wLen + 1) * 2);
    padBytes[0] = 0x20;
    padBytes.set(bytes.subarray(off[a]!, off[b]!), 1);
    padBytes[nBytes - 1] = 0x20;
    padOff[0] = 0;
    const shift = 1 - off[a]!;
    for (let k = a; k <= b; k++) padOff[k - a + 1] = off[k]! + shift;
    padOff[wLen] = nBytes;
    for (let n = range.min; n < range.max + 1; n++) {
      let offset = 0;
      acc.addHash(murmurhash3Bytes(padBytes, 0, padOff[Math.min(wLen, n)]!));
      while (offset + n < wLen) {
        offset += 1;
        acc.addHash(murmurhash3Bytes(padBytes, padOff[offset]!, padOff[offset + n]!));
      }
      if (offset === 0) break;
    }
  }
}
