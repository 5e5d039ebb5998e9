/**
 * Python's view of Unicode, as scikit-learn sees it: `re`'s `\w`, `\s`, `\d`, `str.lower()` and
 * `unicodedata.normalize('NFKD')`, pinned to the tables probed from the Python that scikit-learn runs on
 * (see scripts/generate-python-unicode.py). JavaScript's own classes differ: `\w` is ASCII-only,
 * `\p{L}` follows the engine's (newer) Unicode version, and `toLowerCase` differs from `str.lower` for
 * characters added after Unicode 14 and in the final-sigma context rules.
 */
import {
  CASED_RANGES,
  CASE_IGNORABLE_RANGES,
  COMBINING_RANGES,
  DIGIT_RANGES,
  LOWER_MULTI,
  LOWER_RUNS,
  SPACE_RANGES,
  UNASSIGNED_RANGES,
  WORD_RANGES,
} from './generated/python-unicode-tables.js';

export { PYTHON_UNICODE_VERSION, PYTHON_VERSION } from './generated/python-unicode-tables.js';

export const WORD = 1;
export const SPACE = 2;
const DIGIT = 4;
const COMBINING = 8;
const UNASSIGNED = 16;
export const CASE_IGNORABLE = 32;
export const CASED = 64;
/** str.lower() changes the code point. */
export const HAS_LOWER = 128;

const CODE_POINTS = 0x110000;

/** Decodes delta-encoded [start, end) pairs. */
function decodeRanges(deltas: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (let i = 0; i < deltas.length; i += 2) {
    const start = at + deltas[i]!;
    const end = start + deltas[i + 1]!;
    out.push(start, end);
    at = end;
  }
  return out;
}

let flagTable: Uint8Array | undefined;
let lowerMap: Map<number, number | readonly number[]> | undefined;

/** One byte of flags per code point (1.1 MB), built on first use. */
export function flags(): Uint8Array {
  if (flagTable) return flagTable;
  const table = new Uint8Array(CODE_POINTS);
  const mark = (deltas: readonly number[], bit: number) => {
    const r = decodeRanges(deltas);
    for (let i = 0; i < r.length; i += 2) for (let c = r[i]!; c < r[i + 1]!; c++) table[c]! |= bit;
  };
  mark(WORD_RANGES, WORD);
  mark(SPACE_RANGES, SPACE);
  mark(DIGIT_RANGES, DIGIT);
  mark(COMBINING_RANGES, COMBINING);
  mark(UNASSIGNED_RANGES, UNASSIGNED);
  mark(CASE_IGNORABLE_RANGES, CASE_IGNORABLE);
  mark(CASED_RANGES, CASED);
  for (const c of lowerTable().keys()) table[c]! |= HAS_LOWER;
  table[0x3a3]! |= HAS_LOWER;
  flagTable = table;
  return table;
}

/** str.lower() of one code point (U+03A3 excepted: see {@link pythonLower}). */
export function lowerTable(): Map<number, number | readonly number[]> {
  if (lowerMap) return lowerMap;
  const map = new Map<number, number | readonly number[]>();
  let at = 0;
  for (let i = 0; i < LOWER_RUNS.length; i += 4) {
    at += LOWER_RUNS[i]!;
    const count = LOWER_RUNS[i + 1]!;
    const stride = LOWER_RUNS[i + 2]!;
    const delta = LOWER_RUNS[i + 3]!;
    for (let k = 0; k < count; k++) map.set(at + k * stride, at + k * stride + delta);
  }
  for (const [c, mapped] of LOWER_MULTI) map.set(c, mapped);
  lowerMap = map;
  return map;
}

/**
 * Python's final-sigma rule for U+03A3 at code point position `i` of `cps`: σ unless a cased letter
 * precedes (skipping case-ignorables) and none follows. Context is the original, not the lowered, text.
 */
export function lowerSigma(cps: ArrayLike<number>, i: number, length: number): number {
  const f = flags();
  let j = i - 1;
  while (j >= 0 && (f[cps[j]!]! & CASE_IGNORABLE) !== 0) j--;
  let final = j >= 0 && (f[cps[j]!]! & CASED) !== 0;
  if (final) {
    j = i + 1;
    while (j < length && (f[cps[j]!]! & CASE_IGNORABLE) !== 0) j++;
    final = j === length || (f[cps[j]!]! & CASED) === 0;
  }
  return final ? 0x3c2 : 0x3c3;
}

/** The code points of a JS string; a lone surrogate stays a code point of its own, as in Python. */
export function toCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u < 0xdc00 && i + 1 < s.length) {
      const v = s.charCodeAt(i + 1);
      if (v >= 0xdc00 && v < 0xe000) {
        out.push(((u - 0xd800) << 10) + (v - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(u);
  }
  return out;
}

/** String.fromCodePoint for arrays of any length (lone surrogates pass through). */
export function fromCodePoints(cps: ArrayLike<number>, start = 0, end = cps.length): string {
  let s = '';
  const CHUNK = 4096;
  for (let i = start; i < end; i += CHUNK) {
    const part: number[] = [];
    const stop = Math.min(end, i + CHUNK);
    for (let k = i; k < stop; k++) {
      const c = cps[k]!;
      if (c >= 0x10000) part.push(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
      else part.push(c);
    }
    s += String.fromCharCode(...part);
  }
  return s;
}

/** Python's `str.lower()` (full case mapping, final sigma), pinned to Python's Unicode version. */
export function pythonLower(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.toLowerCase(); // identical to str.lower() on ASCII
  const f = flags();
  const lower = lowerTable();
  const cps = toCodePoints(s);
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if ((f[c]! & HAS_LOWER) === 0) out.push(c);
    else if (c === 0x3a3) out.push(lowerSigma(cps, i, cps.length));
    else {
      const m = lower.get(c)!;
      if (typeof m === 'number') out.push(m);
      else out.push(...m);
    }
  }
  return fromCodePoints(out);
}

/**
 * `unicodedata.normalize('NFKD', s)` as Python 3.11 computes it. The engine's normalizer is used, except
 * that code points unassigned in Python's Unicode version are passed through untouched: Python gives them
 * no decomposition and combining class 0, so they are starters that split the string into independent
 * pieces. (Decompositions and combining classes of assigned characters never change between versions.)
 * Lone surrogates are starters without decomposition for Python as well, and are passed through the same way.
 */
export function pythonNfkd(s: string): string {
  const f = flags();
  let piece = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const v = s.charCodeAt(i + 1);
      if (v >= 0xdc00 && v < 0xe000) {
        c = ((c - 0xd800) << 10) + (v - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    // Lone surrogates too: the engine leaves an ill-formed string unnormalised, Python normalises around them.
    if (c >= 0x80 && ((f[c]! & UNASSIGNED) !== 0 || (c >= 0xd800 && c < 0xe000))) {
      out += s.slice(piece, i).normalize('NFKD') + s.slice(i, i + width);
      piece = i + width;
    }
    i += width - 1;
  }
  return piece === 0 ? s.normalize('NFKD') : out + s.slice(piece).normalize('NFKD');
}

/** sklearn's `strip_accents_unicode`: NFKD, then drop every code point with a non-zero combining class. */
export function stripAccentsUnicode(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  const f = flags();
  const cps = toCodePoints(pythonNfkd(s));
  const kept: number[] = [];
  for (const c of cps) if ((f[c]! & COMBINING) === 0) kept.push(c);
  return fromCodePoints(kept);
}

/** sklearn's `strip_accents_ascii`: NFKD, then drop everything outside ASCII. */
export function stripAccentsAscii(s: string): string {
  const n = pythonNfkd(s);
  let out = '';
  let start = 0;
  for (let i = 0; i < n.length; i++) {
    if (n.charCodeAt(i) >= 0x80) {
      out += n.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? n : out + n.slice(start);
}

/** Flattened [start, end) code point ranges of a class, for building regular expressions. */
export function classRanges(name: 'word' | 'space' | 'digit'): number[] {
  return decodeRanges(name === 'word' ? WORD_RANGES : name === 'space' ? SPACE_RANGES : DIGIT_RANGES);
}
