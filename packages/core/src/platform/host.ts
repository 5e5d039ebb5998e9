/**
 * What core needs from its environment and cannot get from ECMAScript alone: file stamps (a lazy model
 * notices its file changing), the CPU count (`nJobs: -1`) and worker threads (`nJobs > 1`). Core itself
 * never imports `node:*`; a caller (or a backend) hands it a host, such as `nodeHost` from
 * `@icepickle/core/node`. Every member is optional: without one, the feature is off (no change
 * detection, searches on the calling thread) and results are the same.
 */
export interface Host {
  /** A stamp of the file at `path` that changes when the file does (size, mtime, inode); throws if it is gone. */
  fileStamp?(path: string): string;
  /** How many searches can usefully run at once (`nJobs: -1`). */
  cpuCount?(): number;
  /** Starts a worker running core's search-worker entry (see `model-selection/worker-pool.ts`). */
  startSearchWorker?(): HostWorker;
}

/** The bits of a worker thread the search pool uses (node:worker_threads' Worker has them). */
export interface HostWorker {
  /** Sends a message to the worker. */
  postMessage(message: unknown): void;
  /** Listens to the worker's messages, errors and exit. */
  on(event: 'message', listener: (message: never) => void): void;
  /** Listens to the worker's errors. */
  on(event: 'error', listener: (error: Error) => void): void;
  /** Listens to the worker's exit. */
  on(event: 'exit', listener: (code: number) => void): void;
  /** Stops listening. */
  off(event: 'message', listener: (message: never) => void): void;
  /** Stops listening to errors. */
  off(event: 'error', listener: (error: Error) => void): void;
  /** Stops listening to the exit. */
  off(event: 'exit', listener: (code: number) => void): void;
  /** Stops the worker. */
  terminate(): Promise<number>;
  /** Keeps the process alive while the worker runs. */
  ref(): void;
  /** Lets the process exit while the worker runs. */
  unref(): void;
}
