/** Token byte ranges, and string tokens laid out as bytes so word n-grams are contiguous. */
import { encodeUtf8Scratch, scratchBytes } from '../murmurhash3.js';

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

/** Lays string tokens out as "t1 t2 t3" UTF-8 so every word n-gram is one contiguous byte range. */
export class StringTokens {
  bytes = new Uint8Array(1024);
  ranges = new TokenRanges();

  load(tokens: readonly string[], stopWords: ReadonlySet<string> | null): void {
    this.ranges.count = 0;
    let at = 0;
    for (const t of tokens) {
      if (stopWords?.has(t)) continue;
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
