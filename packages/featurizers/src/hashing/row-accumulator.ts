/** One row's feature counts, keyed by hashed column. */
import type { CsrBuilder } from './csr-builder.js';

const MIN_INT32 = -2147483648;

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
