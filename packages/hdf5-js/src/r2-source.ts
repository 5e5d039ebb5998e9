/**
 * A ByteSource over a Cloudflare R2 binding. The binding is typed structurally (the two calls used),
 * so this package needs no Cloudflare types.
 */
import { type ByteSource, REMOTE_READ_HINTS } from './byte-source.js';
import { fail } from './errors.js';
import type { RangeSourceOptions } from './http-source.js';
import { DEFAULT_RANGE_BUDGET } from './range-budget.js';

/** The part of an R2Bucket binding this source uses. */
export interface R2BucketLike {
  /** The object's size, or null when there is none. */
  head(key: string): Promise<{ size: number } | null>;
  /** The bytes of a range of the object, or null when there is none. */
  get(
    key: string,
    options: { range: { offset: number; length: number } },
  ): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
}

/** A ByteSource over an object in a Cloudflare R2 bucket (reads by ranges). */
export async function r2Source(
  bucket: R2BucketLike,
  key: string,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  const label = `r2:${key}`;
  const head = await bucket.head(key);
  if (!head) throw fail('FILE_NOT_FOUND', label, 'no such object in the bucket');
  return {
    size: head.size,
    rangeBudget: options.rangeBudget ?? DEFAULT_RANGE_BUDGET,
    hints: REMOTE_READ_HINTS,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (length === 0) return new Uint8Array(0);
      const object = await bucket.get(key, { range: { offset, length } });
      if (!object) throw fail('READ_FAILED', label, 'the object disappeared while reading');
      const bytes = new Uint8Array(await object.arrayBuffer());
      if (bytes.length !== length)
        throw fail('READ_FAILED', label, `range ${offset}+${length} gave ${bytes.length} bytes`);
      return bytes;
    },
  };
}
