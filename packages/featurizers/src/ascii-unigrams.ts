/**
 * The default analyzer's fast path for ASCII documents (most of a typical English corpus): the native
 * TextEncoder copies the document out as bytes (one per code unit tells it is ASCII), then one pass lowercases
 * the `(?u)\b\w\w+\b` tokens ([0-9A-Za-z_] runs of two or more in ASCII) in place and looks each byte range up
 * by its MurmurHash3, without making a string. Anything non-ASCII returns -1 and the caller takes the general
 * scanner (hashing-kernel.ts's FusedWordScanner), which knows Python's Unicode rules.
 */
import { murmurhash3Bytes } from './murmurhash3.js';
import type { TermLookup } from './term-counter.js';

const WORD_LOWER = new Uint8Array(128);
const WORD_AS_IS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  WORD_AS_IS[c] = word ? c : 0;
  WORD_LOWER[c] = word ? (c >= 65 && c <= 90 ? c + 32 : c) : 0;
}

let buffer = new Uint8Array(4096);
let encoder: TextEncoder | undefined;

/**
 * Writes the column of every unigram of `s` (its tokens, lowered when `lowercase`; -1 for unknown terms) into
 * `columns` (room for s.length / 2 + 1) and returns how many; -1, with nothing written, when `s` holds a
 * non-ASCII character.
 */
export function scanAsciiUnigrams(s: string, lowercase: boolean, lookup: TermLookup, columns: Int32Array): number {
  const len = s.length;
  if (buffer.length < len + 1) buffer = new Uint8Array(len * 2 + 64);
  const bytes = buffer;
  // the native encoder copies the string out at memory speed; one byte per code unit means all ASCII
  encoder ??= new TextEncoder();
  const { read, written } = encoder.encodeInto(s, bytes);
  if (read !== len || written !== len) return -1;
  bytes[len] = 0; // a non-word byte ends the last token
  const table = lowercase ? WORD_LOWER : WORD_AS_IS;
  let n = 0;
  for (let i = 0; i < len; ) {
    let b = table[bytes[i]!]!;
    if (b === 0) {
      i++;
      continue;
    }
    // a token: lowered in place, so that it is the byte range it was read from
    const start = i;
    do {
      bytes[i++] = b;
      b = table[bytes[i]!]!;
    } while (b !== 0);
    if (i - start >= 2) columns[n++] = lookup.byHashedBytes(bytes, start, i, murmurhash3Bytes(bytes, start, i));
  }
  return n;
}
