import { Damaged } from './errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, refusing invalid sequences (Damaged naming `what`). */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    throw new Damaged(`${what}: invalid UTF-8`);
  }
}

/** The NUL-terminated string at the start of `bytes` (the whole range when there is no NUL). */
export function cString(bytes: Uint8Array, what: string): string {
  const nul = bytes.indexOf(0);
  return decodeUtf8(nul >= 0 ? bytes.subarray(0, nul) : bytes, what);
}
