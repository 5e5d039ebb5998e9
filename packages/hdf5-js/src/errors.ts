import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

export const SCOPE = 'hdf5-js';

/** A typed error of this backend; the message is composed by core (`composeMessage`). */
export function fail(
  code: IcepickleErrorCode,
  file: string | undefined,
  detail: string,
  extra: { cause?: unknown; object?: string | undefined } = {},
): IcepickleError {
  return new IcepickleError(code, { scope: SCOPE, detail, file, ...extra });
}

/** What an error says: its message, or the thrown value as a string. */
export const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

/**
 * Thrown by the parser when the bytes contradict the format (a field past the end, a bad signature,
 * a checksum mismatch). The backend turns it into a typed IcepickleError naming the file and object.
 */
export class Damaged extends Error {
  override readonly name = 'Damaged';
}

/** Throws Damaged unless `ok`. */
export function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Damaged(what);
}

/** A typed refusal from inside the parser (a limit, an unsupported feature); the backend adds file and object. */
export class Refused extends Error {
  override readonly name = 'Refused';
  constructor(
    readonly code: IcepickleErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}
