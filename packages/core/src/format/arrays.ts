import { IcepickleError } from '../errors.js';
import type { ClassDType } from '../estimators/labels.js';
import type { Label } from '../estimators/metrics.js';
import type { StoredArray } from '../storage/types.js';

/** Numbers of a float dataset as Float64Array (float32 widened exactly). */
export function floatValues(array: StoredArray, file: string, name: string): Float64Array {
  if (array.dtype !== 'float64' && array.dtype !== 'float32') {
    throw new IcepickleError('INVALID_DTYPE', {
      scope: 'load',
      file,
      detail: `dataset "${name}" has dtype ${array.dtype}; expected float64 or float32`,
      object: name,
    });
  }
  const data = array.data as Float64Array | Float32Array;
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/** Class labels of a classes dataset, and the dtype to write them back with. */
export function labelValues(array: StoredArray, file: string, name: string): { labels: Label[]; dtype: ClassDType } {
  const data = array.data;
  switch (array.dtype) {
    case 'utf8':
      return { labels: [...(data as readonly string[])], dtype: 'utf8' };
    case 'float64':
    case 'float32':
      return { labels: Array.from(data as Float64Array), dtype: 'float64' };
    case 'bool':
      // numpy bool classes: Python's False / True, so predict returns booleans
      return { labels: Array.from(data as Uint8Array, (v) => v !== 0), dtype: 'bool' };
    case 'int64':
    case 'uint64': {
      const labels = Array.from(data as BigInt64Array, (v) => {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new IcepickleError('INVALID_DTYPE', {
            scope: 'load',
            file,
            detail: `dataset "${name}" holds the label ${v}, beyond JavaScript's exact integers`,
            object: name,
          });
        }
        return Number(v);
      });
      return { labels, dtype: 'int64' };
    }
    case 'int32':
    case 'int16':
    case 'int8':
    case 'uint32':
    case 'uint16':
    case 'uint8':
      return { labels: Array.from(data as Int32Array), dtype: 'int64' };
    default:
      throw new IcepickleError('INVALID_DTYPE', {
        scope: 'load',
        file,
        detail: `dataset "${name}" has dtype ${array.dtype}; class labels must be integers, floats, bools or UTF-8 strings`,
        object: name,
      });
  }
}

/** The StoredArray for class labels in their on-disk dtype (h5py writes ints as `<i8`). */
export function labelsToStored(labels: readonly Label[], dtype: ClassDType): StoredArray {
  const shape = [labels.length];
  switch (dtype) {
    case 'utf8':
      return { dtype, shape, data: labels.map(String) };
    case 'float64':
      return { dtype, shape, data: Float64Array.from(labels as number[]) };
    case 'bool':
      return { dtype, shape, data: Uint8Array.from(labels, (v) => (v === true || v === 1 ? 1 : 0)) };
    case 'int64':
      return { dtype, shape, data: BigInt64Array.from(labels as number[], (v) => BigInt(v)) };
  }
}
