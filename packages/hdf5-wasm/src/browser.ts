/**
 * Browser entry (export conditions "browser" and "default"): no node: imports. Opens bytes,
 * ArrayBuffers, Blobs / Files (e.g. from an <input type="file"> or drag and drop), fetch Responses,
 * and URLs (fetched). There is no filesystem: write(undefined, file) returns the bytes.
 *
 * HDF5's wasm is not in the JavaScript: it is this package's `hdf5.wasm`, fetched from beside this file
 * (`new URL('./hdf5.wasm', import.meta.url)`, which bundlers copy as an asset) and compiled while it
 * streams, the first time a file is opened or written (wasm-file.ts). h5wasm itself runs from the build
 * without its embedded base64 copy (scripts/build-edge.mjs), started as the edge entry starts it.
 *
 * @module @icepickle/hdf5-wasm (browser)
 */
import type { OpenOptions, Source, StoredFile } from '@icepickle/core';
import type { WasmBackend } from './create-backend.js';
import { copyBytes } from './create-backend.js';
import { hdf5Wasm as startedFrom } from './edge.js';
import { fail } from './errors.js';
import { type WasmFile, compileWasmFile } from './wasm-file.js';

export type { WasmBackend } from './create-backend.js';
export type { WasmFile, WasmFileValue } from './wasm-file.js';
export { DECODABLE_FILTERS } from './stored-file.js';

/** Options of the browser entry's backend. */
export interface Hdf5WasmOptions {
  /**
   * Where HDF5's wasm comes from: a URL, a Response, its bytes, or a compiled WebAssembly.Module.
   * @defaultValue `new URL('./hdf5.wasm', import.meta.url)`, this package's file as the bundler copied it
   */
  wasm?: WasmFile;
}

/** What the browser entry opens. A string is a URL, fetched with fetch(). */
export type BrowserSource = string | URL | Uint8Array | ArrayBuffer | Blob | Response;

async function bytesOf(source: BrowserSource, options?: OpenOptions): Promise<{ bytes: Uint8Array; label: string }> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer)
    return { bytes: copyBytes(source), label: options?.label ?? '<bytes>' };
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const name = (source as Blob & { name?: unknown }).name;
    return {
      bytes: new Uint8Array(await source.arrayBuffer()),
      label: options?.label ?? (typeof name === 'string' && name ? name : '<blob>'),
    };
  }
  if (typeof source === 'string' || (typeof URL !== 'undefined' && source instanceof URL)) {
    const url = String(source);
    const label = options?.label ?? url;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw fail(
        'READ_FAILED',
        label,
        `could not fetch the file (${cause instanceof Error ? cause.message : String(cause)})`,
        { cause },
      );
    }
    return fromResponse(response, label);
  }
  if (typeof Response !== 'undefined' && source instanceof Response)
    return fromResponse(source, options?.label ?? (source.url || '<response>'));
  throw fail(
    'INVALID_INPUT',
    options?.label,
    'open needs a Uint8Array, an ArrayBuffer, a Blob/File, a fetch Response or a URL',
  );
}

async function fromResponse(response: Response, label: string): Promise<{ bytes: Uint8Array; label: string }> {
  if (response.status === 404 || response.status === 410)
    throw fail('FILE_NOT_FOUND', label, `HTTP ${response.status}`);
  if (!response.ok) throw fail('READ_FAILED', label, `HTTP ${response.status} ${response.statusText}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), label };
}

const defaultWasm = (): URL => new URL('./hdf5.wasm', import.meta.url);

/** The h5wasm storage backend for browsers: `await hdf5Wasm().open(file)` with a File, Response, URL or bytes. */
export function hdf5Wasm(options: Hdf5WasmOptions = {}): WasmBackend<BrowserSource> {
  let compiled: Promise<WebAssembly.Module> | undefined;
  const wasmModule = () => {
    compiled ??= compileWasmFile(options.wasm ?? defaultWasm).catch((error: unknown) => {
      compiled = undefined;
      throw error;
    });
    return compiled;
  };
  const inner = startedFrom({ wasmModule });
  return {
    ...inner,
    async open(source: BrowserSource | Source, openOptions?: OpenOptions): Promise<StoredFile> {
      const { bytes, label } = await bytesOf(source as BrowserSource, openOptions);
      return inner.open(bytes, { ...openOptions, label });
    },
    async write(target, file) {
      if (target !== undefined)
        throw fail(
          'NOT_SUPPORTED',
          target,
          'browsers have no filesystem: call write(undefined, file) and save the returned bytes (e.g. as a Blob download)',
        );
      return inner.write(undefined, file);
    },
  };
}
