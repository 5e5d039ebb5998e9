/**
 * `@icepickle/core/node`: the Node.js host, the only core entry that imports `node:*`. Pass it where core
 * asks for a host (`new GridSearchCV(model, grid, { nJobs: 2, host: nodeHost })`,
 * `openLinearModel(path, { backend, host: nodeHost })`); the Node backends supply it themselves.
 *
 * @module @icepickle/core/node
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Host, HostWorker } from '../platform/host.js';

// The worker entry sits beside this file: .ts when run from sources (tests, with a TypeScript loader), else .js.
const here = import.meta.url;
const searchWorkerUrl = new URL(`./search-worker${here.endsWith('.ts') ? '.ts' : '.js'}`, here);

/** The Node.js host: file stamps from fs.stat, the CPU count, and worker threads for searches. */
export const nodeHost: Host = {
  // statSync: one syscall per batch with misses, not a trip through the thread pool the reads use
  fileStamp(path: string): string {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  },
  cpuCount: () => availableParallelism(),
  startSearchWorker: (): HostWorker => new Worker(searchWorkerUrl) as unknown as HostWorker,
};

export type { Host, HostWorker } from '../platform/host.js';
export { removeStaleTemps, staleTempsOf, tempNameFor, writerAlive } from './temp-files.js';
