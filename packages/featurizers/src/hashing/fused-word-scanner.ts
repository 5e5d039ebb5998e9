/** The default word path in one pass: lowercase, `(?u)\b\w\w+\b` scan and UTF-8 encoding. */
import { encodeCodePoint } from '../murmurhash3.js';
import { CASED, CASE_IGNORABLE, HAS_LOWER, WORD, flags, lowerTable } from '../python-unicode.js';
import { TokenRanges } from './tokens.js';

export const ASCII_WORD = new Uint8Array(128);
export const ASCII_WORD_LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  ASCII_WORD[c] = word ? c : 0;
  ASCII_WORD_LOWER[c] = word ? (c >= 65 && c <= 90 ? c + 32 : c) : 0;
}

/**
 * The default word path in one pass over the UTF-16 string: Python's `str.lower()` (when asked), the
 * `(?u)\b\w\w+\b` scan and UTF-8 encoding together. Tokens are written as "t1 t2 t3" so every word n-gram
 * is one contiguous byte range. Stop words are dropped here, before n-grams, as scikit-learn does.
 */
export class FusedWordScanner {
  bytes = new Uint8Array(4096);
  ranges = new TokenRanges();

  scan(s: string, lowercase: boolean, stopWords: ReadonlySet<string> | null): void {
    const f = flags();
    const ranges = this.ranges;
    ranges.count = 0;
    if (this.bytes.length < s.length * 4 + 8) this.bytes = new Uint8Array(s.length * 4 + 64);
    const bytes = this.bytes;
    let at = 0;
    let tokStart = 0;
    let tokLen = 0; // code points in the current token
    const len = s.length;
    const asciiTable = lowercase ? ASCII_WORD_LOWER : ASCII_WORD;
    for (let i = 0; i < len; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        // ASCII: [0-9A-Za-z_] are the word characters; the table gives the (lowered) byte, 0 for others
        const b = asciiTable[c]!;
        if (b !== 0) {
          bytes[at++] = b;
          tokLen++;
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
        const fl = f[c]!;
        if (lowercase && (fl & HAS_LOWER) !== 0) {
          const m = c === 0x3a3 ? lowerSigmaInString(s, i) : lowerTable().get(c)!;
          if (typeof m === 'number') {
            if ((f[m]! & WORD) !== 0) {
              at = encodeCodePoint(m, bytes, at);
              tokLen++;
              continue;
            }
          } else {
            // İ → i + U+0307: each mapped code point is classified on its own (U+0307 is not \w)
            for (const x of m) {
              if ((f[x]! & WORD) !== 0) {
                at = encodeCodePoint(x, bytes, at);
                tokLen++;
              } else if (tokLen !== 0) {
                at = this.endToken(at, tokStart, tokLen, stopWords);
                tokStart = at;
                tokLen = 0;
              }
            }
            continue;
          }
        }
        if ((fl & WORD) !== 0) {
          at = encodeCodePoint(c, bytes, at);
          tokLen++;
          continue;
        }
      }
      if (tokLen !== 0) {
        at = this.endToken(at, tokStart, tokLen, stopWords);
        tokStart = at;
        tokLen = 0;
      }
    }
    if (tokLen !== 0) this.endToken(at, tokStart, tokLen, stopWords);
  }

  /** Closes a token at bytes[start:at]; returns where the next token starts. */
  private endToken(at: number, start: number, cps: number, stopWords: ReadonlySet<string> | null): number {
    if (cps < 2) return start;
    if (stopWords?.has(utf8ToString(this.bytes, start, at))) return start;
    this.ranges.push(start, at);
    this.bytes[at] = 0x20;
    return at + 1;
  }
}

let decoder: TextDecoder | undefined;
function utf8ToString(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let k = start; k < end; k++) if (bytes[k]! >= 0x80) ascii = false;
  if (ascii) return String.fromCharCode(...bytes.subarray(start, end));
  decoder ??= new TextDecoder();
  return decoder.decode(bytes.subarray(start, end));
}

/** Final sigma for the U+03A3 whose last UTF-16 unit is at `i`, from the string's code points around it. */
export function lowerSigmaInString(s: string, i: number): number {
  const f = flags();
  let j = i - 1;
  let before = -1;
  while (j >= 0) {
    const c = s.codePointAt(j)!;
    const lo = s.charCodeAt(j);
    const cp =
      lo >= 0xdc00 && lo < 0xe000 && j > 0 && s.charCodeAt(j - 1) >= 0xd800 && s.charCodeAt(j - 1) < 0xdc00
        ? s.codePointAt(j - 1)!
        : c;
    j -= cp > 0xffff ? 2 : 1;
    if ((f[cp]! & CASE_IGNORABLE) === 0) {
      before = cp;
      break;
    }
  }
  let final = before >= 0 && (f[before]! & CASED) !== 0;
  if (final) {
    let k = i + 1;
    let after = -1;
    while (k < s.length) {
      const cp = s.codePointAt(k)!;
      k += cp > 0xffff ? 2 : 1;
      if ((f[cp]! & CASE_IGNORABLE) === 0) {
        after = cp;
        break;
      }
    }
    final = after < 0 || (f[after]! & CASED) === 0;
  }
  return final ? 0x3c2 : 0x3c3;
}
