/** Checks of createWriter's streamed datasets and of each block, before anything reaches libhdf5. */
import type { StreamedDataset } from '@icepickle/core';
import type { NativeStreamingSpec } from './binding.js';
import { fail } from './errors.js';
import { checkFilters } from './write-spec.js';
import { normalise } from './stored-file.js';

type Streamed = NativeStreamingSpec['streamed'][number];

const positive = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((d) => Number.isSafeInteger(d) && d > 0);

export function checkStreamed(
  streamed: readonly StreamedDataset[] | undefined,
  wholePaths: readonly string[],
  label: string,
): Streamed[] {
  if (!Array.isArray(streamed) || streamed.length === 0)
    throw fail('INVALID_INPUT', label, 'createWriter needs at least one streamed dataset');
  const seen = new Set(wholePaths);
  return streamed.map((d) => {
    const path = normalise(d?.path ?? '');
    const bad = (what: string) => fail('INVALID_INPUT', label, `streamed dataset "${path}": ${what}`, { object: path });
    if (path === '/') throw bad('a dataset needs a name');
    if (seen.has(path)) throw bad('written twice');
    seen.add(path);
    if (d.dtype !== 'float64' && d.dtype !== 'float32')
      throw bad(`dtype must be float64 or float32, got ${String(d.dtype)}`);
    if (!positive(d.shape)) throw bad(`shape must be positive integers, got ${JSON.stringify(d.shape)}`);
    const out: Streamed = { path, dtype: d.dtype, shape: [...d.shape] };
    if (d.chunks !== undefined) {
      if (
        !positive(d.chunks) ||
        d.chunks.length !== d.shape.length ||
        d.chunks.some((c: number, i: number) => c > d.shape[i]!)
      ) {
        throw bad(
          `chunks must be ${d.shape.length} positive integers no larger than the shape, got ${JSON.stringify(d.chunks)}`,
        );
      }
      out.chunks = [...d.chunks];
    }
    Object.assign(out, checkFilters(d, out.chunks !== undefined, bad));
    if (d.attrs) out.attrs = d.attrs;
    return out;
  });
}
