/**
 * One progress shape for every long job: convert, saves, streaming writes, many-epoch fits, lazy batch
 * predictions. `done` only grows, ends at `total`, and callbacks are throttled (see ProgressTracker), so
 * a job reports at most ~100 times however many samples, blocks or epochs it has.
 */
export interface Progress {
  /** Units finished so far (monotonic, ends at `total`). */
  done: number;
  /** Units in the whole job. */
  total: number;
  /** What is counted: 'bytes', 'epochs', 'iterations', 'rows', ... */
  unit: string;
  /** Which part of the job, when it has several (e.g. 'coef' while a convert copies coef); absent otherwise. */
  phase?: string;
}

/** Receives a job's progress. Exceptions it throws abort the job. */
export type OnProgress = (p: Progress) => void;

/** Options of every job that reports progress. */
export interface ProgressOptions {
  /**
   * Called at the start (done 0), at most ~100 times in between, and once at the end (done = total).
   * @defaultValue undefined (no progress reported)
   */
  onProgress?: OnProgress;
}

/** How many calls a job makes at most between its first (done 0) and its last (done = total). */
export const PROGRESS_STEPS = 100;

/**
 * Throttles one job's reports: `update(done)` calls `onProgress` only when done has crossed the next
 * 1% of total (or reached it), and never twice with the same or a smaller `done`.
 */
export class ProgressTracker {
  private reported = -1;
  private next = 0;

  constructor(
    private readonly onProgress: OnProgress | undefined,
    /** Units in the whole job. */
    readonly total: number,
    private readonly unit: string,
    private readonly phase?: string,
  ) {}

  /** Reports done = 0 (a bar can appear before the first unit finishes). */
  start(): void {
    this.update(0);
  }

  /** Reports `done` when it moved by at least a step, or reached total. */
  update(done: number): void {
    if (this.onProgress === undefined) return;
    const d = Math.min(done, this.total);
    if (d <= this.reported || (d < this.next && d < this.total)) return;
    this.reported = d;
    this.next = d + Math.max(1, this.total / PROGRESS_STEPS);
    this.onProgress({ done: d, total: this.total, unit: this.unit, ...(this.phase ? { phase: this.phase } : {}) });
  }

  /** Reports done = total (once, however often it is called). */
  finish(): void {
    this.update(this.total);
  }
}

/** A tracker, or undefined when there is no callback (so hot paths test one variable). */
export function progressTracker(
  onProgress: OnProgress | undefined,
  total: number,
  unit: string,
  phase?: string,
): ProgressTracker | undefined {
  return onProgress === undefined ? undefined : new ProgressTracker(onProgress, total, unit, phase);
}
