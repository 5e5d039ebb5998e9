/** Checks of createWriter's streamed datasets and of each block, before anything reaches libhdf5. */
import type { StreamedDataset } from '@icepickle/core';
import type { NativeStreamingSpec } from './binding.js';
import { fail } from './errors.js';
import { normalise } from './stored-file.js';

type Streamed = NativeStreamingSpec['streamed'][number];

const positive = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((d) => Number.isSafeInteger(d) && d > 0);

export function checkStreamed(streamed: readonly StreamedDataset[] | undefined, wholePaths: readonly string[], label: string): Streamed[] {
  if (!Array.isArray(streamed) || streamed.length === 0) throw fail('INVALID_INPUT', label, 'createWriter needs at least one streamed dataset');
  const seen = new Set(wholePaths);
  return streamed.map((d) => {
    const path = normalise(d?.path ?? '');
    const bad = (what: string) => fail('INVALID_INPUT', label, `streamed dataset "${path}": ${what}`, { object: path });
    if (path === '/') throw bad('a dataset needs a name');
    if (seen.has(path)) throw bad('written twice');
    seen.add(path);
    if (d.dtype !== 'float64' && d.dtype !== 'float32') throw bad(`dtype must be float64 or float32, got ${String(d.dtype)}`);
    if (!positive(d.shape)) throw bad(`shape must be positive integers, got ${JSON.stringify(d.shape)}`);
    const out: Streamed = { path, dtype: d.dtype, shape: [...d.shape] };
    if (d.chunks !== undefined) {
      if (!positive(d.chunks) || d.chunks.length !== d.shape.length || d.chunks.some((c: number, i: number) => c > d.shape[i]!)) {
        throw bad(`chunks must be ${d.shape.length} positive integers no larger than the shape, got ${JSON.stringify(d.chunks)}`);
      }
      out.chunks = [...d.chunks];
    }
    if (d.gzip !== undefined) {
      if (!Number.isInteger(d.gzip) || d.gzip < 0 || d.gzip > 9) throw bad(`gzip must be a level 0-9, got ${d.gzip}`);
      out.gzip = d.gzip;
    }
    if (d.shuffle) out.shuffle = true;
    if ((out.gzip !== undefined || out.shuffle) && !out.chunks) throw bad('gzip and shuffle need a chunk shape (chunks)');
    if (d.attrs) out.attrs = d.attrs;
    return out;
  });
}

/** The dataset a block goes to, after checking the block lies inside it and has the right size and type. */
export function checkBlock(
  datasets: ReadonlyMap<string, { path: string; dtype: 'float64' | 'float32'; shape: readonly number[] }>,
  path: string,
  start: readonly number[],
  count: readonly number[],
  data: unknown,
  label: string,
): { path: string; dtype: 'float64' | 'float32'; shape: readonly number[] } {
  const d = datasets.get(normalise(path));
  if (!d) throw fail('INVALID_INPUT', label, `"${path}" is not a streamed dataset of this file`, { object: path });
  const bad = (code: 'INVALID_INPUT' | 'SHAPE_MISMATCH', what: string) => fail(code, label, `block of "${d.path}": ${what}`, { object: d.path });
  const rank = d.shape.length;
  if (!Array.isArray(start) || !Array.isArray(count) || start.length !== rank || count.length !== rank) throw bad('INVALID_INPUT', `start and count need ${rank} entries`);
  for (let i = 0; i < rank; i++) {
    const s = start[i]!;
    const c = count[i]!;
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(c) || s < 0 || c < 1 || s + c > d.shape[i]!) {
      throw bad('INVALID_INPUT', `start ${JSON.stringify(start)} + count ${JSON.stringify(count)} lies outside shape (${d.shape.join(', ')})`);
    }
  }
  const ctor = d.dtype === 'float32' ? Float32Array : Float64Array;
  if (!(data instanceof ctor)) throw bad('INVALID_INPUT', `a ${d.dtype} dataset takes a ${ctor.name}, got ${(data as object)?.constructor?.name ?? typeof data}`);
  const n = count.reduce((a, b) => a * b, 1);
  if (data.length !== n) throw bad('SHAPE_MISMATCH', `count ${JSON.stringify(count)} needs ${n} values, got ${data.length}`);
  return d;
}
