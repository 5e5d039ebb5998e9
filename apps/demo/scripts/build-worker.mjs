#!/usr/bin/env node
// Bundles the Worker (worker/src/index.ts) as wrangler would: ESM, the "workerd" export condition, and
// the binary imports kept as separate modules next to it (model.h5 as Data, hdf5.wasm as CompiledWasm).
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(demo, 'dist', 'worker');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** `.wasm` / `.h5` imports become sibling modules of the bundle (workerd links them by name). */
const binaryModules = {
  name: 'binary-modules',
  setup(b) {
    b.onResolve({ filter: /\.(wasm|h5)$/ }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      copyFileSync(file, join(out, basename(file)));
      return { path: `./${basename(file)}`, external: true };
    });
  },
};

/** One Worker bundled as wrangler bundles it: ESM, the "workerd" export condition, minified. */
function bundleWorker(entry, outfile, plugins = []) {
  return build({
    entryPoints: [join(demo, 'worker', 'src', entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify: true,
    logLevel: 'warning',
    plugins,
  });
}

await bundleWorker('index.ts', join(out, 'index.js'), [binaryModules]);
// The lazy R2 Worker (worker/src/lazy-r2.ts): pure JavaScript, no binary modules.
await bundleWorker('lazy-r2.ts', join(demo, 'dist', 'worker-r2', 'index.js'));

const size = (f) => `${(statSync(join(out, f)).size / 1024).toFixed(0)} KiB`;
console.log(
  `build-worker: dist/worker/index.js (${size('index.js')}), hdf5.wasm (${size('hdf5.wasm')}), model.h5 (${size('model.h5')})`,
);
