/**
 * One shared, lazy initialisation of h5wasm. The wasm module is compiled on first use (not on import,
 * so importing this package is free), and concurrent callers await the same promise.
 *
 * We always use h5wasm's default ESM build, whose Emscripten filesystem is in memory (MEMFS): HDF5
 * code running inside it cannot reach the host filesystem, so a hostile external link or external
 * storage entry has nothing to open. (`h5wasm/node` is built with NODERAWFS and would follow them.)
 */
import { fail, startFailure } from './errors.js';

export type H5Wasm = typeof import('h5wasm');
export type H5Module = H5Wasm['Module'];

export interface Loaded {
  lib: H5Wasm;
  module: H5Module;
  /**
   * Set once HDF5 trapped inside this instance (its memory may be damaged) or it was retired (see
   * RETIRE_AFTER_ERRORS): it is never used again.
   */
  crashed?: boolean;
  /** The instance's shadow-stack pointer and its value between calls (see settle), when it could be found. */
  stack?: RestingStack;
  /** Calls that ended in an HDF5 error so far (counted by settle): each leaves tens of KB of the heap behind. */
  errors?: number;
}

/**
 * Where a fresh instance can start (Node), one that has seen this many HDF5 errors is replaced before
 * its heap fills up with what they left behind: long fuzzing runs otherwise filled the 2 GiB heap and
 * every open then failed for lack of memory (the measured growth: bench/RESULTS.md).
 */
export const RETIRE_AFTER_ERRORS = 5_000;

export interface RestingStack {
  pointer: WebAssembly.Global;
  resting: number;
}

/** Loads another, independent copy of h5wasm (a new wasm instance), or undefined where impossible. */
export type FreshLib = (generation: number) => Promise<H5Wasm> | undefined;

/** Where the library comes from: the default import, or one the caller hands us (tests, bundlers). */
export type LibSource = H5Wasm | Promise<H5Wasm> | (() => H5Wasm | Promise<H5Wasm>);

interface Entry {
  pending: Promise<Loaded>;
  loaded?: Loaded;
  generation: number;
}
const shared = new Map<unknown, Entry>();
const DEFAULT = Symbol('default');

/**
 * Starts an instance of h5wasm (the default build, or the one `source` gives) with its resting stack.
 * Fails with a StartError: the reason, and the lines Emscripten printed while failing.
 */
export async function startH5wasm(source: LibSource | undefined): Promise<Loaded> {
  const { value: lib, made } = await whileInstantiating(() =>
    capturingStartLines(async () => {
      const lib =
        source === undefined ? await import('h5wasm') : typeof source === 'function' ? await source() : await source;
      await lib.ready; // instantiated by now
      return lib;
    }),
  );
  const module = (await lib.ready) as H5Module;
  // Without this, HDF5 errors are printed and the call returns a negative status (or garbage).
  module.activate_throwing_error_handler();
  // this module's own instance (another load may have instantiated one meanwhile): the one whose memory it uses
  const own = made.find((e) => e.memory instanceof WebAssembly.Memory && e.memory.buffer === module.HEAPU8.buffer);
  return { lib, module, ...restingStack(own?.__stack_pointer as WebAssembly.Global | undefined) };
}

/** h5wasm did not start: why, and what Emscripten printed meanwhile (kept for the error's cause). */
export class StartError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly printed: readonly string[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * When the wasm fails to start, Emscripten prints "failed to asynchronously prepare wasm: ..." and
 * "Aborted(...)" through console.error (hdf5_util.js binds `err` to console.error when h5wasm is
 * imported), before the promise rejects. While `start` runs, those two lines are kept for the error's
 * cause instead of reaching stderr; anything else goes through. The wrapper h5wasm may have bound stays
 * a plain pass-through afterwards.
 */
async function capturingStartLines<T>(start: () => Promise<T>): Promise<T> {
  const original = console.error;
  const printed: string[] = [];
  let capturing = true;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    if (capturing && typeof args[0] === 'string' && EMSCRIPTEN_START_LINE.test(args[0])) {
      printed.push(args.map(String).join(' '));
      return;
    }
    original.apply(console, args);
  };
  console.error = wrapper;
  try {
    return await start();
  } catch (error) {
    throw new StartError(error, printed);
  } finally {
    capturing = false;
    if (console.error === wrapper) console.error = original;
  }
}
const EMSCRIPTEN_START_LINE = /^(failed to asynchronously prepare wasm|Aborted\()/;

/** The stack pointer as it is now, between calls into the instance: the value settle() restores. */
export function restingStack(pointer: WebAssembly.Global | undefined): { stack?: RestingStack } {
  return pointer ? { stack: { pointer, resting: pointer.value as number } } : {};
}

const recorders = new Set<(exports: WebAssembly.Exports) => void>();
let unpatched: typeof WebAssembly.instantiate | undefined;

/**
 * Runs `start` (which imports and starts h5wasm) and returns the exports of the h5wasm instances made
 * meanwhile (those with a `__stack_pointer`). h5wasm keeps its instance's exports private;
 * WebAssembly.instantiate is wrapped only while an h5wasm loads (everything passes through
 * unchanged), and not at all when the caller handed in a library that had already started.
 */
async function whileInstantiating<T>(start: () => Promise<T>): Promise<{ value: T; made: WebAssembly.Exports[] }> {
  const made: WebAssembly.Exports[] = [];
  if (typeof WebAssembly === 'undefined') return { value: await start(), made };
  const record = (exports: WebAssembly.Exports) => {
    if (exports.__stack_pointer instanceof WebAssembly.Global && typeof exports.H5Fopen === 'function')
      made.push(exports);
  };
  if (recorders.size === 0) {
    const original = WebAssembly.instantiate;
    unpatched = original;
    WebAssembly.instantiate = function (this: unknown, ...args: unknown[]) {
      const pending = (
        original as (...a: unknown[]) => Promise<WebAssembly.Instance | WebAssembly.WebAssemblyInstantiatedSource>
      ).apply(this, args);
      pending.then(
        (result) => {
          const instance = result instanceof WebAssembly.Instance ? result : result.instance;
          for (const r of recorders) r(instance.exports);
        },
        () => undefined,
      );
      return pending;
    } as typeof WebAssembly.instantiate;
  }
  recorders.add(record);
  try {
    return { value: await start(), made };
  } finally {
    recorders.delete(record);
    if (recorders.size === 0 && unpatched) {
      WebAssembly.instantiate = unpatched;
      unpatched = undefined;
    }
  }
}

/**
 * h5wasm reports an HDF5 error by throwing a JavaScript exception from HDF5's error callback, which
 * skips the C code between the error and the call's entry. Two things stay behind per error: the
 * frames' share of the wasm shadow stack (the stack pointer is never moved back) and the tmpfile()
 * the callback printed the error to (an open stream; in the NODERAWFS build a file descriptor of the
 * process). After ~2,000 errors one instance's stack ran into its static data (traps, and hangs on
 * valid files), and at 4,096 streams tmpfile() fails.
 * Called before each use of the instance, when no call into it is active: after an error (the stack
 * pointer off its resting value; always, where the pointer is unknown) the pointer goes back, and
 * streams of files no longer in the filesystem are closed. tmpfile() unlinks its file at once, and
 * every file we give HDF5 has a path of its own (memfsPath, or the writer's temp file), so a stream
 * whose path still exists is one in use. The same test holds for both builds: in the NODERAWFS one
 * the filesystem is the host's.
 */
export function settle(loaded: Loaded): void {
  const stack = loaded.stack;
  if (stack) {
    // at rest: no HDF5 error since the last settle, so nothing to undo (reads stay free of the sweep)
    if (stack.pointer.value === stack.resting) return;
    stack.pointer.value = stack.resting;
    loaded.errors = (loaded.errors ?? 0) + 1;
  }
  const fs = memfs(loaded.module);
  for (const stream of fs.streams) {
    if (!stream || stream.fd <= 2) continue;
    const found = fs.analyzePath(stream.path);
    if (!found.exists) fs.close(stream);
  }
}

/**
 * The shared h5wasm instance for `source`. After a crash (see markCrashed) the next call starts a new
 * instance through `fresh` where the runtime can (Node: a second import of h5wasm under another URL);
 * elsewhere it fails with BACKEND_UNAVAILABLE rather than run HDF5 on damaged memory.
 */
export function loadH5wasm(source?: LibSource, fresh?: FreshLib): Promise<Loaded> {
  const key = source ?? DEFAULT;
  const current = shared.get(key);
  if (fresh && current?.loaded && (current.loaded.errors ?? 0) >= RETIRE_AFTER_ERRORS) markCrashed(current.loaded);
  if (current && !current.loaded?.crashed) return current.pending;
  const generation = current ? current.generation + 1 : 0;
  let from: LibSource | undefined = source;
  if (generation > 0) {
    const next = fresh?.(generation);
    if (!next) {
      return Promise.reject(
        fail(
          'BACKEND_UNAVAILABLE',
          undefined,
          'h5wasm crashed on a damaged file earlier and cannot be restarted in this runtime; reload the page (or worker) to read more files',
        ),
      );
    }
    from = () => next;
  }
  const entry: Entry = { generation, pending: Promise.resolve() as unknown as Promise<Loaded> };
  shared.set(key, entry);
  entry.pending = startH5wasm(from)
    .then((loaded) => (entry.loaded = loaded))
    .catch((error: unknown) => {
      if (shared.get(key) === entry) shared.delete(key);
      const { cause, printed } = error instanceof StartError ? error : { cause: error, printed: [] };
      throw startFailure('could not initialise h5wasm', cause, printed);
    });
  return entry.pending;
}

/** A trap inside wasm (out-of-bounds access, abort): HDF5's memory can no longer be trusted. */
export function isWasmTrap(error: unknown): boolean {
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) return true;
  const message = error instanceof Error ? error.message : String(error);
  return (
    /memory access out of bounds|unreachable|Aborted\(|table index is out of bounds|call stack exhausted/i.test(
      message,
    ) && !/HDF5-DIAG/.test(message)
  );
}

/**
 * Retires an instance after a trap (or too many errors); files still open on it move to a fresh
 * instance on their next read. Its module and filesystem objects are emptied: h5wasm's own module
 * keeps them for the life of the process, and once nothing else reaches the instance's wasm memory
 * the garbage collector frees it (a retired 400 MiB heap: RSS back down by 400 MiB).
 */
export function markCrashed(loaded: Loaded): void {
  if (loaded.crashed) return;
  loaded.crashed = true;
  const module = loaded.module as unknown as Record<PropertyKey, unknown>;
  const fs = (module.FS ?? {}) as Record<PropertyKey, unknown>;
  // every own key, the non-enumerable ones too: the Node build defines accessors (preInit, ...) whose
  // closures hold the instance's memory
  for (const key of Reflect.ownKeys(fs)) delete fs[key];
  for (const key of Reflect.ownKeys(module)) delete module[key];
}

let counter = 0;
/** A fresh MEMFS path; one folder per file so relative names inside a file resolve to nothing. */
export function memfsPath(module: H5Module, kind: string): { dir: string; file: string } {
  const fs = module.FS as unknown as MemFs;
  counter += 1;
  const dir = `/icepickle-${kind}-${counter}-${Math.random().toString(36).slice(2, 10)}`;
  fs.mkdir(dir);
  return { dir, file: `${dir}/model.h5` };
}

/** The few Emscripten FS calls we use (h5wasm's types for FS are loose). */
export interface MemFs {
  streams: Array<{ fd: number; path: string } | null | undefined>;
  analyzePath(path: string): { exists: boolean; object: unknown };
  close(stream: { fd: number }): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  writeFile(path: string, data: Uint8Array, opts?: { canOwn?: boolean }): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
}

export function memfs(module: H5Module): MemFs {
  return module.FS as unknown as MemFs;
}

/** Removes a MEMFS folder made by memfsPath and whatever is in it; never throws. */
export function removeMemfs(module: H5Module, dir: string): void {
  const fs = memfs(module);
  try {
    for (const name of fs.readdir(dir)) if (name !== '.' && name !== '..') fs.unlink(`${dir}/${name}`);
    fs.rmdir(dir);
  } catch {
    // already gone
  }
}

/** The useful part of an HDF5-DIAG error stack: the innermost "minor" lines. */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((l) => l.trim());
  const last = [...lines].reverse().find((l) => /\bin H5\w*\(\):/.test(l));
  const minor = [...lines].reverse().find((l) => l.startsWith('minor:'));
  const what = last ? last.replace(/^#\d+:.*?\(\):\s*/, '') : (lines[0] ?? text);
  return minor ? `${what} (${minor.slice(6).trim()})` : what;
}
