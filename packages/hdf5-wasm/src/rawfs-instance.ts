/**
 * The streaming writer's private h5wasm instance (h5wasm's Node build, NODERAWFS) and its lifecycle.
 *
 * Like the reading instance, it is settled before each use: an HDF5 error here (a folder that does not
 * exist, a full disk) otherwise leaves ~1 KB of its stack and an open file descriptor of the process
 * behind, and after 2,000-3,000 failed writes it aborted and every later write failed. What settle cannot
 * undo (HDF5 objects left by each failed write; sizes in bench/RESULTS.md) is bounded by replacing the
 * instance every RETIRE_AFTER_ERRORS errors, as the reading instance is; but writers cannot move to
 * another instance as open files do, so those still open on the old one finish there, and it is
 * emptied (so its memory can be freed) when the last of them is done. After a trap it is replaced at once.
 */
import { fail, startFailure } from './errors.js';
import { freshImport } from './fresh-import.js';
import {
  type H5Module,
  type H5Wasm,
  type Loaded,
  RETIRE_AFTER_ERRORS,
  StartError,
  markCrashed,
  settle,
  startH5wasm,
} from './h5wasm-module.js';

interface Instance extends Loaded {
  /** Which start it came from: the current one while it equals `generation`. */
  generation: number;
  /** Writers holding a lease on it. */
  writers: number;
  /** No new writer gets it; emptied once `writers` is 0. */
  retired: boolean;
}

let pending: Promise<Instance> | undefined;
/** The current instance's number (the next one's once it is retired): every one after the first is a fresh import. */
let generation = 0;

function start(): Promise<Instance> {
  const started = generation;
  const from =
    started === 0
      ? () => import('h5wasm/node') as unknown as Promise<H5Wasm>
      : () => freshImport('h5wasm/node', started);
  const instance = startH5wasm(from).then(
    (loaded): Instance => ({ ...loaded, generation: started, writers: 0, retired: false }),
    (cause: unknown) => {
      if (pending === instance) pending = undefined;
      const { cause: reason, printed } = cause instanceof StartError ? cause : { cause, printed: [] };
      throw startFailure("could not load h5wasm's Node build for streaming writes", reason, printed);
    },
  );
  return instance;
}

/** No new writer gets `instance`; it is emptied now if nobody holds it (or at once when `now`: a trap). */
function retire(instance: Instance, now: boolean): void {
  if (!instance.retired) {
    instance.retired = true;
    if (instance.generation === generation) {
      pending = undefined;
      generation += 1;
    }
  }
  if (now || instance.writers === 0) empty(instance);
}

/** Closes the host files its last error left open (settle), then empties it so its memory can be freed. */
function empty(instance: Instance): void {
  if (instance.crashed) return;
  try {
    settle(instance);
  } catch {
    // a trapped instance may fail here too; emptying it is what matters
  }
  markCrashed(instance);
}

/** One writer's hold on the instance. */
export interface RawfsLease {
  readonly lib: H5Wasm;
  readonly module: H5Module;
  /** Before each call into the instance: settles it, or fails if it crashed meanwhile (WRITE_FAILED). */
  use(): void;
  /** A trap: the instance's memory cannot be trusted; it is emptied and the next writer starts a fresh one. */
  trapped(): void;
  /** The writer is done with the instance (later calls do nothing). */
  release(): void;
}

export async function leaseRawfs(label: string): Promise<RawfsLease> {
  let instance = await (pending ??= start());
  if (!instance.retired && (instance.errors ?? 0) >= RETIRE_AFTER_ERRORS) {
    retire(instance, false);
    instance = await (pending ??= start());
  }
  instance.writers += 1;
  let held = true;
  const lease: RawfsLease = {
    lib: instance.lib,
    module: instance.module,
    use() {
      if (instance.crashed)
        throw fail(
          'WRITE_FAILED',
          label,
          'h5wasm crashed during another streaming write; this file cannot be finished (write it again)',
        );
      settle(instance);
    },
    trapped() {
      retire(instance, true);
    },
    release() {
      if (!held) return;
      held = false;
      instance.writers -= 1;
      if (instance.retired && instance.writers === 0) empty(instance);
    },
  };
  settle(instance);
  return lease;
}
