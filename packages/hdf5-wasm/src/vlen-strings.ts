/**
 * Variable-length strings, read without h5wasm's Dataset.value / slice / Attribute.value.
 *
 * Those allocate the result buffer with malloc (not zeroed) and, in a `finally`, hand it to
 * H5Treclaim to free each string. When HDF5 fails half-way through a damaged file's strings (a
 * bad global heap reference), the buffer still holds uninitialised words, H5Treclaim frees them as
 * pointers, and the wasm instance traps (found by bit-flip fuzzing). Here the buffer is zeroed
 * first, so after a failure it holds only strings HDF5 really allocated, and null pointers.
 */
import type { Loaded } from './h5wasm-module.js';

/** wasm32: a `char *` is 4 bytes. */
const POINTER = 4;

function withZeroedBuffer<T>(
  loaded: Loaded,
  count: number,
  read: (ptr: bigint) => void,
  reclaim: (ptr: bigint) => void,
  decode: (ptr: number) => T,
): T[] {
  const { module } = loaded;
  const bytes = Math.max(count, 1) * POINTER;
  const ptr = module._malloc(bytes);
  if (!ptr) throw new Error(`Memory allocation of ${bytes} bytes failed`);
  module.HEAPU8.fill(0, ptr, ptr + bytes);
  try {
    read(BigInt(ptr));
    const pointers = new Uint32Array(module.HEAPU8.buffer, ptr, count).slice();
    return Array.from(pointers, (p) => decode(p));
  } finally {
    try {
      reclaim(BigInt(ptr)); // frees what HDF5 allocated; null entries are skipped
    } finally {
      module._free(ptr);
    }
  }
}

function decoder(loaded: Loaded, utf8: boolean): (ptr: number) => string {
  const { module } = loaded;
  return (p) => (p === 0 ? '' : utf8 ? module.UTF8ToString(p) : module.AsciiToString(p));
}

/**
 * Strings of a dataset: whole (`ranges` undefined) or a hyperslab given as [start, end) per axis.
 */
export function readDatasetStrings(
  loaded: Loaded,
  fileId: bigint,
  path: string,
  shape: readonly number[],
  utf8: boolean,
  ranges?: ReadonlyArray<readonly [number, number]>,
): string[] {
  const { module } = loaded;
  if (!ranges) {
    const count = shape.reduce((a, b) => a * b, 1);
    return withZeroedBuffer(
      loaded,
      count,
      (ptr) => module.get_dataset_data(fileId, path, null, null, null, ptr),
      (ptr) => module.reclaim_vlen_memory(fileId, path, '', ptr),
      decoder(loaded, utf8),
    );
  }
  const count = ranges.map(([a, b]) => BigInt(b - a));
  const offset = ranges.map(([a]) => BigInt(a));
  const strides = ranges.map(() => 1n);
  const n = ranges.reduce((t, [a, b]) => t * (b - a), 1);
  return withZeroedBuffer(
    loaded,
    n,
    (ptr) => module.get_dataset_data(fileId, path, count, offset, strides, ptr),
    (ptr) => module.reclaim_vlen_memory_count(fileId, path, '', ptr, count),
    decoder(loaded, utf8),
  );
}

/** Strings of an attribute (always read whole). */
export function readAttributeStrings(
  loaded: Loaded,
  fileId: bigint,
  path: string,
  name: string,
  count: number,
  utf8: boolean,
): string[] {
  const { module } = loaded;
  return withZeroedBuffer(
    loaded,
    count,
    (ptr) => module.get_attribute_data(fileId, path, name, ptr),
    (ptr) => module.reclaim_vlen_memory(fileId, path, name, ptr),
    decoder(loaded, utf8),
  );
}
