/**
 * Cloudflare Workers entry (export condition "workerd"): the edge entry with the precompiled module
 * imported for you — wrangler and miniflare turn a `.wasm` import into a `WebAssembly.Module`.
 *
 * @module @icepickle/hdf5-wasm (workerd)
 */
// @ts-expect-error -- resolved by the Workers bundler (CompiledWasm module rule), not by TypeScript
import bundledModule from './hdf5.wasm';
import type { BrowserSource } from './browser.js';
import type { WasmBackend } from './create-backend.js';
import { type EdgeOptions, hdf5Wasm as edgeBackend } from './edge.js';

export type { WasmBackend } from './create-backend.js';
export type { EdgeOptions, EdgeSource, WasmModuleSource } from './edge.js';
export { DECODABLE_FILTERS } from './stored-file.js';

/** The h5wasm storage backend in a Worker: `hdf5Wasm().open(bytes | Response | URL)`. */
export function hdf5Wasm(options: Partial<EdgeOptions> = {}): WasmBackend<BrowserSource> {
  return edgeBackend({ wasmModule: options.wasmModule ?? (bundledModule as WebAssembly.Module) });
}
