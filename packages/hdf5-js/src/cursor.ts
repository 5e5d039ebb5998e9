import { Damaged } from './errors.js';

/** Little-endian fields of a byte range, every read bounds-checked (Damaged past the end). */
export class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  need(n: number): void {
    if (n < 0 || this.pos + n > this.bytes.length)
      throw new Damaged(`a field of ${n} bytes at ${this.pos} runs past its structure (${this.bytes.length} bytes)`);
  }

  /** An unsigned integer of `size` bytes (1-8); above 2^53 only exactness is lost, callers check ranges. */
  uint(size: number): number {
    this.need(size);
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + this.bytes[this.pos + i]!;
    this.pos += size;
    return value;
  }

  u8(): number {
    return this.uint(1);
  }
  u16(): number {
    return this.uint(2);
  }
  u32(): number {
    return this.uint(4);
  }

  /** True when the next `size` bytes are all 0xff (HDF5's undefined address); does not advance. */
  isUndefined(size: number): boolean {
    this.need(size);
    for (let i = 0; i < size; i++) if (this.bytes[this.pos + i] !== 0xff) return false;
    return true;
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  signature(sig: string): boolean {
    if (this.remaining < sig.length) return false;
    for (let i = 0; i < sig.length; i++) if (this.bytes[this.pos + i] !== sig.charCodeAt(i)) return false;
    this.pos += sig.length;
    return true;
  }

  expectSignature(sig: string, what: string): void {
    if (!this.signature(sig)) throw new Damaged(`${what}: signature "${sig}" not found`);
  }
}
