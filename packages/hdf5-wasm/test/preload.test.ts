/**
 * preload(): h5wasm loaded and compiled before the first write, once however often it is asked for, and
 * tried again after a failure; the write that follows loads nothing more. Node entry (through `lib`) and
 * browser entry (through `wasm`, which also covers the edge entry it starts h5wasm with). Its own file:
 * the browser and edge entries keep one h5wasm per isolate, which this file must start itself. Needs the
 * package built (dist/hdf5.wasm).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FileToWrite, isIcepickleError } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { hdf5Wasm as browserBackend } from '../src/browser.js';
import { hdf5Wasm as nodeBackend } from '../src/node.js';

const wasmPath = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/hdf5.wasm');
if (!existsSync(wasmPath)) throw new Error('packages/hdf5-wasm/dist is missing: run `pnpm exec turbo run build` first');
const wasm = new Uint8Array(readFileSync(wasmPath));

const model: FileToWrite = {
  datasets: [{ path: '/coef', array: { dtype: 'float64', shape: [1, 2], data: Float64Array.of(0.5, -1.5) } }],
};

/** A loader that fails its first `failures` calls, and counts every call. */
function counting<T>(load: () => Promise<T> | T, failures = 0) {
  const counter = {
    calls: 0,
    load: async (): Promise<T> => {
      counter.calls++;
      if (counter.calls <= failures) throw new Error('offline');
      return load();
    },
  };
  return counter;
}

const unavailable = (error: unknown) => isIcepickleError(error, 'BACKEND_UNAVAILABLE');

async function writesAndReads(backend: ReturnType<typeof browserBackend> | ReturnType<typeof nodeBackend>) {
  const bytes = await backend.write(undefined, model);
  const file = await backend.open(bytes!);
  expect(Array.from((await file.read('/coef')).data as Float64Array)).toEqual([0.5, -1.5]);
  await file.close();
}

describe('preload()', () => {
  it('Node entry: loads h5wasm once, however often and however concurrently asked; the write loads nothing more', async () => {
    const lib = counting(() => import('h5wasm'));
    const backend = nodeBackend({ lib: lib.load });
    expect(lib.calls).toBe(0); // nothing loads at construction
    const results = await Promise.all([backend.preload(), backend.preload()]);
    expect(results).toEqual([undefined, undefined]);
    await backend.preload();
    expect(lib.calls).toBe(1);
    await writesAndReads(backend);
    expect(lib.calls).toBe(1);
  });

  it('Node entry: a failed load rejects with BACKEND_UNAVAILABLE and the next call loads again', async () => {
    const lib = counting(() => import('h5wasm'), 1);
    const backend = nodeBackend({ lib: lib.load });
    await expect(backend.preload()).rejects.toSatisfy(unavailable);
    await expect(backend.preload()).resolves.toBeUndefined();
    expect(lib.calls).toBe(2);
    await writesAndReads(backend);
    expect(lib.calls).toBe(2);
  });

  it('browser entry: a failed fetch of hdf5.wasm is retried; then compiled once, and writes work offline', async () => {
    const failing = counting(() => wasm, 1);
    const first = browserBackend({ wasm: failing.load });
    await expect(first.preload()).rejects.toSatisfy(unavailable);
    const file = counting(() => wasm);
    const backend = browserBackend({ wasm: file.load });
    await Promise.all([backend.preload(), backend.preload()]);
    await backend.preload();
    expect(file.calls).toBe(1);
    // offline from now on: neither the wasm nor anything else is fetched again
    const fetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('offline'));
    try {
      await writesAndReads(backend);
    } finally {
      globalThis.fetch = fetch;
    }
    expect(file.calls).toBe(1);
    expect(failing.calls).toBe(1);
  });
});
