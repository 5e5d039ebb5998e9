/**
 * Character n-grams looked up by their UTF-8 bytes (sklearn/feature_extraction/text.py `_char_ngrams`,
 * `_char_wb_ngrams`), without making a string per n-gram: the document is loaded into hashing-kernel.ts's
 * DocBuffer (Python's `str.lower()`, whitespace runs collapsed, UTF-8 with per-code-point offsets), so an
 * n-gram of code points [i, i + n) is the byte range off[i]..off[i + n]. Same n-grams, in the same
 * multiplicity, as analyzers.ts's string versions.
 */
import type { DocBuffer } from './hashing-kernel.js';
import { SPACE, flags } from './python-unicode.js';
import type { TermLookup } from './term-counter.js';

/** Receives each n-gram's column (-1 when unknown). */
export type ColumnSink = (column: number) => void;

/** `_char_ngrams` over an encoded, whitespace-normalised document. */
export function lookupCharNgrams(
  doc: DocBuffer,
  minN: number,
  maxN: number,
  lookup: TermLookup,
  add: ColumnSink,
): void {
  const { bytes, off } = doc;
  const len = doc.len;
  const stop = Math.min(maxN + 1, len + 1);
  for (let n = minN; n < stop; n++) {
    for (let i = 0; i + n <= len; i++) add(lookup.byBytes(bytes, off[i]!, off[i + n]!));
  }
}

let padBytes = new Uint8Array(1024);
let padOff = new Int32Array(256);

/** `_char_wb_ngrams`: each whitespace-separated word padded with one space each side; short words once. */
export function lookupCharWbNgrams(
  doc: DocBuffer,
  minN: number,
  maxN: number,
  lookup: TermLookup,
  add: ColumnSink,
): void {
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
    padWord(bytes, off, a, i);
    const wLen = i - a + 2;
    for (let n = minN; n < maxN + 1; n++) {
      let offset = 0;
      add(lookup.byBytes(padBytes, 0, padOff[Math.min(wLen, n)]!));
      while (offset + n < wLen) {
        offset += 1;
        add(lookup.byBytes(padBytes, padOff[offset]!, padOff[offset + n]!));
      }
      if (offset === 0) break;
    }
  }
}

/** " " + word + " " in padBytes, with the code point offsets in padOff. */
function padWord(bytes: Uint8Array, off: Int32Array, a: number, b: number): void {
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
}
