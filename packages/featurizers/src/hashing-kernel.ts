/**
 * The hot path of HashingVectorizer: analyses one preprocessed document on code points and hashes every
 * feature straight from a reused UTF-8 byte buffer (no per-feature strings), accumulating per-row counts
 * in an open-addressing table. Produces exactly what analyzers.ts + murmurhash3_32 would.
 */
import { encodeCodePoint, encodeUtf8Scratch, loneSurrogate, murmurhash3Bytes, scratchBytes } from './murmurhash3.js';
import {
  CASED,
  CASE_IGNORABLE,
  HAS_LOWER,
  SPACE,
  WORD,
  flags,
  fromCodePoints,
  lowerSigma,
  lowerTable,
} from './python-unicode.js';

const MIN_INT32 = -2147483648;

/** One document as code points, plus their UTF-8 bytes and per-code-point byte offsets. */
export class DocBuffer {
  cps = new Int32Array(1024);
  len = 0;
  bytes = new Uint8Array(4096);
  off = new Int32Array(1025);
  /** Lone surrogates in the document (they have no UTF-8 form; features containing one cannot be hashed). */
  surrogates = 0;
  private surrogateCount = new Int32Array(0);

  private ensure(n: number): void {
    if (this.cps.length < n) {
      const size = Math.max(n, this.cps.length * 2);
      const next = new Int32Array(size);
      next.set(this.cps.subarray(0, this.len));
      this.cps = next;
      this.off = new Int32Array(size + 1);
    }
  }

  /** Loads a string as code points, applying Python's `str.lower()` when asked. */
  load(s: string, lowercase: boolean): void {
    this.ensure(s.length + 8);
    let cps = this.cps;
    let n = 0;
    let needsSigma = false;
    const f = lowercase ? flags() : undefined;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if (lowercase && c >= 65 && c <= 90) c += 32;
        cps[n++] = c;
        continue;
      }
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const v = s.charCodeAt(i + 1);
        if (v >= 0xdc00 && v < 0xe000) {
          c = ((c - 0xd800) << 10) + (v - 0xdc00) + 0x10000;
          i++;
        }
      }
      if (f !== undefined && (f[c]! & HAS_LOWER) !== 0) {
        if (c === 0x3a3) {
          needsSigma = true;
          cps[n++] = c; // resolved below, from the original context
          continue;
        }
        const m = lowerTable().get(c)!;
        if (typeof m === 'number') cps[n++] = m;
        else {
          if (n + m.length + (s.length - i) > cps.length) {
            this.len = n;
            this.ensure(n + m.length + (s.length - i) + 8);
            cps = this.cps;
          }
          for (const x of m) cps[n++] = x;
        }
      } else cps[n++] = c;
    }
    this.len = n;
    if (needsSigma) this.resolveSigma(s);
  }

  /** Final sigma depends on the neighbours in the original (not lowered) string. */
  private resolveSigma(s: string): void {
    const original = Array.from(s, (ch) => ch.codePointAt(0)!);
    // Lowering can change lengths (İ → i̇), so walk both sequences together.
    const lower = lowerTable();
    const f = flags();
    let at = 0;
    for (let i = 0; i < original.length; i++) {
      const c = original[i]!;
      if (c === 0x3a3) {
        this.cps[at++] = lowerSigma(original, i, original.length);
        continue;
      }
      if ((f[c]! & HAS_LOWER) !== 0) {
        const m = lower.get(c)!;
        at += typeof m === 'number' ? 1 : m.length;
      } else at++;
    }
  }

  /** `re.sub(r"\s\s+", " ", doc)` in place. */
  normalizeWhitespace(): void {
    const f = flags();
    const cps = this.cps;
    const len = this.len;
    let n = 0;
    for (let i = 0; i < len; i++) {
      const c = cps[i]!;
      if ((f[c]! & SPACE) !== 0 && i + 1 < len && (f[cps[i + 1]!]! & SPACE) !== 0) {
        while (i + 1 < len && (f[cps[i + 1]!]! & SPACE) !== 0) i++;
        cps[n++] = 0x20;
      } else cps[n++] = c;
    }
    this.len = n;
  }

  /** UTF-8 bytes and offsets; lone surrogates get a 3-byte placeholder and are counted. */
  encode(): void {
    const len = this.len;
    if (this.bytes.length < len * 4) this.bytes = new Uint8Array(len * 4 + 64);
    if (this.off.length < len + 1) this.off = new Int32Array(this.cps.length + 1);
    const { cps, bytes, off } = this;
    let at = 0;
    let surrogates = 0;
    for (let i = 0; i < len; i++) {
      off[i] = at;
      const c = cps[i]!;
      if (c < 0x80) bytes[at++] = c;
      else {
        const next = encodeCodePoint(c, bytes, at);
        if (next < 0) {
          surrogates++;
          bytes[at] = 0xed;
          bytes[at + 1] = 0xa0 | ((c >> 6) & 0x1f);
          bytes[at + 2] = 0x80 | (c & 0x3f);
          at += 3;
        } else at = next;
      }
    }
    off[len] = at;
    this.surrogates = surrogates;
    if (surrogates > 0) {
      if (this.surrogateCount.length < len + 1) this.surrogateCount = new Int32Array(this.cps.length + 1);
      let k = 0;
      for (let i = 0; i < len; i++) {
        this.surrogateCount[i] = k;
        const c = cps[i]!;
        if (c >= 0xd800 && c < 0xe000) k++;
      }
      this.surrogateCount[len] = k;
    }
  }

  /** Throws as Python's UTF-8 encoder would if code points [a, b) hold a lone surrogate. */
  checkRange(a: number, b: number): void {
    if (this.surrogateCount[b]! - this.surrogateCount[a]! > 0) {
      let c = 0;
      for (let i = a; i < b; i++) if (this.cps[i]! >= 0xd800 && this.cps[i]! < 0xe000) c = this.cps[i]!;
      throw loneSurrogate('HashingVectorizer', fromCodePoints(this.cps, a, b), c);
    }
  }
}

/** Per-row feature counts keyed by column (open addressing, linear probing). */
export class RowAccumulator {
  private keys = new Int32Array(1024).fill(-1);
  private counts = new Int32Array(1024);
  private mask = 1023;
  private used = new Int32Array(512);
  size = 0;

  private pow2Mask: number;

  constructor(
    readonly nFeatures: number,
    readonly alternateSign: boolean,
  ) {
    this.pow2Mask = (nFeatures & (nFeatures - 1)) === 0 ? nFeatures - 1 : -1;
  }

  /** Adds one feature with signed murmur hash `h`: column |h| % n (2**31 % n for -2**31), sign of h. */
  addHash(h: number): void {
    // |h| % n, with 2**31 % n for h = -2**31 (a bit mask when n is a power of two: 2**31 & mask is 0 then)
    const col =
      this.pow2Mask >= 0
        ? (h < 0 ? -h : h) & this.pow2Mask
        : h === MIN_INT32
          ? 2147483648 % this.nFeatures
          : (h < 0 ? -h : h) % this.nFeatures;
    const v = this.alternateSign && h < 0 ? -1 : 1;
    const keys = this.keys;
    let slot = Math.imul(col, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === col) {
        this.counts[slot]! += v;
        return;
      }
      if (k === -1) break;
      slot = (slot + 1) & this.mask;
    }
    keys[slot] = col;
    this.counts[slot] = v;
    this.used[this.size++] = slot;
    if (this.size * 2 > this.mask) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const oldUsed = this.used;
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
    this.used = new Int32Array(cap / 2);
    const n = this.size;
    this.size = 0;
    for (let i = 0; i < n; i++) {
      const s = oldUsed[i]!;
      const col = oldKeys[s]!;
      let slot = Math.imul(col, 0x9e3779b1) & this.mask;
      while (this.keys[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = col;
      this.counts[slot] = oldCounts[s]!;
      this.used[this.size++] = slot;
    }
  }

  private countOf(col: number): number {
    let slot = Math.imul(col, 0x9e3779b1) & this.mask;
    while (this.keys[slot] !== col) slot = (slot + 1) & this.mask;
    return this.counts[slot]!;
  }

  /** Forgets a partial row (after an error thrown mid-document). */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.keys[this.used[i]!] = -1;
    this.size = 0;
  }

  /** Writes the row's (column, count) pairs sorted by column into the builder and clears the table. */
  drainInto(out: CsrBuilder): void {
    const n = this.size;
    out.reserve(n);
    const cols = out.indices;
    const data = out.data;
    const base = out.nnz;
    for (let i = 0; i < n; i++) cols[base + i] = this.keys[this.used[i]!]!;
    // V8 sorts typed arrays natively (std::sort): faster than any JS sort carrying the counts along.
    cols.subarray(base, base + n).sort();
    for (let i = 0; i < n; i++) data[base + i] = this.countOf(cols[base + i]!);
    for (let i = 0; i < n; i++) this.keys[this.used[i]!] = -1;
    this.size = 0;
    out.nnz = base + n;
  }
}

/** Growable CSR arrays; the final matrix copies out exactly nnz entries. */
export class CsrBuilder {
  indices: Int32Array;
  data: Float64Array;
  indptr: number[] = [0];
  nnz = 0;

  /** Starts with room for about 64 entries per expected row (grown by doubling). */
  constructor(private readonly expectedRows = 16) {
    const size = Math.min(1 << 24, Math.max(1024, expectedRows * 64));
    this.indices = new Int32Array(size);
    this.data = new Float64Array(size);
  }

  reserve(extra: number): void {
    const need = this.nnz + extra;
    if (need <= this.indices.length) return;
    // Grow to the projected total when the number of rows is known, else double.
    const rowsDone = this.indptr.length - 1;
    const projected =
      rowsDone > 0 && this.expectedRows > rowsDone ? Math.ceil((need / rowsDone) * this.expectedRows * 1.05) : 0;
    const size = Math.max(need, projected, this.indices.length * 2);
    const indices = new Int32Array(size);
    indices.set(this.indices.subarray(0, this.nnz));
    const data = new Float64Array(size);
    data.set(this.data.subarray(0, this.nnz));
    this.indices = indices;
    this.data = data;
  }

  /** Closes the current row: binary, then l1 / l2 normalisation exactly as scikit-learn's Cython loops. */
  endRow(binary: boolean, norm: 'l1' | 'l2' | null, float32: boolean): void {
    const start = this.indptr[this.indptr.length - 1]!;
    const end = this.nnz;
    const data = this.data;
    if (binary) for (let k = start; k < end; k++) data[k] = 1;
    if (norm !== null) {
      // sum_ is a C double; for float32 data the product X*X is rounded to float first.
      let s = 0;
      if (norm === 'l2') {
        if (float32) for (let k = start; k < end; k++) s += Math.fround(data[k]! * data[k]!);
        else for (let k = start; k < end; k++) s += data[k]! * data[k]!;
        s = Math.sqrt(s);
      } else for (let k = start; k < end; k++) s += Math.abs(data[k]!);
      if (s !== 0) {
        if (float32) for (let k = start; k < end; k++) data[k] = Math.fround(data[k]! / s);
        else for (let k = start; k < end; k++) data[k] = data[k]! / s;
      }
    }
    this.indptr.push(end);
  }
}

export interface NgramRange {
  min: number;
  max: number;
}

let joinBuf = new Uint8Array(1024);

/** Token byte ranges [ts[k], te[k]) inside `bytes`: unigrams, then n-gram windows joined by one space. */
export function hashWordNgrams(
  bytes: Uint8Array,
  ts: Int32Array,
  te: Int32Array,
  count: number,
  range: NgramRange,
  acc: RowAccumulator,
): void {
  let minN = range.min;
  const maxN = range.max;
  if (maxN === 1 || minN === 1) {
    for (let k = 0; k < count; k++) acc.addHash(murmurhash3Bytes(bytes, ts[k]!, te[k]!));
    if (maxN === 1) return;
    minN += 1;
  }
  const stop = Math.min(maxN + 1, count + 1);
  for (let n = minN; n < stop; n++) {
    for (let i = 0; i < count - n + 1; i++) {
      const last = i + n - 1;
      let contiguous = true;
      for (let k = i; k < last; k++) {
        if (te[k]! + 1 !== ts[k + 1]! || bytes[te[k]!] !== 0x20) {
          contiguous = false;
          break;
        }
      }
      if (n > 0 && contiguous) {
        acc.addHash(murmurhash3Bytes(bytes, ts[i]!, te[last]!));
        continue;
      }
      let size = n;
      for (let k = i; k <= last; k++) size += te[k]! - ts[k]!;
      if (joinBuf.length < size) joinBuf = new Uint8Array(size * 2);
      let at = 0;
      for (let k = i; k <= last; k++) {
        if (k > i) joinBuf[at++] = 0x20;
        joinBuf.set(bytes.subarray(ts[k]!, te[k]!), at);
        at += te[k]! - ts[k]!;
      }
      acc.addHash(murmurhash3Bytes(joinBuf, 0, at));
    }
  }
}

/** Reused token range arrays. */
export class TokenRanges {
  ts = new Int32Array(256);
  te = new Int32Array(256);
  count = 0;
  push(a: number, b: number): void {
    if (this.count === this.ts.length) {
      const ts = new Int32Array(this.count * 2);
      ts.set(this.ts);
      const te = new Int32Array(this.count * 2);
      te.set(this.te);
      this.ts = ts;
      this.te = te;
    }
    this.ts[this.count] = a;
    this.te[this.count++] = b;
  }
}

const ASCII_WORD = new Uint8Array(128);
const ASCII_WORD_LOWER = new Uint8Array(128);
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
    if (stopWords !== null && stopWords.has(utf8ToString(this.bytes, start, at))) return start;
    this.ranges.push(start, at);
    this.bytes[at] = 0x20;
    return at + 1;
  }
}

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

let decoder: TextDecoder | undefined;
function utf8ToString(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let k = start; k < end; k++) if (bytes[k]! >= 0x80) ascii = false;
  if (ascii) return String.fromCharCode(...bytes.subarray(start, end));
  decoder ??= new TextDecoder();
  return decoder.decode(bytes.subarray(start, end));
}

/** Final sigma for the U+03A3 whose last UTF-16 unit is at `i`, from the string's code points around it. */
function lowerSigmaInString(s: string, i: number): number {
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

/** Lays string tokens out as "t1 t2 t3" UTF-8 so every word n-gram is one contiguous byte range. */
export class StringTokens {
  bytes = new Uint8Array(1024);
  ranges = new TokenRanges();

  load(tokens: readonly string[], stopWords: ReadonlySet<string> | null): void {
    this.ranges.count = 0;
    let at = 0;
    for (const t of tokens) {
      if (stopWords !== null && stopWords.has(t)) continue;
      const n = encodeUtf8Scratch(t, 'HashingVectorizer');
      if (this.bytes.length < at + n + 1) {
        const next = new Uint8Array((at + n + 1) * 2);
        next.set(this.bytes.subarray(0, at));
        this.bytes = next;
      }
      this.bytes.set(scratchBytes().subarray(0, n), at);
      this.ranges.push(at, at + n);
      at += n;
      this.bytes[at++] = 0x20;
    }
  }
}

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

/** Hashes arbitrary string features (custom analyzers). */
export function hashStrings(features: readonly string[], acc: RowAccumulator): void {
  for (const feature of features) {
    const n = encodeUtf8Scratch(feature, 'HashingVectorizer');
    acc.addHash(murmurhash3Bytes(scratchBytes(), 0, n));
  }
}
