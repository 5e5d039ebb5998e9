import { CsrMatrix } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import type { SearchInput, Targets } from './rows.js';

/**
 * A 64-bit fingerprint in pure JavaScript (browsers have no synchronous SHA): two independent 32-bit
 * FNV-1a-style lanes over 32-bit words, with a murmur3 finaliser. It tells one search from another
 * (data, targets, grid, CV plan, estimator); it is not a defence against crafted collisions.
 */
export class Fingerprint {
  private a = 0x811c9dc5;
  private b = 0x6c62272e;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  /** Adds a 32-bit word. */
  word(w: number): this {
    this.a = Math.imul(this.a ^ w, 0x01000193);
    this.b = Math.imul(this.b ^ w, 0x5bd1e995) ^ (this.b >>> 13);
    return this;
  }

  /** Adds a float64, by its bits. */
  number(x: number): this {
    this.scratch.setFloat64(0, x, true);
    return this.word(this.scratch.getUint32(0, true)).word(this.scratch.getUint32(4, true));
  }

  /** Adds floats, by their bits. */
  numbers(xs: ArrayLike<number>): this {
    this.word(xs.length);
    for (let i = 0; i < xs.length; i++) this.number(xs[i]!);
    return this;
  }

  /** Adds integers. */
  ints(xs: ArrayLike<number>): this {
    this.word(xs.length);
    for (let i = 0; i < xs.length; i++) this.word(xs[i]! | 0);
    return this;
  }

  /** Adds a string, by its UTF-16 code units and length. */
  string(s: string): this {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    return this;
  }

  /** Any JSON-able value, by its canonical JSON text. */
  json(v: unknown): this {
    return this.string(canonicalJson(v));
  }

  /** Adds the input rows (dense, CSR, arrays or texts). */
  input(X: SearchInput): this {
    if (X instanceof CsrMatrix)
      return this.string('csr').ints(X.shape).ints(X.indptr).ints(X.indices).numbers(X.data.subarray(0, X.nnz));
    if (X instanceof DenseMatrix) return this.string('dense').ints(X.shape).numbers(X.data);
    const rows = X as ArrayLike<unknown>;
    this.string('rows').word(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (typeof r === 'string') this.string(r);
      else this.numbers(r as ArrayLike<number>);
    }
    return this;
  }

  /** Adds the targets. */
  targets(y: Targets): this {
    this.word(y.length);
    for (let i = 0; i < y.length; i++) {
      const v = (y as ArrayLike<unknown>)[i];
      if (typeof v === 'number') this.word(1).number(v);
      else if (typeof v === 'string') this.word(2).string(v);
      else this.word(3).numbers(v as ArrayLike<number>);
    }
    return this;
  }

  /** The fingerprint, as 16 hex digits. */
  digest(): string {
    return hex(fmix(this.a)) + hex(fmix(this.b ^ this.a));
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(x: number): string {
  return x.toString(16).padStart(8, '0');
}

/**
 * JSON with sorted object keys; non-finite numbers and undefined spelled out so they are not lost;
 * class instances tagged with their constructor name; cycles cut (estimator objects may hold them).
 */
export function canonicalJson(v: unknown, seen: WeakSet<object> = new WeakSet()): string {
  if (v === undefined) return '"__undefined__"';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : `"__${String(v)}__"`;
  if (typeof v === 'function') return JSON.stringify(`__function ${v.name}__`);
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function')
    return canonicalJson((v as { toJSON(): unknown }).toJSON(), seen);
  if (seen.has(v)) return '"__cycle__"';
  seen.add(v);
  try {
    if (Array.isArray(v) || ArrayBuffer.isView(v))
      return `[${Array.from(v as ArrayLike<unknown>, (x) => canonicalJson(x, seen)).join(',')}]`;
    const proto = Object.getPrototypeOf(v) as object | null;
    const tag =
      proto === Object.prototype || proto === null
        ? ''
        : `${JSON.stringify('__class__')}:${JSON.stringify((v as object).constructor?.name ?? '?')},`;
    const keys = Object.keys(v).sort();
    return `{${tag}${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k], seen)}`).join(',')}}`;
  } finally {
    seen.delete(v);
  }
}
