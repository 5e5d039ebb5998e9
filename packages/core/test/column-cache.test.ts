/**
 * ColumnCache's typed-array LRU against the plain reference it replaced (a Map reordered on every hit,
 * new slots handed out in order, the least recently used slot reused when full): the same slots, hits,
 * misses and evictions, operation for operation.
 */
import { describe, expect, it } from 'vitest';
import { ColumnCache } from '@icepickle/core';

/** The reference: the Map-based LRU ColumnCache was before (same slot rules). */
class ReferenceLru {
  private readonly slotOf = new Map<number, number>();
  private allocated = 0;
  constructor(readonly capacity: number) {}
  lookup(feature: number): number {
    const slot = this.slotOf.get(feature);
    if (slot === undefined) return -1;
    this.slotOf.delete(feature);
    this.slotOf.set(feature, slot);
    return slot;
  }
  insert(feature: number): number {
    let slot = this.slotOf.get(feature);
    if (slot !== undefined) this.slotOf.delete(feature);
    else if (this.allocated < this.capacity) slot = this.allocated++;
    else {
      const [oldest, oldSlot] = this.slotOf.entries().next().value as [number, number];
      this.slotOf.delete(oldest);
      slot = oldSlot;
    }
    this.slotOf.set(feature, slot);
    return slot;
  }
  get size(): number {
    return this.slotOf.size;
  }
}

/** A deterministic pseudo-random stream of integers below `n` (tests only). */
function ints(seed: number, n: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

describe('ColumnCache', () => {
  it.each([
    [1, 50, 7],
    [37, 100, 11],
    [1000, 3000, 12],
    [4096, 5000, 13],
  ])(
    'matches the reference LRU over random lookups and inserts (capacity %i, %i features)',
    (capacity, features, seed) => {
      const k = 3;
      const cache = new ColumnCache(capacity * k * 8, k);
      const reference = new ReferenceLru(capacity);
      expect(cache.capacity).toBe(capacity);
      const next = ints(seed, features);
      let hits = 0;
      let misses = 0;
      for (let op = 0; op < 20_000; op++) {
        // features far above 2^31 too: hashed columns of a huge model, and the hash's high bits
        const feature = op % 5 === 0 ? 2 ** 40 + next() : next();
        const slot = cache.lookup(feature);
        const expected = reference.lookup(feature);
        expect(slot).toBe(expected);
        if (slot >= 0) {
          hits++;
          // the column is still the one written when it was inserted
          expect(cache.segment(slot)[cache.offset(slot)]).toBe(feature);
          continue;
        }
        misses++;
        const at = cache.insert(feature);
        expect(at).toBe(reference.insert(feature));
        cache.segment(at)[cache.offset(at)] = feature;
        expect(cache.size).toBe(reference.size);
      }
      expect([cache.hits, cache.misses]).toEqual([hits, misses]);
      expect(hits).toBeGreaterThan(0);
      expect(cache.usedBytes).toBe(cache.size * k * 8);
    },
  );

  it('keeps a batch whose columns all fit: inserting evicts only the least recently used', () => {
    const cache = new ColumnCache(4 * 8, 1); // 4 columns of 1 value
    for (const f of [10, 20, 30, 40]) cache.insert(f);
    cache.lookup(10); // 20 is now the least recently used
    cache.insert(50);
    expect(cache.lookup(20)).toBe(-1);
    for (const f of [10, 30, 40, 50]) expect(cache.lookup(f)).toBeGreaterThanOrEqual(0);
  });

  it('clear() forgets every column and hands out slots from 0 again', () => {
    const cache = new ColumnCache(64 * 8, 1);
    for (let f = 0; f < 64; f++) cache.insert(f * 7919);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.lookup(0)).toBe(-1);
    expect(cache.insert(123)).toBe(0);
  });

  it('holds nothing when not even one column fits', () => {
    const cache = new ColumnCache(7, 1);
    expect(cache.capacity).toBe(0);
    expect(cache.lookup(1)).toBe(-1);
  });
});
