/**
 * The default analyzer's fast path for ASCII documents (most of a typical English corpus): one pass that
 * lowercases, finds the `(?u)\b\w\w+\b` tokens ([0-9A-Za-z_] runs of two or more in ASCII), writes their
 * bytes and computes their MurmurHash3 as it goes, so the term table is probed without reading a token
 * twice. Anything non-ASCII returns false and the caller takes the general scanner (hashing-kernel.ts's
 * FusedWordScanner), which knows Python's Unicode rules.
 */
import type { TermLookup } from './term-counter.js';

const WORD_LOWER = new Uint8Array(128);
const WORD_AS_IS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  WORD_AS_IS[c] = word ? c : 0;
  WORD_LOWER[c] = word ? (c >= 65 && c <= 90 ? c + 32 : c) : 0;
}

let buffer = new Uint8Array(4096);

/**
 * Writes the column of every unigram of `s` (its tokens, lowered when `lowercase`; -1 for unknown terms) into
 * `columns` (room for s.length / 2 + 1) and returns how many; -1, with nothing written, when `s` holds a
 * non-ASCII character.
 */
export function scanAsciiUnigrams(s: string, lowercase: boolean, lookup: TermLookup, columns: Int32Array): number {
  const len = s.length;
  for (let i = 0; i < len; i++) if (s.charCodeAt(i) >= 0x80) return -1;
  if (buffer.length < len + 1) buffer = new Uint8Array(len * 2 + 64);
  const bytes = buffer;
  const table = lowercase ? WORD_LOWER : WORD_AS_IS;
  let n = 0;
  let at = 0;
  let start = 0;
  let h1 = 0;
  let k = 0;
  let shift = 0;
  for (let i = 0; i <= len; i++) {
    const b = i < len ? table[s.charCodeAt(i)]! : 0;
    if (b !== 0) {
      bytes[at++] = b;
      k |= b << shift;
      shift += 8;
      if (shift === 32) {
        k = Math.imul(k, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        h1 ^= Math.imul(k, 0x1b873593);
        h1 = (h1 << 13) | (h1 >>> 19);
        h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
        k = 0;
        shift = 0;
      }
      continue;
    }
    const tokLen = at - start;
    if (tokLen >= 2) {
      if (shift !== 0) {
        k = Math.imul(k, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        h1 ^= Math.imul(k, 0x1b873593);
      }
      h1 ^= tokLen;
      h1 ^= h1 >>> 16;
      h1 = Math.imul(h1, 0x85ebca6b);
      h1 ^= h1 >>> 13;
      h1 = Math.imul(h1, 0xc2b2ae35);
      h1 ^= h1 >>> 16;
      columns[n++] = lookup.byHashedBytes(bytes, start, at, h1 | 0);
    }
    if (tokLen !== 0) {
      h1 = 0;
      k = 0;
      shift = 0;
      start = at;
    }
  }
  return n;
}
