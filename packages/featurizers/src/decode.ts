/**
 * Python's `bytes.decode('utf-8', errors)` for byte documents. Python keeps a BOM (no stripping) and, like
 * the WHATWG decoder, replaces each maximal invalid subsequence by one U+FFFD ('replace') or drops it
 * ('ignore'); 'strict' raises.
 */
import { IcepickleError } from '@icepickle/core';

const UTF8 = new Set(['utf-8', 'utf8', 'utf_8', 'u8', 'utf', 'cp65001']);
let strict: TextDecoder | undefined;
let lenient: TextDecoder | undefined;

export function decodeBytes(
  bytes: Uint8Array,
  encoding: string,
  errors: 'strict' | 'ignore' | 'replace',
  row: number,
): string {
  if (!UTF8.has(encoding.toLowerCase().replace(/-/g, (m) => m))) {
    throw new IcepickleError('NOT_SUPPORTED', {
      scope: 'HashingVectorizer',
      detail: `encoding ${JSON.stringify(encoding)} is not supported for byte documents; only UTF-8 is (decode to strings first)`,
    });
  }
  if (errors === 'strict') {
    strict ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      return strict.decode(bytes);
    } catch (cause) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: 'HashingVectorizer',
        detail: `document ${row} is not valid UTF-8 (decodeError='strict'; scikit-learn raises UnicodeDecodeError)`,
        cause,
      });
    }
  }
  lenient ??= new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  if (errors === 'replace') return lenient.decode(bytes);
  // 'ignore': decode piecewise so that real U+FFFD characters in the input survive.
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = validSequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += lenient.decode(bytes.subarray(start, i));
    i += invalidSubpartLength(bytes, i);
    start = i;
  }
  return out + lenient.decode(bytes.subarray(start));
}

/** Length of the well-formed UTF-8 sequence at i, or 0. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const scan = scanSequence(b, i);
  const expected = scan >> 3;
  return expected > 0 && (scan & 7) === expected ? expected : 0;
}

/** Length of the maximal subpart of an ill-formed sequence at i (at least 1). */
function invalidSubpartLength(b: Uint8Array, i: number): number {
  return Math.max(scanSequence(b, i) & 7, 1);
}

/**
 * The UTF-8 sequence starting at i (Unicode's table 3-7 of well-formed byte sequences), packed as
 * expected length × 8 + how many of its bytes are well formed (the lead byte included); expected
 * length 0 for a byte that cannot start a sequence.
 */
function scanSequence(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1 * 8 + 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
  } else return 0;
  let k = 1;
  while (k < n && i + k < b.length) {
    const x = b[i + k]!;
    if (k === 1 ? x < lo || x > hi : (x & 0xc0) !== 0x80) break;
    k++;
  }
  return n * 8 + k;
}
