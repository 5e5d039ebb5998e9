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
 * Turns an addon error (code chosen in C++, plus libhdf5's error stack) into a one-line IcepickleError.
 * libhdf5's multi-line stack goes into `cause`: an Error whose message is the stack as libhdf5 prints
 * it ("HDF5-DIAG: Error detected in HDF5 ..."), as hdf5-wasm's cause is h5wasm's error carrying the same
 * text. Logs keep one line per error, and a failure deep in libhdf5 can still be traced.
 */
export function fromNative(error: unknown, file: string, fallback: IcepickleErrorCode, prefix = ''): IcepickleError {
  const native = error as Partial<NativeError>;
  const code =
    typeof native?.code === 'string' && CODES.has(native.code as IcepickleErrorCode)
      ? (native.code as IcepickleErrorCode)
      : fallback;
  const firstLine = (native?.message ?? String(error)).split('\n')[0];
  const stack = native?.hdf5Stack;
  // With a stack, the addon's line only says which call failed: libhdf5's innermost reason says why
  // (hdf5-wasm's hdf5Reason does the same with h5wasm's text).
  const detail = !stack ? `${prefix}${firstLine}` : `${prefix || `${firstLine}: `}${innermostReason(stack)}`;
  return fail(code, file, detail, {
    cause: stack ? hdf5StackError(stack, error) : error,
    ...(native?.object ? { object: native.object } : {}),
  });
}

/** The innermost frame of a libhdf5 error stack, with its minor class: "what failed (Read failed)". */
function innermostReason(stack: string): string {
  const lines = stack.split('\n').map((line) => line.trim());
  const frame = [...lines].reverse().find((line) => /^#\d+:.*\(\):/.test(line));
  const minor = [...lines].reverse().find((line) => line.startsWith('minor:'));
  const what = frame ? frame.replace(/^#\d+:.*?\(\):\s*/, '') : (lines[0] ?? stack);
  return minor ? `${what} (${minor.slice('minor:'.length).trim()})` : what;
}

/** libhdf5's error stack as an Error (name `HDF5Error`), the addon's own error as its cause. */
function hdf5StackError(stack: string, addonError: unknown): Error {
  const error = new Error(stack, { cause: addonError });
  error.name = 'HDF5Error';
  return error;
}
