/**
 * Vercel's edge-runtime with WebAssembly code generation disabled, as production Vercel Edge runs: the
 * edge entry (export condition "edge-light") loads a Python-written model from a precompiled module and
 * predicts as scikit-learn did; the default entry, which compiles the hdf5.wasm it fetches, cannot start.
 * Needs the package built (`turbo run build`: dist/edge.js, dist/hdf5.wasm).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath, loadFixture } from '@icepickle/test-utils';
import { EdgeRuntime } from 'edge-runtime';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');

interface Csr {
  indptr: number[];
  indices: number[];
  data: number[];
  shape: [number, number];
}

function rows(x: Csr, from: number, to: number): Csr {
  const start = x.indptr[from]!;
  const end = x.indptr[to]!;
  return {
    indptr: x.indptr.slice(from, to + 1).map((p) => p - start),
    indices: x.indices.slice(start, end),
    data: x.data.slice(start, end),
    shape: [to - from, x.shape[1]],
  };
}

async function bundle(conditions: string[]): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'edge', 'edge-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    conditions,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function edgeVm(): EdgeRuntime {
  // wasm: false is what production Vercel Edge enforces; the emulator allows it unless told
  return new EdgeRuntime({ codeGeneration: { strings: false, wasm: false } });
}

const finetune = loadFixture<{ before: { decision_function: number[] }; finetune_rows: [number, number] }>(
  'finetune/finetune.json',
);
const X = loadFixture<{ X: Csr }>('finetune/X_hashed.json').X;

describe('hdf5-wasm in edge-runtime (wasm code generation disabled)', () => {
  let edgeCode = '';
  let wasmModule: WebAssembly.Module;
  beforeAll(async () => {
    for (const file of ['edge.js', 'hdf5.wasm', 'vendor/h5wasm-edge.js']) {
      if (!existsSync(join(dist, file)))
        throw new Error(`packages/hdf5-wasm/dist/${file} is missing: run \`pnpm exec turbo run build\` first`);
    }
    edgeCode = await bundle(['edge-light']);
    wasmModule = await WebAssembly.compile(readFileSync(join(dist, 'hdf5.wasm')));
  });

  it('refuses to compile WebAssembly from bytes (the trap the edge entry avoids)', async () => {
    const vm = edgeVm();
    await expect(vm.evaluate('WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))')).rejects.toThrow(
      /disallowed|code generation/i,
    );
  });

  it('the edge entry (precompiled module via instantiateWasm) loads a Python-written model and predicts as scikit-learn', async () => {
    expect(edgeCode).not.toMatch(/function findWasmBinary\(\)\{return binaryDecode/); // no embedded wasm bytes
    const vm = edgeVm();
    vm.evaluate(edgeCode);
    const [from, to] = finetune.finetune_rows;
    const input = { wasmModule, model: readFileSync(fixturePath('finetune/pretrained.h5')), X: rows(X, from, to) };
    vm.context.edgeInput = input;
    const out = JSON.parse(await vm.evaluate<Promise<string>>('runEdge(globalThis.edgeInput)'));
    expect(out.nFeatures).toBe(2 ** 16);
    expect(out.classes).toEqual([0, 1]);
    const expected = finetune.before.decision_function.slice(from, to);
    expect(out.decision).toHaveLength(expected.length);
    out.decision.forEach((d: number, i: number) => expect(d).toBeCloseTo(expected[i]!, 10));
    // bytes written inside the VM read back identically
    expect(out.reloaded).toEqual(out.decision);
    expect(out.savedBytes).toBeGreaterThan(2 ** 16 * 8);
  });

  it('the edge entry, which cannot restart h5wasm, stays usable after thousands of damaged files (its stack pointer found)', async () => {
    const edge = (await import(join(dist, 'edge.js'))) as typeof import('../src/edge.js');
    const backend = edge.hdf5Wasm({ wasmModule });
    const good = new Uint8Array(readFileSync(fixturePath('finetune/pretrained.h5')));
    const codes = new Set<string>();
    // each failed open is one HDF5 error; ~2,000 of them used to wreck the instance (wasm.test.ts)
    for (let i = 0; i < 2500; i++) {
      await backend.open(good.slice(0, 1024)).then(
        () => codes.add('opened'),
        (error: unknown) => codes.add(String((error as { code?: string }).code)),
      );
    }
    expect([...codes]).toEqual(['NOT_HDF5']);
    const file = await backend.open(good);
    expect(file.list().map((n) => n.path)).toContain('/coef');
    await file.close();
  });

  it('the browser entry, which compiles the hdf5.wasm it fetches, cannot start there', async () => {
    const browserCode = await bundle([]);
    expect(browserCode).not.toMatch(/binaryDecode\('/); // its wasm is a file of its own
    const vm = edgeVm();
    vm.evaluate(browserCode);
    vm.context.edgeInput = { model: readFileSync(fixturePath('finetune/pretrained.h5')), X: rows(X, 0, 1) };
    const outcome = await Promise.race([
      vm.evaluate<Promise<string>>('runEdge(globalThis.edgeInput)').then(
        () => 'loaded',
        (error: unknown) => `failed: ${String((error as Error)?.message ?? error)}`,
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 10_000)),
    ]);
    expect(outcome).not.toBe('loaded');
  });
});
