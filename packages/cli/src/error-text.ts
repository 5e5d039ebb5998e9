import type { IcepickleError } from '@icepickle/core';

/**
 * Whether an error still uses core's deprecated `(code, message)` form, which keeps the whole composed
 * message in `detail` and has no `scope`.
 * TRANSITIONAL (issue 20): core's errors are being converted to `{ scope, detail }`; once that lands,
 * this is always false and `legacyDetail` below can go.
 */
function isLegacy(error: IcepickleError): boolean {
  return error.scope === undefined && error.message === error.detail;
}

/** TRANSITIONAL: the detail of a pre-composed legacy message. Delete with `isLegacy`. */
function legacyDetail(message: string): string {
  return message.replace(/^\[icepickle\](?: \[[^\]]*\])* (?:\S+: )?/, '');
}

/** What went wrong, without scope or file (a report that names the file once prints this). */
export function errorDetail(error: IcepickleError): string {
  return isLegacy(error) ? legacyDetail(error.detail) : error.detail;
}

/**
 * An error as the CLI prints it: `[scope] file: detail`, composed from the error's fields (the
 * `[icepickle]` prefix of the message would repeat the program name that starts the line).
 */
export function errorText(error: IcepickleError): string {
  if (isLegacy(error)) return error.detail.replace(/^\[icepickle\] /, '');
  const scope = error.scope ? `[${error.scope}] ` : '';
  const file = error.file ? `${error.file}: ` : '';
  return `${scope}${file}${error.detail}`;
}
