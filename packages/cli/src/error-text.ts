import type { IcepickleError } from '@icepickle/core';
import { fieldText } from './terminal-text.js';

/** What went wrong, without scope or file (a report that names the file once prints this). */
export function errorDetail(error: IcepickleError): string {
  return fieldText(error.detail);
}

/**
 * An error as the CLI prints it: `[scope] file: detail`, composed from the error's fields (the
 * `[icepickle]` prefix of the message would repeat the program name that starts the line).
 */
export function errorText(error: IcepickleError): string {
  const scope = error.scope ? `[${fieldText(error.scope)}] ` : '';
  const file = error.file ? `${fieldText(error.file)}: ` : '';
  return `${scope}${file}${fieldText(error.detail)}`;
}
