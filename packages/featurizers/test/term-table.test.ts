/**
 * term-table.ts keys terms of up to 8 bytes by their bytes in the slot itself and longer ones by MurmurHash3
 * and the pool: every term must be found with its own column, and nothing else found, whatever its length,
 * bytes (NUL included: a zero-padded word must not confuse "ab" with "ab\0") or how the table grew.
 */
import { describe, expect, it } from 'vitest';
import { GrowingVocabulary } from '../src/term-counter.js';
import { INITIAL_SLOTS, TermTable, shortHash } from '../src/term-table.js';

const utf8 = new TextEncoder();

/** Deterministic pseudo-random bytes (xorshift32), biased towards few distinct values so prefixes repeat. */
function randomTerms(count: number, seed: number): Uint8Array[] {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const len = next() % 21;
    const bytes = new Uint8Array(len);
    for (let k = 0; k < len; k++) bytes[k] = next() % 4 === 0 ? 0 : 97 + (next() % 3);
    out.push(bytes);
  }
  return out;
}

const key = (b: Uint8Array) => Array.from(b).join(',');

describe('TermTable', () => {
  it('finds every term with its column and refuses near misses, across growth', () => {
    const table = new TermTable();
    const added = new Map<string, number>();
    for (const term of randomTerms(6000, 7)) {
      if (added.has(key(term))) continue;
      const column = added.size * 3 + 1; // columns need not be ids
      expect(table.findOrAdd(term, 0, term.length, column)).toBe(column);
      added.set(key(term), column);
    }
    expect(table.size).toBe(added.size);
    for (const term of randomTerms(20000, 11)) {
      // the same bytes placed at an odd offset in a longer buffer, with other bytes around them
      const buf = new Uint8Array(term.length + 20).fill(98);
      buf.set(term, 9);
      expect(table.find(buf, 9, 9 + term.length)).toBe(added.get(key(term)) ?? -1);
    }
  });

  it('tells terms apart that differ only by trailing NUL bytes or by length', () => {
    const table = new TermTable();
    const terms = ['', '\0', 'ab', 'ab\0', 'ab\0\0', 'abcd', 'abcd\0', 'abcdefgh', 'abcdefgh\0', 'abcdefghi'];
    terms.forEach((t, i) => table.addString(t, i));
    terms.forEach((t, i) => {
      const b = utf8.encode(t);
      expect(table.find(b, 0, b.length)).toBe(i);
      expect(table.termString(i)).toBe(t);
    });
    const absent = utf8.encode('abc\0');
    expect(table.find(absent, 0, absent.length)).toBe(-1);
  });

  it('a short key that shares a slot with another of the same bytes but one NUL more is not found', () => {
    // [x, y] and [x, y, 0] have the same zero-padded words: only the length tells them apart
    const mask = INITIAL_SLOTS - 1;
    let pair: Uint8Array | undefined;
    for (let w = 0x0101; w <= 0xffff && pair === undefined; w++) {
      if ((shortHash(w, 0, 2) & mask) === (shortHash(w, 0, 3) & mask)) pair = new Uint8Array([w & 255, w >> 8, 0]);
    }
    expect(pair).toBeDefined();
    const probe = pair!;
    const table = new TermTable();
    table.findOrAdd(probe, 0, 2, 5);
    expect(table.find(probe, 0, 3)).toBe(-1);
    expect(table.findOrAdd(probe, 0, 3, 6)).toBe(6);
    expect(table.find(probe, 0, 3)).toBe(6);
    expect(table.find(probe, 0, 2)).toBe(5);
  });

  it('GrowingVocabulary numbers terms by first appearance, bytes and strings alike', () => {
    const v = new GrowingVocabulary();
    const words = ['naïve', 'a', 'internationalisation', 'a', 'naïve', '\ud800', 'b', 'internationalisation'];
    expect(words.map((w) => v.byString(w))).toEqual([0, 1, 2, 1, 0, 3, 4, 2]);
    const b = utf8.encode('xx internationalisation');
    expect(v.byBytes(b, 3, b.length)).toBe(2);
    expect(v.terms()).toEqual(['naïve', 'a', 'internationalisation', '\ud800', 'b']);
  });
});
