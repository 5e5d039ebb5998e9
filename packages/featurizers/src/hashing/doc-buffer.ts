/** One document as code points and UTF-8 bytes, the buffer every analyzer path reads. */
import { encodeCodePoint, loneSurrogate } from '../murmurhash3.js';
import { HAS_LOWER, SPACE, flags, fromCodePoints, lowerSigma, lowerTable } from '../python-unicode.js';

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
