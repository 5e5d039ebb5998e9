import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

/** An error raised by this backend: core composes the message from the fields (scope `hdf5-wasm`). */
export function fail(
  code: IcepickleErrorCode,
  file: string | undefined,
  detail: string,
  extra: { cause?: unknown; object?: string } = {},
): IcepickleError {
  return new IcepickleError(code, { scope: 'hdf5-wasm', file, detail, ...extra });
}
