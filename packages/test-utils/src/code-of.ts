import { type IcepickleError, type IcepickleErrorCode, isIcepickleError } from '@icepickle/core';

/**
 * Runs `run` and returns the IcepickleError code it rejects with: 'resolved' when it resolves, and
 * "not an IcepickleError: …" for any other error, so that one `toBe` states the expected outcome.
 * `check`, when given, sees each IcepickleError first (the conformance suite checks their fields).
 */
export async function codeOf(
  run: () => Promise<unknown>,
  check?: (error: IcepickleError) => void,
): Promise<IcepickleErrorCode | string> {
  try {
    await run();
  } catch (error) {
    if (!isIcepickleError(error)) return `not an IcepickleError: ${String(error)}`;
    check?.(error);
    return error.code;
  }
  return 'resolved';
}
