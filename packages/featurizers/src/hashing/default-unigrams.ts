/** The default configuration's fast path: unigrams hashed while they are scanned. */
import { encodeCodePoint } from '../murmurhash3.js';
import { HAS_LOWER, WORD, flags, lowerTable } from '../python-unicode.js';
import { ASCII_WORD, ASCII_WORD_LOWER, lowerSigmaInString } from './fused-word-scanner.js';
import type { RowAccumulator } from './row-accumulator.js';

const UTF8_CP = new Uint8Array(4);

/**
 * Default config fast path (unigrams, no stop words): the scan of FusedWordScanner with MurmurHash3 computed
 * incrementally as each token's UTF-8 bytes are produced, so no byte is stored or read twice. Written without
 * closures so the hash state stays in registers. Returns false (with the row cleared) for a document whose
 * lowercasing maps one code point to several (only U+0130 in Python 3.11): the caller takes the general path.
 */
export function hashDefaultUnigrams(s: string, lowercase: boolean, acc: RowAccumulator): boolean {
  const f = flags();
  const lower = lowercase ? lowerTable() : undefined;
  const asciiTable = lowercase ? ASCII_WORD_LOWER : ASCII_WORD;
  let h1 = 0;
  let k = 0;
  let shift = 0;
  let nBytes = 0;
  let tokLen = 0;
  const len = s.length;
  for (let i = 0; i <= len; i++) {
    let c = i < len ? s.charCodeAt(i) : 0x20;
    if (c < 0x80) {
      const b = asciiTable[c]!;
      if (b !== 0) {
        k |= b << shift;
        shift += 8;
        nBytes++;
        tokLen++;
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
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < len) {
        const v = s.charCodeAt(i + 1);
        if (v >= 0xdc00 && v < 0xe000) {
          c = ((c - 0xd800) << 10) + (v - 0xdc00) + 0x10000;
          i++;
        }
      }
      if (lower !== undefined && (f[c]! & HAS_LOWER) !== 0) {
        const m = c === 0x3a3 ? lowerSigmaInString(s, i) : lower.get(c)!;
        if (typeof m !== 'number') {
          acc.clear(); // forget this row's features so far; the caller redoes the document
          return false;
        }
        c = m;
      }
      if ((f[c]! & WORD) !== 0) {
        const n = encodeCodePoint(c, UTF8_CP, 0);
        for (let j = 0; j < n; j++) {
          k |= UTF8_CP[j]! << shift;
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
        }
        nBytes += n;
        tokLen++;
        continue;
      }
    }
    // not a word character: close the current token (two or more code points are a token)
    if (tokLen >= 2) {
      if (shift !== 0) {
        k = Math.imul(k, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        h1 ^= Math.imul(k, 0x1b873593);
      }
      h1 ^= nBytes;
      h1 ^= h1 >>> 16;
      h1 = Math.imul(h1, 0x85ebca6b);
      h1 ^= h1 >>> 13;
      h1 = Math.imul(h1, 0xc2b2ae35);
      h1 ^= h1 >>> 16;
      acc.addHash(h1 | 0);
    }
    if (tokLen !== 0) {
      h1 = 0;
      k = 0;
      shift = 0;
      nBytes = 0;
      tokLen = 0;
    }
  }
  return true;
}
