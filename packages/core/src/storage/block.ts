import { IcepickleError } from '../errors.js';
import { normalisePath } from './read-rules.js';
import type { StreamedDataset } from './types.js';

/**
 * Checks one block of a streaming write against its dataset: the contract's rules for
 * StreamingWriter.write, shared by every backend so they refuse the same blocks with the same codes
 * (INVALID_INPUT for a wrong dataset, range or type, SHAPE_MISMATCH for a wrong value count).
 */
export function checkStreamedBlock<D extends Pick<StreamedDataset, 'path' | 'dtype' | 'shape'>>(
  datasets: ReadonlyMap<string, D>,
  path: string,
  start: readonly number[],
  count: readonly number[],
  data: unknown,
  label: string,
  scope: string,
): D {
  const d = datasets.get(normalisePath(path));
  if (!d)
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      file: label,
      detail: `"${path}" is not a streamed dataset of this file`,
      object: path,
    });
  const bad = (code: 'INVALID_INPUT' | 'SHAPE_MISMATCH', what: string) =>
    new IcepickleError(code, { scope, file: label, detail: `block of "${d.path}": ${what}`, object: d.path });
  const rank = d.shape.length;
  if (!Array.isArray(start) || !Array.isArray(count) || start.length !== rank || count.length !== rank)
    throw bad('INVALID_INPUT', `start and count need ${rank} entries`);
  for (let i = 0; i < rank; i++) {
    const s = start[i]!;
    const c = count[i]!;
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(c) || s < 0 || c < 1 || s + c > d.shape[i]!) {
      throw bad(
        'INVALID_INPUT',
        `start ${JSON.stringify(start)} + count ${JSON.stringify(count)} lies outside shape (${d.shape.join(', ')})`,
      );
    }
  }
  const ctor = d.dtype === 'float32' ? Float32Array : Float64Array;
  if (!(data instanceof ctor))
    throw bad(
      'INVALID_INPUT',
      `a ${d.dtype} dataset takes a ${ctor.name}, got ${(data as object)?.constructor?.name ?? typeof data}`,
    );
  const n = count.reduce((a, b) => a * b, 1);
  if (data.length !== n)
    throw bad('SHAPE_MISMATCH', `count ${JSON.stringify(count)} needs ${n} values, got ${data.length}`);
  return d;
}
