/**
 * The page that opens a model by URL and predicts, without saving (issue 17): everything it ships,
 * third-party code included, bundled by esbuild (minified ESM, gzip level 9) from
 * test/budget-pages/url-lazy.ts. No h5wasm and no hdf5-wasm may be in it: hdf5-js reads HDF5 in
 * TypeScript over Range requests. The total goes to test-results/url-page-size.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The whole bundle, gzip (73.7 KiB when set: core + featurizers + hdf5-js); raise only with a reason.
 * Raised to 82 KiB at 79.7 KiB (hdf5-js multi-range requests, read hints, the typed-array chunk table);
 * lowered to 51 KiB at 49.3 KiB when the page opened its model with openLinearModelWith and
 * SGDClassifierPredictor instead of openLinearModel's full registry, which carried every class's training.
 * Raised to 53 KiB at 51.3 KiB: the garbage-free v1 B-tree walk, the compact chunk table and the typed-array
 * column cache that keep a lazy prediction within 128 MB.
 */
const CEILING = 53 * 1024;
/** Training code a page that only predicts must not carry (as test/size.test.ts). */
const TRAINING =
  /(lbfgs|logistic-loss|class-weight|plain-sgd|base-sgd-classifier|base-sgd-regressor|loss-functions|wasm-kernel-bytes|ridge-fit|coordinate-descent-fit|lstsq)\.ts$/;

describe('url page bundle', () => {
  it('has no h5wasm, and its total gzip bytes stay under the ceiling', async () => {
    const result = await build({
      entryPoints: [join(demoDir, 'test', 'budget-pages', 'url-lazy.ts')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@icepickle/source'],
      write: false,
      metafile: true,
      outdir: join(demoDir, 'test-results', 'url-page'),
      logLevel: 'silent',
    });
    expect(result.outputFiles).toHaveLength(1); // one file: nothing split off to load later
    const bytes = result.outputFiles[0]!.contents;
    const inputs = Object.keys(result.metafile.inputs);
    const output = Object.values(result.metafile.outputs)[0]!;
    const shipped = Object.entries(output.inputs).filter(([, v]) => v.bytesInOutput > 0);
    expect(shipped.map(([path]) => path).filter((path) => TRAINING.test(path))).toEqual([]);
    expect(inputs.filter((path) => /h5wasm|hdf5-wasm|fflate/.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes('packages/hdf5-js/src/http-source.ts'))).toBe(true);
    const text = new TextDecoder().decode(bytes);
    expect(text).not.toMatch(/binaryDecode|H5Fopen|WebAssembly\.instantiate/);
    const gzip = gzipSync(bytes, { level: 9 }).length;
    console.log(`url page: ${(bytes.length / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip`);
    mkdirSync(join(demoDir, 'test-results'), { recursive: true });
    writeFileSync(
      join(demoDir, 'test-results', 'url-page-size.json'),
      `${JSON.stringify({ raw: bytes.length, gzip, inputs: inputs.length }, null, 2)}\n`,
    );
    expect(gzip).toBeLessThanOrEqual(CEILING);
  });
});
