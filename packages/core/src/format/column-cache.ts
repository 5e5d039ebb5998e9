/**
 * An LRU cache of coefficient columns (n_outputs values per feature), bounded by bytes. Columns live
 * in slots of a few large Float64Array segments rather than one small typed array each: a lazy
 * prediction touches hundreds of new columns per document, and a typed array per column cost more
 * in allocation and garbage collection than the reads themselves. Map iteration order is insertion
 * order, so re-inserting on a hit keeps the least recently used first.
 */
const SLOTS_PER_SEGMENT = 1024;

/** An LRU cache of coefficient columns, bounded by bytes: what a lazy model keeps between calls. */
export class ColumnCache {
  /** Slots the byte budget allows (0 when not even one column fits). */
  readonly capacity: number;
  private readonly slotOf = new Map<number, number>();
  private readonly segments: Float64Array[] = [];
  private allocated = 0;
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
    return this.slotOf.size;
  }

  /** Bytes the held columns take. */
  get usedBytes(): number {
    return this.slotOf.size * this.columnLength * 8;
  }

  /** The feature's slot (now the most recently used), or -1. */
  lookup(feature: number): number {
    const slot = this.slotOf.get(feature);
    if (slot === undefined) {
      this.misses++;
      return -1;
    }
    this.slotOf.delete(feature);
    this.slotOf.set(feature, slot);
    this.hits++;
    return slot;
  }

  /**
   * A slot for `feature`'s values (the caller fills it), evicting the least recently used column when
   * full. Columns looked up or inserted since fewer than `capacity` insertions ago are never evicted.
   */
  insert(feature: number): number {
    let slot = this.slotOf.get(feature);
    if (slot !== undefined) {
      this.slotOf.delete(feature);
    } else if (this.allocated < this.capacity) {
      slot = this.allocated++;
      if (slot % SLOTS_PER_SEGMENT === 0) {
        const slots = Math.min(SLOTS_PER_SEGMENT, this.capacity - slot);
        this.segments.push(new Float64Array(slots * this.columnLength));
      }
    } else {
      const [oldest, oldSlot] = this.slotOf.entries().next().value as [number, number];
      this.slotOf.delete(oldest);
      slot = oldSlot;
    }
    this.slotOf.set(feature, slot);
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
    this.slotOf.clear();
    this.segments.length = 0;
    this.allocated = 0;
  }
}
