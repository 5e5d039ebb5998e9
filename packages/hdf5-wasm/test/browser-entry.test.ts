/**
 * The browser entry, exercised in Node with the web APIs Node 20 shares with browsers (Blob, File,
 * Response, fetch of data: URLs), with HDF5's wasm handed over as bytes, a Response or a module (Node's
 * fetch cannot read the file: URL the entry uses by default). Its own file in a real browser, built by
 * Vite: apps/demo/test/web-wasm-asset.test.ts. Needs the package built (dist/hdf5.wasm, dist/vendor).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storageFixtures, codeOf } from '@icepickle/test-utils';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { hdf5Wasm } from '../src/browser.js';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const wasmPath = resolve(src, '../dist/hdf5.wasm');
if (!existsSync(wasmPath)) throw new Error('packages/hdf5-wasm/dist is missing: run `pnpm exec turbo run build` first');
const wasm = new Uint8Array(readFileSync(wasmPath));
const modelBytes = () => new Uint8Array(readFileSync(join(storageFixtures, 'dtypes.h5')));
const coefRow0 = [0.25, 1.2490234375, 2.248046875, 3.2470703125];

describe('hdf5-wasm browser entry', () => {
  it('imports nothing from node: (checked over its whole import graph)', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(src, file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^(fs|path|os|crypto|child_process)$/);
        // vendor/: h5wasm's own build (dist/, made by scripts/build-edge.mjs), checked by the bundle test below
        if (spec!.startsWith('./') && !spec!.includes('vendor/')) visit(spec!.slice(2).replace(/\.js$/, '.ts'));
      }
    };
    visit('browser.ts');
    expect(seen.size).toBeGreaterThan(5);
    expect(readdirSync(src)).toContain('node.ts');
    expect(seen.has('node.ts')).toBe(false);
  });

  it('opens bytes, ArrayBuffers, Blobs, Files, Responses and URLs', async () => {
    const backend = hdf5Wasm({ wasm });
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

  it('ships no wasm in its JavaScript: compiles hdf5.wasm from a URL, a Response (any MIME type) or a module', async () => {
    // the built entry, bundled as an app would bundle it: h5wasm's code without its embedded binary
    const bundled = await build({
      entryPoints: [resolve(src, '../dist/browser.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      external: ['@icepickle/core'],
      write: false,
      logLevel: 'silent',
    });
    const js = bundled.outputFiles[0]!.text;
    expect(js).toContain('H5Fopen'); // h5wasm is in it
    expect(js).not.toMatch(/binaryDecode\('/); // but not its 3.5 MB of wasm
    expect(js).toMatch(/new URL\(["']\.\/hdf5\.wasm["'], import\.meta\.url\)/);
    expect(bundled.outputFiles[0]!.contents.length).toBeLessThan(wasm.length / 4);
    const model = modelBytes();
    const sources = [
      new Response(wasm, { headers: { 'content-type': 'application/wasm' } }), // compileStreaming
      new Response(wasm, { headers: { 'content-type': 'application/octet-stream' } }), // wrong type: fallback
      () => WebAssembly.compile(wasm),
    ];
    const { compileWasmFile } = await import('../src/wasm-file.js');
    const exports = WebAssembly.Module.exports(await WebAssembly.compile(wasm));
    for (const source of sources) expect(WebAssembly.Module.exports(await compileWasmFile(source))).toEqual(exports);
    const f = await hdf5Wasm({ wasm: new Response(wasm, { headers: { 'content-type': 'text/plain' } }) }).open(model);
    expect(Array.from((await f.read('/float64', { rows: [0, 1] })).data as Float64Array)).toEqual(coefRow0);
    await f.close();
  });

  it('maps HTTP failures and bad sources to typed errors', async () => {
    const backend = hdf5Wasm({ wasm });
    expect(await codeOf(() => backend.open(new Response('gone', { status: 404 })))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(() => backend.open(new Response('oops', { status: 500 })))).toBe('READ_FAILED');
    expect(await codeOf(() => backend.open(new Response('not hdf5 at all')))).toBe('NOT_HDF5');
    expect(await codeOf(() => backend.open(42 as never))).toBe('INVALID_INPUT');
  });

  it('writes bytes, and refuses paths (no filesystem in a browser)', async () => {
    const backend = hdf5Wasm({ wasm });
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
