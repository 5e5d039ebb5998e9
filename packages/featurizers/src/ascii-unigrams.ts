/**
 * The default analyzer's fast path for ASCII documents (most of a typical English corpus): the native
 * TextEncoder copies the document out as bytes (one per code unit tells it is ASCII), then one pass lowercases
 * the `(?u)\b\w\w+\b` tokens ([0-9A-Za-z_] runs of two or more in ASCII) in place and looks each byte range up
 * by its MurmurHash3, without making a string. Anything non-ASCII returns -1 and the caller takes the general
 * scanner (hashing-kernel.ts's FusedWordScanner), which knows Python's Unicode rules.
 */
import { WORD, flags, lowerTable } from './python-unicode.js';
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
 * character beyond U+00FF.
 */
export function scanAsciiUnigrams(s: string, lowercase: boolean, lookup: TermLookup, columns: Int32Array): number {
  const len = s.length;
  if (buffer.length < len * 3 + 1) buffer = new Uint8Array(len * 3 + 64);
  const bytes = buffer;
  // the native encoder writes the UTF-8 at memory speed; one byte per code unit means all ASCII
  encoder ??= new TextEncoder();
  const written = encoder.encodeInto(s, bytes).written;
  bytes[written] = 0; // a non-word byte ends the last token
  if (written !== len) return scanLatin1(bytes, written, latinTable(lowercase), lookup, columns);
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
    if (i - start >= 2) columns[n++] = lookup.byBytes(bytes, start, i);
  }
  return n;
}

/** A Latin-1 character with no one-character Latin-1 lower case (none in Python 3's tables; checked anyway). */
const BAIL = 0xffff;
const latinTables: (Uint16Array | undefined)[] = [undefined, undefined];

/**
 * Code point (below 256) → the code point of its `str.lower()` when it is `\w` (itself when not lowering),
 * 0 when it is not `\w`, BAIL when the lower case is not one Latin-1 character; from Python's own tables
 * (python-unicode.ts), built on first use.
 */
function latinTable(lowercase: boolean): Uint16Array {
  const cached = latinTables[lowercase ? 1 : 0];
  if (cached !== undefined) return cached;
  const f = flags();
  const lower = lowerTable();
  const table = new Uint16Array(256);
  for (let c = 0; c < 256; c++) {
    if ((f[c]! & WORD) === 0) continue;
    const l = lowercase ? (lower.get(c) ?? c) : c;
    // in place needs the same width, and for two bytes the same lead byte (c >> 6)
    const fits = typeof l === 'number' && l < 256 && (c < 0x80 ? l < 0x80 : l >> 6 === c >> 6);
    table[c] = fits ? l : BAIL;
  }
  latinTables[lowercase ? 1 : 0] = table;
  return table;
}

/** Whether UTF-8 `bytes[0, end)` holds only characters below U+0100 that `latin` knows (no BAIL). */
function onlyLatin1(bytes: Uint8Array, end: number, latin: Uint16Array): boolean {
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if ((b !== 0xc2 && b !== 0xc3) || latin[((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f)] === BAIL) return false;
    i++;
  }
  return true;
}

/**
 * scanAsciiUnigrams for UTF-8 `bytes[0, end)` holding some U+0080..U+00FF characters (é, £, the C1 controls
 * of mis-decoded cp1252): two bytes each, lowered in place (the lower case of a Latin-1 letter is one too);
 * -1, with nothing looked up, on anything else. Tokens are runs of two or more `\w` characters.
 */
function scanLatin1(bytes: Uint8Array, end: number, latin: Uint16Array, lookup: TermLookup, columns: Int32Array) {
  if (!onlyLatin1(bytes, end, latin)) return -1;
  let n = 0;
  for (let i = 0; i < end; ) {
    if (latinAt(bytes, i, latin) === 0) {
      i += bytes[i]! < 0x80 ? 1 : 2;
      continue;
    }
    // a token, as in scanAsciiUnigrams; bytes[end] is 0, not \w, so it ends there at the latest
    const start = i;
    let chars = 0;
    for (;;) {
      const b = bytes[i]!;
      if (b < 0x80) {
        const l = latin[b]!;
        if (l === 0) break;
        bytes[i++] = l;
      } else {
        const l = latin[((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f)]!;
        if (l === 0) break;
        bytes[i + 1] = 0x80 | (l & 0x3f); // the same lead byte (latinTable)
        i += 2;
      }
      chars++;
    }
    if (chars >= 2) columns[n++] = lookup.byBytes(bytes, start, i);
  }
  return n;
}

/** `latin`'s entry for the character at bytes[i] (one byte, or a 0xC2/0xC3 lead and its continuation). */
function latinAt(bytes: Uint8Array, i: number, latin: Uint16Array): number {
  const b = bytes[i]!;
  return b < 0x80 ? latin[b]! : latin[((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f)]!;
}
