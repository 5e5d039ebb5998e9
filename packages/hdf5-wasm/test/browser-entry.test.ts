/**
 * The browser entry, exercised in Node with the web APIs Node 20 shares with browsers (Blob, File,
 * Response, fetch of data: URLs). A headless-browser run is the runtimes issue's job.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { hdf5Wasm } from '../src/browser.js';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const modelBytes = () => new Uint8Array(readFileSync(join(storageFixtures, 'dtypes.h5')));
const coefRow0 = [0.25, 1.2490234375, 2.248046875, 3.2470703125];

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    return isIcepickleError(error) ? error.code : `not an IcepickleError: ${String(error)}`;
  }
}

describe('hdf5-wasm browser entry', () => {
  it('imports nothing from node: (checked over its whole import graph)', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(src, file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^(fs|path|os|crypto|child_process)$/);
        if (spec!.startsWith('./')) visit(spec!.slice(2).replace(/\.js$/, '.ts'));
      }
    };
    visit('browser.ts');
    expect(seen.size).toBeGreaterThan(5);
    expect(readdirSync(src)).toContain('node.ts');
    expect(seen.has('node.ts')).toBe(false);
  });

  it('opens bytes, ArrayBuffers, Blobs, Files, Responses and URLs', async () => {
    const backend = hdf5Wasm();
    const bytes = modelBytes();
    const sources: Array<[unknown, string]> = [
      [bytes, '<bytes>'],
      [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), '<bytes>'],
      [new Blob([bytes]), '<blob>'],
      [new File([bytes], 'model.h5'), 'model.h5'],
      [new Response(bytes), '<response>'],
      [`data:application/x-hdf5;base64,${Buffer.from(bytes).toString('base64')}`, 'data:application/x-hdf5;base64,'],
    ];
    for (const [source, label] of sources) {
      const f = await backend.open(source as never);
      expect(f.label.startsWith(label), String(label)).toBe(true);
      expect(Array.from((await f.read('/float64', { rows: [0, 1] })).data as Float64Array)).toEqual(coefRow0);
      await f.close();
    }
  });

  it('maps HTTP failures and bad sources to typed errors', async () => {
    const backend = hdf5Wasm();
    expect(await codeOf(() => backend.open(new Response('gone', { status: 404 })))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(() => backend.open(new Response('oops', { status: 500 })))).toBe('READ_FAILED');
    expect(await codeOf(() => backend.open(new Response('not hdf5 at all')))).toBe('NOT_HDF5');
    expect(await codeOf(() => backend.open(42 as never))).toBe('INVALID_INPUT');
  });

  it('writes bytes, and refuses paths (no filesystem in a browser)', async () => {
    const backend = hdf5Wasm();
    const file = {
      datasets: [{ path: '/coef', array: { dtype: 'float64' as const, shape: [2], data: Float64Array.of(1, 2) } }],
    };
    const bytes = await backend.write(undefined, file);
    const f = await backend.open(new Blob([bytes! as Uint8Array<ArrayBuffer>]));
    expect((await f.read('/coef')).data).toEqual(Float64Array.of(1, 2));
    await f.close();
    expect(await codeOf(() => backend.write('model.h5', file))).toBe('NOT_SUPPORTED');
  });
});
