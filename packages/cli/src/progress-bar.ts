import type { OnProgress, Progress } from '@icepickle/core';
import { terminalSafe } from './terminal-text.js';

/** Where a bar is drawn: process.stderr, or a test's fake terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A bar for one job: `onProgress` to hand to core (undefined when no bar is drawn), `end()` to clear it. */
export interface ProgressBar {
  onProgress: OnProgress | undefined;
  /** Erases the bar if it is on screen (before other output to the same terminal); the next report redraws it. */
  clear(): void;
  end(): void;
}

const NO_BAR: ProgressBar = { onProgress: undefined, clear: () => undefined, end: () => undefined };

/**
 * A one-line bar redrawn in place (`\r`, then erase to the end of the line), only when the stream is a
 * terminal and the output is not `--json`: piped stderr and machine-readable runs stay byte-for-byte as
 * without it. `end()` erases the bar, so the command's own last line is all that remains.
 */
export function progressBar(stream: ProgressStream | undefined, json: boolean, label: string): ProgressBar {
  if (json || stream === undefined || stream.isTTY !== true) return NO_BAR;
  const started = Date.now();
  // a pty without a window size (script -c, CI runners) reports 0 columns
  const columns = (stream.columns ?? 0) >= 20 ? stream.columns! : 80;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  return {
    onProgress: (p) => {
      stream.write(`\r${barLine(p, terminalSafe(label), columns, Date.now() - started)}\x1b[K`);
      drawn = true;
    },
    clear,
    end: clear,
  };
}

/** `label [#####-----]  42%  953.7/2266.6 MB  ETA 12s` fitted to `columns`. */
export function barLine(p: Progress, label: string, columns: number, elapsedMs: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const counts = p.unit === 'bytes' ? `${mb(p.done)}/${mb(p.total)} MB` : `${p.done}/${p.total} ${p.unit}`;
  const eta = fraction > 0 && fraction < 1 ? `  ETA ${duration((elapsedMs / fraction) * (1 - fraction))}` : '';
  const head = p.phase ? `${label} ${p.phase}` : label;
  const tail = `${percent}  ${counts}${eta}`;
  const width = Math.max(10, Math.min(40, columns - head.length - tail.length - 6));
  const filled = Math.round(fraction * width);
  return `${head} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${tail}`.slice(0, Math.max(1, columns - 1));
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
