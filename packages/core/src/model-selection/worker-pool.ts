import { IcepickleError, type IcepickleErrorCode } from '../errors.js';
import type { TaskResult } from './fit-and-score.js';
import type { HostWorker } from '../platform/host.js';
import type { DataMessage, EncodedInput, InitMessage, TaskMessage, WorkerReply } from './worker-protocol.js';

/**
 * Workers kept between searches, as joblib's loky executor keeps its processes: the next search with
 * as many jobs skips starting threads, loading the code and compiling it again, a cost paid per
 * worker. Unref'd while idle, so they never keep the process alive, and let go after IDLE_MS.
 */
let idle: { pool: WorkerPool; timer: ReturnType<typeof setTimeout> } | undefined;
const IDLE_MS = 30_000;

/** Sends `message` and waits for the worker's 'ready' (its listeners removed afterwards). */
function untilReady(worker: HostWorker, message: InitMessage | DataMessage): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (m: WorkerReply) => (m.type === 'ready' ? done() : undefined);
    const onError = (e: Error) => done(e);
    const onExit = (code: number) => done(new Error(`worker exited with code ${code}`));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(message);
  });
}

/**
 * Runs (candidate, fold) tasks on worker threads that the host starts (`Host.startSearchWorker`). When
 * they cannot start (e.g. TypeScript sources without a loader), `start` gives `undefined` and the search
 * runs on the calling thread.
 */
export class WorkerPool {
  /** A worker died or a run failed: the pool is not reused. */
  private broken = false;

  private constructor(private readonly workers: HostWorker[]) {
    for (const w of workers) w.on('exit', () => (this.broken = true));
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * `size` workers with the search sent to them (the idle ones of an earlier search when there are as
   * many); undefined when workers are unavailable here (no worker_threads, or the worker module cannot
   * load, e.g. TypeScript sources without a loader).
   */
  static async start(startWorker: () => HostWorker, size: number, init: InitMessage): Promise<WorkerPool | undefined> {
    if (idle) {
      const { pool, timer } = idle;
      idle = undefined;
      clearTimeout(timer);
      if (pool.size === size && !pool.broken) {
        try {
          for (const w of pool.workers) w.ref();
          await Promise.all(pool.workers.map((w) => untilReady(w, init)));
          return pool;
        } catch {
          pool.broken = true;
        }
      }
      await pool.terminate();
    }
    const workers: HostWorker[] = [];
    try {
      await Promise.all(
        Array.from({ length: size }, async () => {
          const worker = startWorker();
          workers.push(worker);
          await untilReady(worker, init);
        }),
      );
    } catch {
      await Promise.all(workers.map((w) => w.terminate()));
      return undefined;
    }
    return new WorkerPool(workers);
  }

  /**
   * Runs every task, calling `onResult` in completion order; waits for each `onResult` promise (the
   * checkpoint write) before that worker's result counts as done. Rejects on the first failure.
   */
  run(tasks: readonly TaskMessage[], onResult: (r: TaskResult) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let next = 0;
      let completed = 0;
      let settled = false;
      // this run's listeners go when it settles, so a later run (next data) starts clean
      const detach: Array<() => void> = [];
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        for (const d of detach) d();
        if (error === undefined) resolve();
        else {
          this.broken = true; // a worker may still be busy with a task of this run
          reject(error);
        }
      };
      const feed = (worker: HostWorker) => {
        if (!settled && next < tasks.length) worker.postMessage(tasks[next++]);
      };
      for (const worker of this.workers) {
        const onMessage = (m: WorkerReply) => {
          if (m.type === 'result') {
            // The worker gets its next task at once; the checkpoint write runs alongside.
            feed(worker);
            onResult(m.result).then(() => {
              completed++;
              if (completed === tasks.length) settle();
            }, settle);
          } else if (m.type === 'failed') {
            const { code, scope, detail } = m.failure;
            const where = `candidate ${m.candidate}, fold ${m.fold}${scope ? ` (${scope})` : ''}`;
            settle(
              new IcepickleError((code as IcepickleErrorCode | undefined) ?? 'INVALID_INPUT', {
                scope: 'search',
                detail: `${where}: ${detail}`,
              }),
            );
          }
        };
        const onError = (e: Error) => settle(e);
        const onExit = (code: number) =>
          settle(
            new IcepickleError('INVALID_INPUT', {
              scope: 'search',
              detail: `a search worker exited (code ${code}) before the search finished`,
            }),
          );
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        detach.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        });
      }
      if (tasks.length === 0) settle();
      for (const worker of this.workers) feed(worker);
    });
  }

  /** Replaces every worker's data (the folds stay) and waits until all have it. */
  async setData(X: EncodedInput): Promise<void> {
    await Promise.all(this.workers.map((worker) => untilReady(worker, { type: 'data', X })));
  }

  /** Done with this search: the workers wait (unref'd) for the next one, or go if anything failed. */
  async close(): Promise<void> {
    if (this.broken || idle) return this.terminate();
    for (const w of this.workers) w.unref();
    const timer = setTimeout(() => {
      if (idle?.pool === this) idle = undefined;
      void this.terminate();
    }, IDLE_MS);
    (timer as { unref?: () => void }).unref?.();
    idle = { pool: this, timer };
  }

  private async terminate(): Promise<void> {
    this.broken = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
