import { IcepickleError, describe, type IcepickleErrorCode } from '../errors.js';
import type { TaskResult } from './fit-and-score.js';
import type { DataMessage, EncodedInput, InitMessage, TaskMessage, WorkerReply } from './worker-protocol.js';

/** The bits of node:worker_threads the pool uses. */
interface WorkerLike {
  postMessage(m: unknown): void;
  on(event: 'message', f: (m: WorkerReply) => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  on(event: 'exit', f: (code: number) => void): void;
  off(event: 'message', f: (m: WorkerReply) => void): void;
  off(event: 'error', f: (e: Error) => void): void;
  off(event: 'exit', f: (code: number) => void): void;
  once(event: 'error', f: (e: Error) => void): void;
  terminate(): Promise<number>;
}

/**
 * Runs (candidate, fold) tasks on worker threads. Isolated here so that environments without
 * node:worker_threads (browsers, edge runtimes) simply get `undefined` from `startWorkerPool` and
 * the search runs on the calling thread.
 */
export class WorkerPool {
  private constructor(private readonly workers: WorkerLike[]) {}

  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts `size` workers and sends them the search; undefined when workers are unavailable here
   * (no worker_threads, or the worker module cannot load, e.g. TypeScript sources without a loader).
   */
  static async start(size: number, init: InitMessage): Promise<WorkerPool | undefined> {
    let Worker: new (url: URL, options?: object) => WorkerLike;
    try {
      const specifier = 'node:worker_threads';
      ({ Worker } = (await import(/* @vite-ignore */ specifier)) as { Worker: typeof Worker });
    } catch {
      return undefined;
    }
    const here = import.meta.url;
    const url = new URL(`./search-worker${here.endsWith('.ts') ? '.ts' : '.js'}`, here);
    const workers: WorkerLike[] = [];
    try {
      await Promise.all(
        Array.from({ length: size }, async () => {
          const worker = new Worker(url);
          workers.push(worker);
          await new Promise<void>((resolve, reject) => {
            worker.on('message', (m) => (m.type === 'ready' ? resolve() : undefined));
            worker.on('error', reject);
            worker.on('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
            worker.postMessage(init);
          });
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
        else reject(error);
      };
      const feed = (worker: WorkerLike) => {
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
            settle(new IcepickleError((m.code as IcepickleErrorCode | undefined) ?? 'INVALID_INPUT', describe('search', undefined, `candidate ${m.candidate}, fold ${m.fold}: ${m.message}`)));
          }
        };
        const onError = (e: Error) => settle(e);
        const onExit = (code: number) => settle(new IcepickleError('INVALID_INPUT', describe('search', undefined, `a search worker exited (code ${code}) before the search finished`)));
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
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: WorkerReply) => {
              if (m.type !== 'ready') return;
              worker.off('message', onMessage);
              resolve();
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage({ type: 'data', X } satisfies DataMessage);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
