/**
 * A vocabulary keyed by UTF-8 bytes: the vectorizers' fast path scans a document into a byte buffer
 * (hashing-kernel.ts's FusedWordScanner) and looks each token or n-gram up here without making a string.
 * Terms are found by their MurmurHash3 (the hash HashingVectorizer already computes) and confirmed byte by
 * byte, so two terms never share an id.
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

export class TermTable {
  /** The bytes of every term, back to back; term `id` is pool[starts[id], starts[id + 1]). */
  private pool = new Uint8Array(1 << 16);
  private starts = new Int32Array(1025);
  private hashes = new Int32Array(1024);
  /** Open addressing: slot → id + 1 (0 = empty). */
  private slots = new Int32Array(2048);
  private mask = 2047;
  /** Column of each id (the id itself for a table being grown by fit). */
  private columns = new Int32Array(1024);
  size = 0;

  /**
   * Adds a term (distinct from those already added) with its column. A term holding a lone surrogate has no
   * UTF-8 form and no scanned token can equal it (the fast path's tokens are runs of \w), so it is left out.
   */
  addString(term: string, column: number): void {
    if (hasLoneSurrogate(term)) return;
    encoder ??= new TextEncoder();
    const bytes = encoder.encode(term);
    this.insertHashed(bytes, 0, bytes.length, murmurhash3Bytes(bytes, 0, bytes.length), column);
  }

  /** The column of the term bytes[a, b), or -1. */
  find(bytes: Uint8Array, a: number, b: number): number {
    return this.findHashed(bytes, a, b, murmurhash3Bytes(bytes, a, b));
  }

  /** `find` with the bytes' MurmurHash3 already computed. */
  findWithHash(bytes: Uint8Array, a: number, b: number, h: number): number {
    return this.findHashed(bytes, a, b, h);
  }

  /** Adds the term bytes[a, b) (absent so far, MurmurHash3 `h`) with its column. */
  addWithHash(bytes: Uint8Array, a: number, b: number, h: number, column: number): void {
    this.insertHashed(bytes, a, b, h, column);
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

  private findHashed(bytes: Uint8Array, a: number, b: number, h: number): number {
    const len = b - a;
    const { slots, hashes, starts, pool, mask } = this;
    let slot = h & mask;
    for (;;) {
      const e = slots[slot]!;
      if (e === 0) return -1;
      const id = e - 1;
      if (hashes[id] === h) {
        const s = starts[id]!;
        if (starts[id + 1]! - s === len) {
          let k = 0;
          while (k < len && pool[s + k] === bytes[a + k]) k++;
          if (k === len) return this.columns[id]!;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  private insertHashed(bytes: Uint8Array, a: number, b: number, h: number, column: number): number {
    const id = this.size;
    if (id + 1 >= this.hashes.length) this.growIds();
    const start = this.starts[id]!;
    if (start + (b - a) > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, start + (b - a)));
      pool.set(this.pool.subarray(0, start));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(a, b), start);
    this.starts[id + 1] = start + (b - a);
    this.hashes[id] = h;
    this.columns[id] = column;
    this.size = id + 1;
    if (this.size * 2 > this.mask) this.rehash();
    else this.place(id);
    return column;
  }

  private place(id: number): void {
    let slot = this.hashes[id]! & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = id + 1;
  }

  private growIds(): void {
    const n = this.hashes.length * 2;
    const starts = new Int32Array(n + 1);
    starts.set(this.starts);
    this.starts = starts;
    const hashes = new Int32Array(n);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const columns = new Int32Array(n);
    columns.set(this.columns);
    this.columns = columns;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) this.place(id);
  }
}
