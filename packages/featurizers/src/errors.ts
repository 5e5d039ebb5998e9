/** Error helpers for this package: the `[icepickle] [scope] what` message shape of core's errors.ts. */
import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

export function describe(scope: string, what: string): string {
  return `[icepickle] [${scope}] ${what}`;
}

export function featurizerError(
  code: IcepickleErrorCode,
  scope: string,
  what: string,
  cause?: unknown,
): IcepickleError {
  return new IcepickleError(code, describe(scope, what), cause === undefined ? {} : { cause });
}
