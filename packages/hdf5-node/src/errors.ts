import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';
import type { NativeError } from './binding.js';

const SCOPE = 'hdf5-node';

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

/** An error raised by this backend: core composes the message from the fields (scope `hdf5-node`). */
export function fail(
  code: IcepickleErrorCode,
  file: string | undefined,
  detail: string,
  extra: { cause?: unknown; object?: string } = {},
): IcepickleError {
  return new IcepickleError(code, { scope: SCOPE, file, detail, ...extra });
}

/**
 * Turns an addon error (code chosen in C++, plus HDF5's error stack) into a one-line IcepickleError.
 * libhdf5's multi-line error stack stays in `cause` (the addon's error, whose `hdf5Stack` holds it),
 * so logs keep one line per error and a failure deep in libhdf5 can still be traced.
 */
export function fromNative(error: unknown, file: string, fallback: IcepickleErrorCode, prefix = ''): IcepickleError {
  const native = error as Partial<NativeError>;
  const code =
    typeof native?.code === 'string' && CODES.has(native.code as IcepickleErrorCode)
      ? (native.code as IcepickleErrorCode)
      : fallback;
  const firstLine = (native?.message ?? String(error)).split('\n')[0];
  return fail(code, file, `${prefix}${firstLine}`, {
    cause: error,
    ...(native?.object ? { object: native.object } : {}),
  });
}
