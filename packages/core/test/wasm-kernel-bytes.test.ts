/** The WebAssembly embedded in wasm-kernel-bytes.ts is what wasm-kernel.wat compiles to. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

interface BuildScript {
  compileWat(path?: string): Promise<Uint8Array<ArrayBuffer>>;
  moduleSource(bytes: Uint8Array<ArrayBuffer>): string;
  modulePath: string;
  scaledDotSource(bytes: Uint8Array<ArrayBuffer>): string;
  scaledDotWatPath: string;
  scaledDotModulePath: string;
  weightSupportSource(bytes: Uint8Array<ArrayBuffer>): string;
  weightSupportWatPath: string;
  weightSupportModulePath: string;
}

it('wasm-kernel-bytes.ts is wasm-kernel.wat compiled (run `pnpm --filter @icepickle/core wasm` after editing the .wat)', async () => {
  const script = '../scripts/build-wasm-kernel.mjs';
  const build = (await import(/* @vite-ignore */ script)) as BuildScript;
  const bytes = await build.compileWat();
  expect(readFileSync(build.modulePath, 'utf8')).toBe(build.moduleSource(bytes));
  expect(WebAssembly.validate(bytes)).toBe(true);
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  expect(exports.sort()).toEqual(['add', 'dot', 'epoch', 'finite', 'fold', 'l1', 'mark', 'prefix', 'rank', 'select']);
});

it('scaled-dot-bytes.ts is scaled-dot.wat compiled (the same command)', async () => {
  const script = '../scripts/build-wasm-kernel.mjs';
  const build = (await import(/* @vite-ignore */ script)) as BuildScript;
  const bytes = await build.compileWat(build.scaledDotWatPath);
  expect(readFileSync(build.scaledDotModulePath, 'utf8')).toBe(build.scaledDotSource(bytes));
  expect(WebAssembly.validate(bytes)).toBe(true);
  expect(WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name)).toEqual(['scaledDot']);
});

it('weight-support-bytes.ts is weight-support.wat compiled (the same command)', async () => {
  const script = '../scripts/build-wasm-kernel.mjs';
  const build = (await import(/* @vite-ignore */ script)) as BuildScript;
  const bytes = await build.compileWat(build.weightSupportWatPath);
  expect(readFileSync(build.weightSupportModulePath, 'utf8')).toBe(build.weightSupportSource(bytes));
  expect(WebAssembly.validate(bytes)).toBe(true);
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  expect(exports.sort()).toEqual(['count', 'select', 'support']);
});
