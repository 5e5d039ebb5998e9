/** The errors every table transformer raises, composed by core's IcepickleError (never a hand-written prefix). */
import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

export function tableError(code: IcepickleErrorCode, scope: string, detail: string, cause?: unknown): IcepickleError {
  return new IcepickleError(code, cause === undefined ? { scope, detail } : { scope, detail, cause });
}

export const badParameter = (scope: string, detail: string): IcepickleError =>
  tableError('INVALID_PARAMETER', scope, detail);

export const badInput = (scope: string, detail: string): IcepickleError => tableError('INVALID_INPUT', scope, detail);
