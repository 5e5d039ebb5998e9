/**
 * Child process of runIsolated (isolated-runner.ts): loads files or fuzz cases one by one with one
 * backend and prints one JSON line per item, so a crash or hang of the backend is pinned to the item
 * that caused it. Run through src/ts-register.mjs (TypeScript sources, no build).
 */
import { openSync, closeSync } from 'node:fs';
import { ModelCollection, type StorageBackend, isIcepickleError } from '@icepickle/core';
import { fuzzCase, loadSeeds } from './fuzz.js';
import { loadHostile, predictLazily } from './hostile.js';
import type { IsolatedJob } from './isolated-runner.js';

/** How often (in cases) the fuzz child checks that a valid file still loads. */
const CANARY_EVERY = 50;

async function backendNamed(name: string): Promise<StorageBackend> {
  if (name === 'hdf5-node') return (await import('@icepickle/hdf5-node')).hdf5Node();
  return (await import('@icepickle/hdf5-wasm')).hdf5Wasm();
}

/** Opens a path that does not exist, so an strace log shows where each item starts. */
function marker(i: number): void {
  try {
    closeSync(openSync(`/nonexistent-icepickle-marker/${i}`, 'r'));
  } catch {
    // expected: ENOENT
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as IsolatedJob;
  const backend = await backendNamed(job.backend);
  const emit = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  emit({ ready: true });
  if (job.kind === 'files') {
    for (let i = job.start; i < job.files.length; i++) {
      const file = job.files[i]!;
      marker(i);
      const t0 = performance.now();
      const outcome = await loadHostile(file.path, backend, file.estimator);
      const ms = performance.now() - t0;
      // then the lazy path (openLinearModel and a prediction touching first, middle and last columns)
      const lazy = await predictLazily(file.path, backend);
      emit({
        i,
        code: outcome.code,
        ms,
        message: outcome.message.slice(0, 2000),
        lazy: { code: lazy.code, ms: performance.now() - t0 - ms, message: lazy.message.slice(0, 2000) },
        // the process's peak resident set so far, in MiB (the memory rule's test: < 512 MiB on every file)
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
      });
    }
  } else {
    const seeds = loadSeeds(job.seedDir);
    for (let i = job.start; i < job.end; i++) {
      const c = fuzzCase(seeds, job.seed, i);
      marker(i);
      const t0 = performance.now();
      let code: string;
      let message = '';
      try {
        if (c.seed.kind === 'collection') code = await loadCollection(c.bytes, backend);
        else {
          ({ code, message } = await loadHostile(c.bytes, backend, c.seed.estimator));
          // then the lazy path's column reads; the load's outcome is what is reported, unless this one
          // ends in an untyped error
          const lazy = await predictLazily(c.bytes, backend);
          if (lazy.code === 'UNTYPED') {
            code = 'UNTYPED';
            message = `lazy prediction: ${lazy.message}`;
          }
        }
      } catch (error) {
        code = isIcepickleError(error) ? error.code : 'UNTYPED';
        message = String((error as Error)?.stack ?? error).slice(0, 2000);
      }
      emit({ i, code, ms: performance.now() - t0, message });
      // canary: an undamaged seed must still load, or an earlier input corrupted the backend's state
      if (i % CANARY_EVERY === CANARY_EVERY - 1 || i === job.end - 1) {
        const canary = seeds.find((s) => s.kind === 'model')!;
        const check = await loadHostile(canary.bytes, backend, canary.estimator);
        if (check.code !== 'OK') {
          emit({
            i,
            code: 'POISONED',
            ms: 0,
            message: `after case ${i}, the undamaged ${canary.file} no longer loads: ${check.message.slice(0, 500)}`,
          });
          return; // a fresh process continues with the next case
        }
      }
    }
  }
}

async function loadCollection(bytes: Uint8Array, backend: StorageBackend): Promise<string> {
  const collection = await ModelCollection.open(bytes, { backend });
  for (const name of collection.names()) collection.load(name);
  return 'OK';
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String((error as Error)?.stack ?? error));
    process.exit(3);
  },
);
