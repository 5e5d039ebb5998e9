import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

/** `[icepickle] [hdf5-wasm] file: what`, as core's describe() formats every message. */
export function fail(
  code: IcepickleErrorCode,
  file: string | undefined,
  what: string,
  extra: { cause?: unknown; object?: string } = {},
): IcepickleError {
  const message = `[icepickle] [hdf5-wasm] ${file ? `${file}: ` : ''}${what}`;
  return new IcepickleError(code, message, { ...extra, ...(file === undefined ? {} : { file }) });
}
