/**
 * The backend's own promises beyond the conformance suite: writes are delegated (a writer loaded only
 * on first save) or refused, and the browser/edge entry never imports a node:* module.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StorageBackend, isIcepickleError } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { describe, expect, it } from 'vitest';
import { hdf5Js as browserHdf5Js } from '../src/index.js';
import { bytesSource, hdf5Js } from '../src/node.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const file = {
  datasets: [{ path: '/x', array: { dtype: 'float64' as const, shape: [2], data: Float64Array.of(1, 2) } }],
};

/** Every module the entry reaches through relative imports. */
function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) reachable(resolve(dirname(entry), spec.replace(/\.js$/, '.ts')), seen);
    else seen.add(spec);
  }
  return seen;
}

describe('hdf5Js backend', () => {
  it('refuses writes with NOT_SUPPORTED when no writer is given', async () => {
    const error = await hdf5Js()
      .write(undefined, file)
      .catch((e: unknown) => e);
    expect(isIcepickleError(error, 'NOT_SUPPORTED')).toBe(true);
  });

  it('loads a lazy writer on the first write only, and reads back what it wrote', async () => {
    let loads = 0;
    const backend = hdf5Js({
      writer: async (): Promise<StorageBackend> => {
        loads++;
        return hdf5Wasm();
      },
    });
    const opened = await backend.open(bytesSource((await hdf5Wasm().write(undefined, file))!));
    expect(loads).toBe(0);
    const bytes = await backend.write(undefined, file);
    await backend.write(undefined, file);
    expect(loads).toBe(1);
    expect(Array.from((await (await backend.open(bytes!)).read('/x')).data as Float64Array)).toEqual([1, 2]);
    expect(Array.from((await opened.read('/x')).data as Float64Array)).toEqual([1, 2]);
  });

  it('the browser entry reaches no node:* module', () => {
    const modules = [...reachable(join(src, 'index.ts'))];
    expect(modules.filter((m) => m.startsWith('node:'))).toEqual([]);
    expect(modules).toContain(join(src, 'http-source.ts'));
    expect(modules).not.toContain(join(src, 'file-source.ts'));
    expect(typeof browserHdf5Js().open).toBe('function');
  });
});
