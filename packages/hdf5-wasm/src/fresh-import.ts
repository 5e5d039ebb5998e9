import type { H5Wasm } from './h5wasm-module.js';

/**
 * A new copy of an h5wasm build, and so a new wasm instance (Node only): the same module imported under
 * another URL, which Node loads and runs anew. A plain import would hand back the cached instance, even
 * one that trapped.
 */
export function freshImport(specifier: 'h5wasm' | 'h5wasm/node', generation: number): Promise<H5Wasm> {
  return import(/* @vite-ignore */ `${import.meta.resolve(specifier)}?instance=${generation}`) as Promise<H5Wasm>;
}
