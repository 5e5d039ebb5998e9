/**
 * A vocabulary keyed by UTF-8 bytes: the vectorizers' fast path scans a document into a byte buffer
 * (ascii-unigrams.ts, or hashing-kernel.ts's FusedWordScanner) and looks each token or n-gram up here without
 * making a string. Each slot of the open-addressing table is one record of four int32 holding all a lookup
 * reads: a term of at most 8 bytes is its own key (its length and two little-endian words, so it is confirmed
 * without reading the term's bytes elsewhere); a longer one is confirmed by its MurmurHash3, then
 * byte by byte in the pool. Two terms never share an id.
 */
import { murmurhash3Bytes } from './murmurhash3.js';

let decoder: TextDecoder | undefined;
let encoder: TextEncoder | undefined;

export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u < 0xe000) {
      if (u < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      else return true;
    }
  }
  return false;
}

/** Terms up to this many bytes are keyed by their bytes in the slot itself. */
const SHORT = 8;
/** Int32 per slot: length, column + 1 (0: empty), then a short key's two words or a long one's pool start, hash. */
const STRIDE = 4;
/** @internal Slots of a new table (a power of two). */
export const INITIAL_SLOTS = 2048;

/**
 * A short key's first word: its first four bytes, little-endian (zero-padded when shorter). With the last
 * word and the length it is the whole key: for 4 to 8 bytes the two words cover every byte (overlapping when
 * fewer than 8), which is two reads where a byte loop would be eight.
 */
function firstWord(bytes: Uint8Array, a: number, len: number): number {
  if (len >= 4) return bytes[a]! | (bytes[a + 1]! << 8) | (bytes[a + 2]! << 16) | (bytes[a + 3]! << 24);
  if (len === 3) return bytes[a]! | (bytes[a + 1]! << 8) | (bytes[a + 2]! << 16);
  if (len === 2) return bytes[a]! | (bytes[a + 1]! << 8);
  return len === 1 ? bytes[a]! : 0;
}

/** A short key's last word: its last four bytes, little-endian (0 when it has fewer than four). */
function lastWord(bytes: Uint8Array, b: number, len: number): number {
  return len >= 4 ? bytes[b - 4]! | (bytes[b - 3]! << 8) | (bytes[b - 2]! << 16) | (bytes[b - 1]! << 24) : 0;
}

/**
 * @internal The slot hash of a short key (a multiply-xorshift mix of its words and length; MurmurHash3's
 * finaliser). Exported for the tests, which look for keys that share a slot.
 */
export function shortHash(w0: number, w1: number, len: number): number {
  let h = Math.imul(w0, 0x9e3779b1) ^ Math.imul(w1 + len, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 13);
}

export class TermTable {
  /** The bytes of every term, back to back; term `id` is pool[starts[id], starts[id + 1]). */
  private pool = new Uint8Array(1 << 16);
  private starts = new Int32Array(1025);
  /** Column of each id (the id itself for a table being grown by fit). */
  private columns = new Int32Array(1024);
  /** Open addressing, linear probing: STRIDE int32 per slot (see STRIDE). */
  private slots = new Int32Array(INITIAL_SLOTS * STRIDE);
  private mask = INITIAL_SLOTS - 1;
  size = 0;

  /**
   * Adds a term (distinct from those already added) with its column. A term holding a lone surrogate has no
   * UTF-8 form and no scanned token can equal it (the fast path's tokens are runs of \w), so it is left out.
   */
  addString(term: string, column: number): void {
    if (hasLoneSurrogate(term)) return;
    encoder ??= new TextEncoder();
    const bytes = encoder.encode(term);
    this.findOrAdd(bytes, 0, bytes.length, column);
  }

  /** The column of the term bytes[a, b), or -1. */
  find(bytes: Uint8Array, a: number, b: number): number {
    const len = b - a;
    if (len > SHORT) return this.findLong(bytes, a, b, murmurhash3Bytes(bytes, a, b));
    const w0 = firstWord(bytes, a, len);
    const w1 = lastWord(bytes, b, len);
    const { slots, mask } = this;
    for (let slot = shortHash(w0, w1, len) & mask; ; slot = (slot + 1) & mask) {
      const r = slot * STRIDE;
      const c = slots[r + 1]!;
      if (c === 0) return -1;
      if (slots[r] === len && slots[r + 2] === w0 && slots[r + 3] === w1) return c - 1;
    }
  }

  /** The column of the term bytes[a, b); when absent, adds it with `column` and returns that. */
  findOrAdd(bytes: Uint8Array, a: number, b: number, column: number): number {
    const found = this.find(bytes, a, b);
    if (found >= 0) return found;
    this.add(bytes, a, b, column);
    return column;
  }

  /** The column of the term added `id`-th. */
  columnOf(id: number): number {
    return this.columns[id]!;
  }

  /** Term `id` (the `id`-th added) as a string. */
  termString(id: number): string {
    const a = this.starts[id]!;
    const b = this.starts[id + 1]!;
    let ascii = true;
    for (let k = a; k < b; k++) if (this.pool[k]! >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode(...this.pool.subarray(a, b));
    // ignoreBOM: a term may start with U+FEFF (character n-grams), which the default decoder would drop
    decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
    return decoder.decode(this.pool.subarray(a, b));
  }

  private findLong(bytes: Uint8Array, a: number, b: number, h: number): number {
    const len = b - a;
    const { slots, mask, pool } = this;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const r = slot * STRIDE;
      const c = slots[r + 1]!;
      if (c === 0) return -1;
      if (slots[r] === len && slots[r + 3] === h) {
        const s = slots[r + 2]!;
        let k = 0;
        while (k < len && pool[s + k] === bytes[a + k]) k++;
        if (k === len) return c - 1;
      }
    }
  }

  /** Adds the term bytes[a, b) (absent so far) with its column. */
  private add(bytes: Uint8Array, a: number, b: number, column: number): void {
    const id = this.size;
    if (id + 1 >= this.columns.length) this.growIds();
    const start = this.starts[id]!;
    if (start + (b - a) > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, start + (b - a)));
      pool.set(this.pool.subarray(0, start));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(a, b), start);
    this.starts[id + 1] = start + (b - a);
    this.columns[id] = column;
    this.size = id + 1;
    if (this.size * 2 > this.mask) this.rehash();
    else this.place(id);
  }

  /** Writes term `id`'s record into the first free slot of its probe sequence. */
  private place(id: number): void {
    const start = this.starts[id]!;
    const len = this.starts[id + 1]! - start;
    let h: number;
    let k2 = start;
    let k3: number;
    if (len > SHORT) {
      h = k3 = murmurhash3Bytes(this.pool, start, start + len);
    } else {
      k2 = firstWord(this.pool, start, len);
      k3 = lastWord(this.pool, start + len, len);
      h = shortHash(k2, k3, len);
    }
    const { slots, mask } = this;
    let slot = h & mask;
    while (slots[slot * STRIDE + 1] !== 0) slot = (slot + 1) & mask;
    const r = slot * STRIDE;
    slots[r] = len;
    slots[r + 1] = this.columns[id]! + 1;
    slots[r + 2] = k2;
    slots[r + 3] = k3;
  }

  private growIds(): void {
    const n = this.columns.length * 2;
    const starts = new Int32Array(n + 1);
    starts.set(this.starts);
    this.starts = starts;
    const columns = new Int32Array(n);
    columns.set(this.columns);
    this.columns = columns;
  }

  private rehash(): void {
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * STRIDE);
    for (let id = 0; id < this.size; id++) this.place(id);
  }
}
