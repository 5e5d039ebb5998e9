/**
 * Edge entry (export conditions "edge-light" and "worker", and the "./edge" subpath): for runtimes that
 * forbid compiling WebAssembly from bytes (Vercel Edge, Cloudflare Workers). h5wasm is started on a
 * precompiled `WebAssembly.Module` of this package's `dist/hdf5.wasm`, handed to Emscripten's
 * `instantiateWasm` hook; nothing global is patched. Sources are those of the browser entry.
 *
 *   import wasmModule from '@icepickle/hdf5-wasm/hdf5.wasm?module'; // Vercel / Next.js
 *   const backend = hdf5Wasm({ wasmModule });
 *
 * This file does not go through create-backend.ts / loadH5wasm on purpose: their default
 * `import('h5wasm')` would pull h5wasm's 4 MB build with the embedded binary into edge bundles.
 *
 * @module @icepickle/hdf5-wasm/edge
 */
import type { FileToWrite, OpenOptions, Source, StoredFile } from '@icepickle/core';
import type { BrowserSource } from './browser.js';
import { type WasmBackend, copyBytes } from './create-backend.js';
import { fail, startFailure } from './errors.js';
import { type H5Module, type H5Wasm, type Loaded, restingStack } from './h5wasm-module.js';
import { openBytes } from './stored-file.js';
import { buildFile } from './write-file.js';

export type { WasmBackend } from './create-backend.js';
export type { BrowserSource as EdgeSource } from './browser.js';
export { DECODABLE_FILTERS } from './stored-file.js';

/** The compiled `dist/hdf5.wasm`, or a promise / function giving it (compiled by the host or bundler). */
export type WasmModuleSource =
  | WebAssembly.Module
  | Promise<WebAssembly.Module>
  | (() => WebAssembly.Module | Promise<WebAssembly.Module>);

/** Options of the edge entry's {@link hdf5Wasm}. */
export interface EdgeOptions {
  /**
   * This package's `dist/hdf5.wasm` compiled by the host or bundler (e.g. `import wasmModule from
   * '@icepickle/hdf5-wasm/hdf5.wasm?module'`).
   */
  wasmModule: WasmModuleSource;
}

// one h5wasm per isolate: the generated library keeps its instance in module state
let started: Promise<Loaded> | undefined;

async function start(source: WasmModuleSource): Promise<Loaded> {
  const wasmModule = typeof source === 'function' ? await source() : await source;
  // a module compiled in another realm (an emulator's host) is not `instanceof` this realm's class
  if (
    !(wasmModule instanceof WebAssembly.Module) &&
    Object.prototype.toString.call(wasmModule) !== '[object WebAssembly.Module]'
  ) {
    throw new TypeError('wasmModule must be a WebAssembly.Module compiled from @icepickle/hdf5-wasm/hdf5.wasm');
  }
  const lib = await import('./vendor/h5wasm-edge.js');
  const module = (await lib.instantiate(wasmModule)) as H5Module;
  module.activate_throwing_error_handler();
  return { lib: lib as unknown as H5Wasm, module, ...restingStack(lib.stackPointer()) };
}

async function loaded(source: WasmModuleSource): Promise<Loaded> {
  started ??= start(source).catch((cause: unknown) => {
    started = undefined;
    throw startFailure(
      'could not start h5wasm from the precompiled module',
      cause,
      [],
      "pass this package's dist/hdf5.wasm compiled by the host (import wasmModule from '@icepickle/hdf5-wasm/hdf5.wasm?module')",
    );
  });
  const instance = await started;
  // HDF5 trapped inside this instance on a damaged file (see markCrashed): its memory is not trusted
  if (instance.crashed)
    throw fail(
      'BACKEND_UNAVAILABLE',
      undefined,
      'h5wasm crashed on a damaged file earlier; restart the isolate (or worker) to read more files',
    );
  return instance;
}

/** Same sources as the browser entry: bytes, ArrayBuffer, Blob/File, fetch Response, URL. */
async function bytesOf(
  source: BrowserSource | Source,
  options?: OpenOptions,
): Promise<{ bytes: Uint8Array; label: string }> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer)
    return { bytes: copyBytes(source), label: options?.label ?? '<bytes>' };
  if (typeof Blob !== 'undefined' && source instanceof Blob)
    return { bytes: new Uint8Array(await source.arrayBuffer()), label: options?.label ?? '<blob>' };
  let response: Response;
  let label: string;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    response = source;
    label = options?.label ?? (source.url || '<response>');
  } else if (typeof source === 'string' || source instanceof URL) {
    label = options?.label ?? String(source);
    try {
      response = await fetch(String(source));
    } catch (cause) {
      throw fail(
        'READ_FAILED',
        label,
        `could not fetch the file (${cause instanceof Error ? cause.message : String(cause)})`,
        { cause },
      );
    }
  } else {
    throw fail(
      'INVALID_INPUT',
      options?.label,
      'open needs a Uint8Array, an ArrayBuffer, a Blob, a fetch Response or a URL',
    );
  }
  if (response.status === 404 || response.status === 410)
    throw fail('FILE_NOT_FOUND', label, `HTTP ${response.status}`);
  if (!response.ok) throw fail('READ_FAILED', label, `HTTP ${response.status} ${response.statusText}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), label };
}

/** The h5wasm storage backend for edge runtimes: `hdf5Wasm({ wasmModule })`, then `open(bytes | Response | URL)`. */
export function hdf5Wasm(options: EdgeOptions): WasmBackend<BrowserSource> {
  if (options?.wasmModule === undefined) {
    throw fail(
      'INVALID_INPUT',
      undefined,
      'the edge entry needs { wasmModule }: the precompiled @icepickle/hdf5-wasm/hdf5.wasm (edge runtimes cannot compile wasm from bytes)',
    );
  }
  const { wasmModule } = options;
  return {
    name: 'hdf5-wasm',
    capabilities: { shuffle: false, bool: false },
    async open(source: BrowserSource | Source, openOptions?: OpenOptions): Promise<StoredFile> {
      const { bytes, label } = await bytesOf(source, openOptions);
      return openBytes(bytes, label, openOptions);
    },
    async write(target: string | undefined, file: FileToWrite): Promise<Uint8Array | undefined> {
      if (target !== undefined)
        throw fail(
          'NOT_SUPPORTED',
          target,
          'edge runtimes have no filesystem: call write(undefined, file) and keep the returned bytes',
        );
      return buildFile(await loaded(wasmModule), file, '<bytes>');
    },
    async preload(): Promise<void> {
      await loaded(wasmModule);
    },
  };
}
