/**
 * Raw element bytes to the contract's values: numbers into typed arrays (byte-swapped when the file
 * is big-endian), h5py bools into 0/1, fixed strings trimmed as their padding says, variable-length
 * strings fetched from the global heap. Strings must be valid UTF-8 (ASCII is a subset).
 */
import type { TypedData } from '@icepickle/core';
import { typedArrayConstructor } from '@icepickle/core/backend-kit';
import type { H5Context } from './context.js';
import { Cursor } from './cursor.js';
import type { Datatype } from './datatype.js';
import { Damaged, Refused } from './errors.js';
import type { GlobalHeap } from './global-heap.js';
import { decodeUtf8 } from './utf8.js';

const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * `count` numbers from their stored bytes. `owned`: `bytes` is a buffer of exactly these bytes that
 * nobody else holds (a read's own output), decoded in place rather than copied.
 */
export function decodeNumbers(type: Datatype, bytes: Uint8Array, count: number, owned = false): TypedData {
  const ctor = typedArrayConstructor(type.dtype);
  if (!ctor) throw new Damaged(`dtype ${type.dtype} has no typed array`);
  if (bytes.length < count * type.size) throw new Damaged('data shorter than its shape');
  const exact = owned && bytes.byteOffset === 0 && bytes.buffer.byteLength === count * type.size;
  // a fresh buffer of exactly these bytes (Buffer.slice would share a Node Buffer's pooled memory)
  const copy = exact ? bytes : new Uint8Array(count * type.size);
  if (!exact) copy.set(bytes.subarray(0, copy.length));
  if (type.littleEndian !== littleEndianHost && type.size > 1) {
    const s = type.size;
    for (let i = 0; i < copy.length; i += s) copy.subarray(i, i + s).reverse();
  }
  const out = new (ctor as unknown as new (buffer: ArrayBuffer) => TypedData)(copy.buffer as ArrayBuffer);
  if (type.dtype === 'bool') for (let i = 0; i < out.length; i++) (out as Uint8Array)[i] = out[i] ? 1 : 0;
  return out;
}

function fixedString(type: Datatype, bytes: Uint8Array): string {
  let end = bytes.length;
  if (type.padding === 2) while (end > 0 && bytes[end - 1] === 0x20) end--;
  else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) end = nul;
  }
  return decodeUtf8(bytes.subarray(0, end), 'string value');
}

/** `count` strings from their stored elements; `budget` bounds what variable-length ones may decode to. */
export async function decodeStrings(
  ctx: H5Context,
  heap: GlobalHeap,
  type: Datatype,
  bytes: Uint8Array,
  count: number,
  budget: number,
  /** The refusal's detail when the strings pass the budget (default: the vlen-decoded-size rule). */
  overBudget?: (total: number) => string | undefined,
): Promise<string[]> {
  if (bytes.length < count * type.size) throw new Damaged('string data shorter than its shape');
  if (!type.vlen)
    return Array.from({ length: count }, (_, i) =>
      fixedString(type, bytes.subarray(i * type.size, (i + 1) * type.size)),
    );
  const O = ctx.sb.sizeOfOffsets;
  const refSize = 8 + O;
  const c = new Cursor(bytes);
  const refs: Array<{ length: number; at: number | undefined; index: number }> = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    c.pos = i * refSize;
    const length = c.u32();
    const undefinedAt = c.isUndefined(O);
    const raw = c.uint(O);
    const index = c.u32();
    total += length;
    refs.push({ length, at: undefinedAt || length === 0 ? undefined : ctx.sb.baseAddress + raw, index });
  }
  if (total > budget)
    throw new Refused(
      'LIMIT_EXCEEDED',
      overBudget?.(total) ??
        `variable-length strings would decode to ${total} bytes, more than ${budget} (heap objects referenced repeatedly?) [rule: vlen-decoded-size]`,
    );
  return Promise.all(
    refs.map(async (r) => {
      if (r.at === undefined) return '';
      const object = await heap.object(r.at, r.index);
      if (r.length > object.length) throw new Damaged('variable-length string longer than its heap object');
      return decodeUtf8(object.subarray(0, r.length), 'string value');
    }),
  );
}
