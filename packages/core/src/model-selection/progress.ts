import { now } from '../platform/clock.js';

/** What `onProgress` receives after each finished (candidate, fold), once it is checkpointed. */
export interface SearchProgress {
  /** Finished pairs, including those resumed from the checkpoint. */
  done: number;
  /** All pairs of the search. */
  total: number;
  /** The candidate of the pair just finished. */
  candidate: number;
  /** The fold of the pair just finished. */
  fold: number;
  /** Milliseconds since the search started. */
  elapsedMs: number;
  /** Estimated time left, from this run's pace (undefined until one pair has finished). */
  etaMs: number | undefined;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

/**
 * Counts finished pairs, calls `onProgress`, and with `bar: true` draws a one-line bar with the ETA on
 * stderr when it is a terminal (nothing in browsers or when stderr is piped).
 */
export class ProgressReporter {
  private readonly start = now();
  private readonly resumed: number;
  private readonly stream: Stream | undefined;

  constructor(
    private done: number,
    private readonly total: number,
    private readonly onProgress: ((p: SearchProgress) => void) | undefined,
    bar: boolean,
    private readonly label: string,
  ) {
    this.resumed = done;
    const stderr = (globalThis as { process?: { stderr?: Stream } }).process?.stderr;
    this.stream = bar && stderr?.isTTY ? stderr : undefined;
    if (this.stream && done < total) this.draw(undefined);
  }

  tick(candidate: number, fold: number): void {
    this.done++;
    const elapsedMs = now() - this.start;
    const ranHere = this.done - this.resumed;
    const etaMs = ranHere > 0 ? (elapsedMs / ranHere) * (this.total - this.done) : undefined;
    this.onProgress?.({ done: this.done, total: this.total, candidate, fold, elapsedMs, etaMs });
    if (this.stream) this.draw(etaMs);
  }

  finish(): void {
    if (this.stream) this.stream.write('\n');
  }

  private draw(etaMs: number | undefined): void {
    const width = Math.max(10, Math.min(40, (this.stream!.columns ?? 80) - 60));
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const eta = etaMs === undefined ? '--' : formatDuration(etaMs);
    const elapsed = formatDuration(now() - this.start);
    this.stream!.write(
      `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} fits, ${elapsed} elapsed, ETA ${eta}\x1b[K`,
    );
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
