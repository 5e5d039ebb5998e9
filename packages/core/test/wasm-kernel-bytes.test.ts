/** The WebAssembly embedded in each *-bytes.ts is what its .wat compiles to. */
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

/** The module the build script writes for `watPath` equals the committed one, and exports `exports`. */
async function expectCompiled(
  pick: (
    b: BuildScript,
  ) => [watPath: string | undefined, modulePath: string, source: (bytes: Uint8Array<ArrayBuffer>) => string],
  exports: string[],
): Promise<void> {
  const script = '../scripts/build-wasm-kernel.mjs';
  const build = (await import(/* @vite-ignore */ script)) as BuildScript;
  const [watPath, modulePath, source] = pick(build);
  const bytes = await build.compileWat(watPath);
  expect(readFileSync(modulePath, 'utf8')).toBe(source(bytes));
  expect(WebAssembly.validate(bytes)).toBe(true);
  expect(
    WebAssembly.Module.exports(new WebAssembly.Module(bytes))
      .map((e) => e.name)
      .sort(),
  ).toEqual(exports);
}

it('wasm-kernel-bytes.ts is wasm-kernel.wat compiled (run `pnpm --filter @icepickle/core wasm` after editing the .wat)', () =>
  expectCompiled(
    (b) => [undefined, b.modulePath, b.moduleSource],
    ['add', 'dot', 'epoch', 'finite', 'fold', 'l1', 'mark', 'prefix', 'rank', 'select'],
  ));

it('scaled-dot-bytes.ts is scaled-dot.wat compiled (the same command)', () =>
  expectCompiled((b) => [b.scaledDotWatPath, b.scaledDotModulePath, b.scaledDotSource], ['scaledDot']));

it('weight-support-bytes.ts is weight-support.wat compiled (the same command)', () =>
  expectCompiled(
    (b) => [b.weightSupportWatPath, b.weightSupportModulePath, b.weightSupportSource],
    ['count', 'select', 'support'],
  ));
