import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';
import type { NativeError } from './binding.js';

const CODES = new Set<IcepickleErrorCode>([
  'NOT_HDF5',
  'FILE_NOT_FOUND',
  'MISSING_DATASET',
  'INVALID_SHAPE',
  'INVALID_DTYPE',
  'UNSUPPORTED_FILTER',
  'UNSAFE_FILE',
  'LIMIT_EXCEEDED',
  'READ_FAILED',
  'WRITE_FAILED',
  'CLOSED',
  'INVALID_INPUT',
]);

/** `[icepickle] [hdf5-node] file: what`, as core's describe() formats every message. */
export function fail(
  code: IcepickleErrorCode,
  file: string | undefined,
  what: string,
  extra: { cause?: unknown; object?: string } = {},
): IcepickleError {
  const message = `[icepickle] [hdf5-node] ${file ? `${file}: ` : ''}${what}`;
  return new IcepickleError(code, message, { ...extra, ...(file === undefined ? {} : { file }) });
}

/**
 * Turns an addon error (code chosen in C++, plus HDF5's error stack) into an IcepickleError whose
 * message ends with the stack, so a failure deep in libhdf5 still says where it happened.
 */
export function fromNative(error: unknown, file: string, fallback: IcepickleErrorCode, prefix = ''): IcepickleError {
  const native = error as Partial<NativeError>;
  const code =
    typeof native?.code === 'string' && CODES.has(native.code as IcepickleErrorCode)
      ? (native.code as IcepickleErrorCode)
      : fallback;
  const what = `${prefix}${native?.message ?? String(error)}`;
  const stack = native?.hdf5Stack ? `\nHDF5 error stack:\n${native.hdf5Stack}` : '';
  return fail(code, file, what + stack, { cause: error, ...(native?.object ? { object: native.object } : {}) });
}
