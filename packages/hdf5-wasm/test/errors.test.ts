/**
 * Errors are one line. A chunk whose data no longer matches its Fletcher-32 checksum (test-utils'
 * generate_damaged_checksum.py) passes every structural check; hdf5-js, which reads for this backend,
 * verifies the checksum: READ_FAILED on one line naming the file, the dataset and the reason (hdf5-node's
 * errors.test.ts checks the same file the same way).
 */
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures } from '@icepickle/test-utils';
import { expect, test } from 'vitest';
import { hdf5Wasm } from '../src/node.js';

test('a damaged chunk: READ_FAILED on one line naming the file, the dataset and the checksum', async () => {
  const damaged = join(storageFixtures, 'damaged-checksum.h5');
  const file = await hdf5Wasm().open(damaged);
  let error: unknown;
  try {
    await file.read('/coef');
  } catch (e) {
    error = e;
  } finally {
    await file.close();
  }
  expect(isIcepickleError(error, 'READ_FAILED')).toBe(true);
  const { message } = error as Error;
  expect(message.split('\n')).toEqual([message]);
  expect(message).toContain(damaged);
  expect(message).toContain('(object /coef): fletcher32 checksum mismatch');
  expect(error).toMatchObject({ object: '/coef' });
});

const one = { datasets: [{ path: '/x', array: { dtype: 'float64' as const, shape: [1], data: Float64Array.of(1) } }] };

/** The BACKEND_UNAVAILABLE a write through `backend` fails with (h5wasm starts on the first write). */
async function startError(backend: ReturnType<typeof hdf5Wasm>): Promise<Error & { cause: Error }> {
  let error: unknown;
  try {
    await backend.write(undefined, one);
  } catch (e) {
    error = e;
  }
  expect(isIcepickleError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
  expect(error).toMatchObject({ scope: 'hdf5-wasm' });
  return error as Error & { cause: Error };
}

test('h5wasm that fails to load: one line, the reason and every way out in cause', async () => {
  const reason = new Error('no wasm here\n    at the loader (line two)');
  const error = await startError(hdf5Wasm({ lib: () => Promise.reject(reason) }));
  expect(error.message.split('\n')).toEqual([error.message]);
  expect(error.message).toMatch(/^\[icepickle\] \[hdf5-wasm\] could not initialise h5wasm \(no wasm here …\); /);
  expect(error.message).toContain('(every option: error.cause)');
  expect(error.cause.message).toContain('line two');
  expect(error.cause.message).toContain('Possible solutions:\n- install the h5wasm version');
  expect(error.cause.cause).toBe(reason);
});

test('h5wasm whose WebAssembly cannot compile: one line; what Emscripten printed goes to cause, not stderr', async () => {
  const { freshImport } = await import('../src/fresh-import.js');
  const instantiate = WebAssembly.instantiate;
  const streaming = WebAssembly.instantiateStreaming;
  const printedToStderr: unknown[][] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void printedToStderr.push(args);
  // as a runtime that forbids compiling WebAssembly from bytes (Cloudflare Workers) answers
  WebAssembly.instantiate = () =>
    Promise.reject(new WebAssembly.CompileError('Wasm code generation disallowed by embedder')) as never;
  WebAssembly.instantiateStreaming = undefined as never;
  let error: Error & { cause: Error };
  try {
    error = await startError(hdf5Wasm({ lib: () => freshImport('h5wasm', 1_000_001) }));
  } finally {
    WebAssembly.instantiate = instantiate;
    WebAssembly.instantiateStreaming = streaming;
    console.error = consoleError;
  }
  expect(printedToStderr).toEqual([]);
  expect(error.message.split('\n')).toEqual([error.message]);
  expect(error.message).toContain('could not initialise h5wasm (Aborted(CompileError: Wasm code generation disallowed');
  expect(error.cause.message).toContain(
    'Printed by Emscripten:\nfailed to asynchronously prepare wasm: CompileError: Wasm code generation disallowed by embedder\nAborted(',
  );
  // the same library, started normally afterwards, works (nothing global stays patched)
  const backend = hdf5Wasm({ lib: () => freshImport('h5wasm', 1_000_002) });
  const file = await backend.open((await backend.write(undefined, one))!);
  expect(file.list()).toHaveLength(1);
  await file.close();
});
