/**
 * An LRU cache of coefficient columns (n_outputs values per feature), bounded by bytes. Columns live
 * in slots of a few large Float64Array segments rather than one small typed array each: a lazy
 * prediction touches hundreds of new columns per document, and a typed array per column cost more
 * in allocation and garbage collection than the reads themselves. The bookkeeping is typed arrays too
 * (a hash from feature to slot, and the recency order as a doubly linked list over slots): a Map
 * reordered on every hit left a hole per hit and was rebuilt, a large object each time, over and over
 * (issue 17: a Worker predicting the 2.27 GB model has 128 MB).
 */
const SLOTS_PER_SEGMENT = 1024;
/** Where a slot has no neighbour in the recency list. */
const NONE = -1;

/** An LRU cache of coefficient columns, bounded by bytes: what a lazy model keeps between calls. */
export class ColumnCache {
  /** Slots the byte budget allows (0 when not even one column fits). */
  readonly capacity: number;
  private readonly segments: Float64Array[] = [];
  /** Slots handed out; every one holds a column (a full cache reuses its least recently used slot). */
  private allocated = 0;
  /** Per slot: the feature whose column it holds, and its less / more recently used neighbours. */
  private featureOf = new Float64Array(0);
  private older = new Int32Array(0);
  private newer = new Int32Array(0);
  private oldest = NONE;
  private newest = NONE;
  /** Open addressing (linear probing) from feature to slot + 1 (0: empty); at most half full. */
  private table = new Int32Array(16);
  /** Lookups that found their column. */
  hits = 0;
  /** Lookups that did not. */
  misses = 0;

  constructor(
    /** The byte budget. */
    readonly maxBytes: number,
    /** Values per column (the coefficient matrix's rows). */
    readonly columnLength: number,
  ) {
    this.capacity = Math.floor(maxBytes / (Math.max(columnLength, 1) * 8));
  }

  /** Columns held. */
  get size(): number {
    return this.allocated;
  }

  /** Bytes the held columns take. */
  get usedBytes(): number {
    return this.allocated * this.columnLength * 8;
  }

  /** The feature's slot (now the most recently used), or -1. */
  lookup(feature: number): number {
    const slot = this.find(feature);
    if (slot === NONE) {
      this.misses++;
      return -1;
    }
    this.touch(slot);
    this.hits++;
    return slot;
  }

  /**
   * A slot for `feature`'s values (the caller fills it), evicting the least recently used column when
   * full. Columns looked up or inserted since fewer than `capacity` insertions ago are never evicted.
   */
  insert(feature: number): number {
    let slot = this.find(feature);
    if (slot !== NONE) {
      this.touch(slot);
      return slot;
    }
    if (this.allocated < this.capacity) {
      slot = this.allocated++;
      if (slot % SLOTS_PER_SEGMENT === 0) {
        const slots = Math.min(SLOTS_PER_SEGMENT, this.capacity - slot);
        this.segments.push(new Float64Array(slots * this.columnLength));
      }
      this.reserve();
    } else {
      slot = this.oldest;
      this.forget(this.featureOf[slot]!);
      this.unlink(slot);
    }
    this.featureOf[slot] = feature;
    this.remember(feature, slot);
    this.link(slot);
    return slot;
  }

  /** The segment holding `slot`; its values start at `offset(slot)`. */
  segment(slot: number): Float64Array {
    return this.segments[Math.floor(slot / SLOTS_PER_SEGMENT)]!;
  }

  /** Where the slot's column starts in its segment. */
  offset(slot: number): number {
    return (slot % SLOTS_PER_SEGMENT) * this.columnLength;
  }

  /** Forgets every column (the counters stay). */
  clear(): void {
    this.segments.length = 0;
    this.allocated = 0;
    this.featureOf = new Float64Array(0);
    this.older = new Int32Array(0);
    this.newer = new Int32Array(0);
    this.oldest = this.newest = NONE;
    this.table = new Int32Array(16);
  }

  /** Room for slot `allocated - 1` in the per-slot arrays, and a table at most half full. */
  private reserve(): void {
    const n = this.allocated;
    if (n > this.featureOf.length) {
      const length = Math.min(this.capacity, Math.max(16, 2 * this.featureOf.length));
      const grow = <T extends Float64Array | Int32Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.featureOf = grow(this.featureOf, new Float64Array(length));
      this.older = grow(this.older, new Int32Array(length));
      this.newer = grow(this.newer, new Int32Array(length));
    }
    if (2 * n > this.table.length) {
      this.table = new Int32Array(2 * this.table.length);
      for (let s = 0; s < n - 1; s++) this.remember(this.featureOf[s]!, s);
    }
  }

  /** The table's home position of `feature` (its bits mixed: hashed features are spread anyway). */
  private home(feature: number): number {
    const lo = feature >>> 0;
    const hi = (feature / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    return h & (this.table.length - 1);
  }

  private find(feature: number): number {
    const mask = this.table.length - 1;
    for (let i = this.home(feature); this.table[i] !== 0; i = (i + 1) & mask) {
      const slot = this.table[i]! - 1;
      if (this.featureOf[slot] === feature) return slot;
    }
    return NONE;
  }

  private remember(feature: number, slot: number): void {
    const mask = this.table.length - 1;
    let i = this.home(feature);
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = slot + 1;
  }

  /** Removes `feature` from the table, shifting later entries of its probe run back (no tombstones). */
  private forget(feature: number): void {
    const mask = this.table.length - 1;
    let i = this.home(feature);
    while (this.featureOf[this.table[i]! - 1] !== feature) i = (i + 1) & mask;
    this.table[i] = 0;
    for (let j = (i + 1) & mask; this.table[j] !== 0; j = (j + 1) & mask) {
      const k = this.home(this.featureOf[this.table[j]! - 1]!);
      // the entry at j may move to the hole at i unless its home lies cyclically in (i, j]
      const stays = i <= j ? i < k && k <= j : i < k || k <= j;
      if (stays) continue;
      this.table[i] = this.table[j]!;
      this.table[j] = 0;
      i = j;
    }
  }

  /** Makes `slot` the most recently used. */
  private touch(slot: number): void {
    if (slot === this.newest) return;
    this.unlink(slot);
    this.link(slot);
  }

  private unlink(slot: number): void {
    const older = this.older[slot]!;
    const newer = this.newer[slot]!;
    if (older === NONE) this.oldest = newer;
    else this.newer[older] = newer;
    if (newer === NONE) this.newest = older;
    else this.older[newer] = older;
  }

  private link(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = NONE;
    if (this.newest === NONE) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }
}
