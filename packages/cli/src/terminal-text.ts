/**
 * Text from files (object names, attribute names, link targets, labels, error details) reaches a
 * terminal. Control characters in it could move the cursor, clear the screen, set the window title or
 * forge a line of our own output (ECMA-48: C0, DEL, C1 and the escape sequences they start), so the CLI
 * prints them as `\u00XX` escapes: readable, unambiguous, and a valid JSON escape of the same character,
 * so `--json` output stays valid and parses to the file's exact string.
 */

/** C0, DEL and C1. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** `text` with its control characters as `\u00XX`, newline and tab kept when `keepLayout`. */
function escapeControls(text: string, keepLayout: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code) || (keepLayout && (code === 0x0a || code === 0x09))) continue;
    out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Everything the CLI writes, at the last step: no control character but newline and tab reaches the terminal. */
export function terminalSafe(text: string): string {
  return escapeControls(text, true);
}

/** One value from a file inside a line of text output: newlines and tabs escaped too, so it cannot forge lines. */
export function fieldText(text: string): string {
  return escapeControls(text, false);
}
