/**
 * Undoes a chunk's filter pipeline (last filter first, skipping those its mask marks): deflate through
 * the platform's DecompressionStream (Node 20, browsers, workerd: no dependency), shuffle, and
 * fletcher32 verified. The decoded size must be exactly the chunk's: no more is ever buffered.
 */
import { Damaged, Refused } from './errors.js';
import type { Filter } from './filters.js';

async function inflate(bytes: Uint8Array, expected: number): Promise<Uint8Array> {
  const out = new Uint8Array(expected);
  let filled = 0;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > expected) throw new Damaged(`a chunk inflates past its ${expected} bytes`);
      out.set(value, filled);
      filled += value.length;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof Damaged) throw error;
    throw new Damaged(`a chunk does not inflate (${String((error as Error)?.message ?? error)})`);
  }
  if (filled !== expected)
    throw new Damaged(`a chunk inflates to ${filled} bytes, not ${expected} [decompressed-size]`);
  return out;
}

/** HDF5's H5_checksum_fletcher32 (H5checksum.c): 16-bit big-endian words. */
export function fletcher32(data: Uint8Array): number {
  let sum1 = 0;
  let sum2 = 0;
  let i = 0;
  let words = data.length >> 1;
  while (words > 0) {
    let block = Math.min(words, 360);
    words -= block;
    while (block-- > 0) {
      sum1 += (data[i]! << 8) | data[i + 1]!;
      sum2 += sum1;
      i += 2;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  if (data.length & 1) {
    sum1 += data[i]! << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  return ((sum2 << 16) | sum1) >>> 0;
}

function checkFletcher(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 4) throw new Damaged('fletcher32: chunk shorter than its checksum');
  const body = bytes.subarray(0, bytes.length - 4);
  const t = bytes.subarray(bytes.length - 4);
  const little = (t[0]! | (t[1]! << 8) | (t[2]! << 16) | (t[3]! << 24)) >>> 0;
  const big = ((t[0]! << 24) | (t[1]! << 16) | (t[2]! << 8) | t[3]!) >>> 0;
  const sum = fletcher32(body);
  // HDF5 before 1.6.3 stored the sum byte-swapped; its reader accepts both (H5Zfletcher32.c)
  if (sum !== little && sum !== big) throw new Damaged('fletcher32 checksum mismatch');
  return body;
}

export function unshuffle(bytes: Uint8Array, size: number): Uint8Array {
  const n = Math.floor(bytes.length / Math.max(size, 1));
  // as HDF5's H5Z__filter_shuffle: nothing to undo unless there are two elements of two bytes or more
  // (and so no loop over an element size the chunk cannot hold, e.g. a damaged client value of 2^31)
  if (size <= 1 || n <= 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let b = 0; b < size; b++) {
    const from = b * n;
    for (let i = 0; i < n; i++) out[i * size + b] = bytes[from + i]!;
  }
  out.set(bytes.subarray(n * size), n * size); // trailing bytes are left as they are
  return out;
}

/** Unskipped fletcher32 filters applied before filter `i`: each adds 4 bytes to what `i` decodes to. */
function fletchersBefore(filters: readonly Filter[], mask: number, i: number): number {
  let n = 0;
  for (let k = 0; k < i; k++) if (filters[k]!.id === 3 && !(mask & (1 << k))) n++;
  return n;
}

/** The chunk's decoded bytes (`expected` long). */
export async function decodeChunk(
  bytes: Uint8Array,
  filters: readonly Filter[],
  mask: number,
  expected: number,
  itemSize: number,
): Promise<Uint8Array> {
  let data = bytes;
  for (let i = filters.length - 1; i >= 0; i--) {
    if (mask & (1 << i)) continue;
    const f = filters[i]!;
    if (f.id === 1) data = await inflate(data, expected + 4 * fletchersBefore(filters, mask, i));
    else if (f.id === 2) data = unshuffle(data, f.values[0] ?? itemSize);
    else if (f.id === 3) data = checkFletcher(data);
    else throw new Refused('UNSUPPORTED_FILTER', `filter ${f.id} (${f.name}) cannot be decoded`);
  }
  if (data.length !== expected)
    throw new Damaged(`a chunk decodes to ${data.length} bytes, not ${expected} [decompressed-size]`);
  return data;
}
