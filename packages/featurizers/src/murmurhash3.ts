/**
 * MurmurHash3_x86_32, as scikit-learn's `sklearn.utils.murmurhash3_32` (strings are hashed as UTF-8).
 */
import { IcepickleError } from '@icepickle/core';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Signed 32-bit hash of `bytes[start:end]` (sklearn's `positive=False`). */
export function murmurhash3Bytes(bytes: Uint8Array, start: number, end: number, seed = 0): number {
  let h1 = seed | 0;
  const n = end - start;
  const blocksEnd = start + (n & ~3);
  let i = start;
  for (; i < blocksEnd; i += 4) {
    let k1 = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k1 = Math.imul(k1, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  const tail = n & 3;
  if (tail !== 0) {
    let k1 = 0;
    if (tail === 3) k1 ^= bytes[i + 2]! << 16;
    if (tail >= 2) k1 ^= bytes[i + 1]! << 8;
    k1 ^= bytes[i]!;
    k1 = Math.imul(k1, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
  }
  h1 ^= n;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

/**
 * Encodes code points as UTF-8 into `out` from `at`; returns the new end, or -1 for a lone surrogate
 * (Python's `str.encode('utf-8')` raises UnicodeEncodeError on those).
 */
export function encodeCodePoint(c: number, out: Uint8Array, at: number): number {
  if (c < 0x80) {
    out[at] = c;
    return at + 1;
  }
  if (c < 0x800) {
    out[at] = 0xc0 | (c >> 6);
    out[at + 1] = 0x80 | (c & 0x3f);
    return at + 2;
  }
  if (c < 0x10000) {
    if (c >= 0xd800 && c < 0xe000) return -1;
    out[at] = 0xe0 | (c >> 12);
    out[at + 1] = 0x80 | ((c >> 6) & 0x3f);
    out[at + 2] = 0x80 | (c & 0x3f);
    return at + 3;
  }
  out[at] = 0xf0 | (c >> 18);
  out[at + 1] = 0x80 | ((c >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((c >> 6) & 0x3f);
  out[at + 3] = 0x80 | (c & 0x3f);
  return at + 4;
}

let scratch = new Uint8Array(256);

/** UTF-8 bytes of a string into a shared scratch buffer; returns the byte length. Throws on lone surrogates. */
export function encodeUtf8Scratch(s: string, scope = 'murmurhash3_32'): number {
  if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 3 + 64);
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const v = s.charCodeAt(i + 1);
      if (v >= 0xdc00 && v < 0xe000) {
        c = ((c - 0xd800) << 10) + (v - 0xdc00) + 0x10000;
        i++;
      }
    }
    at = encodeCodePoint(c, scratch, at);
    if (at < 0) throw loneSurrogate(scope, s, c);
  }
  return at;
}

export function scratchBytes(): Uint8Array {
  return scratch;
}

export function loneSurrogate(scope: string, s: string, c: number): IcepickleError {
  const preview = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return new IcepickleError('INVALID_INPUT', {
    scope,
    detail:
      `feature ${JSON.stringify(preview)} contains the lone surrogate U+${c.toString(16).toUpperCase().padStart(4, '0')}, ` +
      `which has no UTF-8 encoding (scikit-learn raises UnicodeEncodeError here)`,
  });
}

/**
 * `sklearn.utils.murmurhash3_32(key, seed, positive)`: a string is hashed as its UTF-8 bytes, a Uint8Array
 * as is. Signed int32 by default; `positive` gives the unsigned value.
 */
export function murmurhash3_32(key: string | Uint8Array, seed = 0, positive = false): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope: 'murmurhash3_32',
      detail: `seed must be an integer in [0, 2**32), got ${String(seed)}`,
    });
  }
  let h: number;
  if (typeof key === 'string') {
    const n = encodeUtf8Scratch(key);
    h = murmurhash3Bytes(scratch, 0, n, seed);
  } else if (key instanceof Uint8Array) {
    h = murmurhash3Bytes(key, 0, key.length, seed);
  } else {
    throw new IcepickleError('INVALID_INPUT', {
      scope: 'murmurhash3_32',
      detail: `key must be a string or a Uint8Array, got ${typeof key}`,
    });
  }
  return positive ? h >>> 0 : h;
}
