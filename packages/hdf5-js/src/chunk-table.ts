/**
 * A dataset's chunk index as typed arrays: each chunk's linear position over the grid, where its bytes
 * are, their stored size and filter mask, sorted by position and found by binary search. Sizes and masks
 * are kept only once a chunk differs from the table's uniform size and mask 0 (a filtered dataset): the
 * unfiltered 2.27 GB model's 168,646 chunks then take 2.7 MB (positions and addresses) instead of 4.7 MB,
 * and 1.35 MB when the index lists every chunk of the grid in order (chunk k is entry k: no positions kept,
 * none allocated then freed, which would leave the allocator holding the freed megabytes).
 * (As a Map of objects they took about 17 MB of heap, held for as long as the file is open.)
 */
import { Damaged } from './errors.js';

/** Where one chunk's stored bytes are. */
export interface ChunkEntry {
  /** Absolute position of its stored bytes. */
  at: number;
  /** Stored (filtered) size. */
  size: number;
  /** Bit k set: pipeline filter k was skipped for this chunk. */
  mask: number;
}

export class ChunkTable {
  private keys: Float64Array;
  private at: Float64Array;
  /** Stored sizes, once one differs from `uniformSize` (until then every chunk has that size). */
  private sizes: Float64Array | undefined;
  /** Filter masks, once one is not 0. */
  private masks: Uint32Array | undefined;
  private count = 0;
  private ascending = true;
  /** While positions 0, 1, 2... are recorded in order (a full index walked in order): no keys, chunk k is entry k. */
  private dense = true;

  /**
   * `expected`: chunks likely recorded (the grid's count, capped), so a full index never regrows;
   * `uniformSize`: the size most chunks have (an unfiltered chunk's bytes), kept once rather than per chunk.
   */
  constructor(
    expected = 64,
    private readonly uniformSize = 0,
  ) {
    const n = Math.max(1, Math.min(expected, 2 ** 20));
    this.keys = new Float64Array(0);
    this.at = new Float64Array(n);
  }

  /** Chunks recorded. */
  get length(): number {
    return this.count;
  }

  /** Bytes the table's arrays take (for tests and benches). */
  get byteLength(): number {
    return this.keys.byteLength + this.at.byteLength + (this.sizes?.byteLength ?? 0) + (this.masks?.byteLength ?? 0);
  }

  /** Records the chunk at linear position `k` (in any order; seal() sorts and refuses duplicates). */
  set(k: number, entry: ChunkEntry): void {
    this.add(k, entry.at, entry.size, entry.mask);
  }

  /** set() without an entry object (the B-tree walk records 168,646 of them). */
  add(k: number, at: number, size: number, mask: number): void {
    if (this.dense && k !== this.count) this.keepKeys();
    if (this.count === this.at.length) this.grow(this.count * 2);
    const n = this.count++;
    if (!this.dense) {
      if (n > 0 && k <= this.keys[n - 1]!) this.ascending = false;
      this.keys[n] = k;
    }
    this.at[n] = at;
    if (size !== this.uniformSize && !this.sizes) this.sizes = new Float64Array(this.at.length).fill(this.uniformSize);
    if (this.sizes) this.sizes[n] = size;
    if (mask !== 0 && !this.masks) this.masks = new Uint32Array(this.at.length);
    if (this.masks) this.masks[n] = mask;
  }

  /** Sorts by position, trims the arrays to size, and refuses a position listed twice (Damaged). */
  seal(): this {
    if (!this.ascending) this.sort();
    for (let i = 1; i < this.count && !this.dense; i++)
      if (this.keys[i] === this.keys[i - 1]) throw new Damaged('chunk index: a chunk is listed twice');
    if (this.count < this.at.length) this.grow(this.count);
    return this;
  }

  /** The chunk at linear position `k`, or undefined when none was written (call seal() first). */
  get(k: number): ChunkEntry | undefined {
    if (this.dense) return k >= 0 && k < this.count ? this.entry(k) : undefined;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = this.keys[mid]!;
      if (key === k) return this.entry(mid);
      if (key < k) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Leaves dense mode: the positions recorded so far (0..count-1) are written out. */
  private keepKeys(): void {
    this.keys = new Float64Array(this.at.length);
    for (let i = 0; i < this.count; i++) this.keys[i] = i;
    this.dense = false;
  }

  private entry(i: number): ChunkEntry {
    return { at: this.at[i]!, size: this.sizes?.[i] ?? this.uniformSize, mask: this.masks?.[i] ?? 0 };
  }

  private grow(capacity: number): void {
    const keep = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.count));
      return b;
    };
    if (!this.dense) this.keys = keep(this.keys, (n) => new Float64Array(n));
    this.at = keep(this.at, (n) => new Float64Array(n));
    if (this.sizes) this.sizes = keep(this.sizes, (n) => new Float64Array(n));
    if (this.masks) this.masks = keep(this.masks, (n) => new Uint32Array(n));
  }

  private sort(): void {
    const order = Uint32Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.keys[a]! - this.keys[b]!);
    const permute = <T extends Float64Array | Uint32Array>(a: T): T => {
      const b = a.slice(0, this.count) as T;
      for (let i = 0; i < this.count; i++) b[i] = a[order[i]!]!;
      return b;
    };
    this.keys = permute(this.keys);
    this.at = permute(this.at);
    if (this.sizes) this.sizes = permute(this.sizes);
    if (this.masks) this.masks = permute(this.masks);
    this.ascending = true;
  }
}
