import { statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CsrMatrix,
  SGDClassifier,
  SGDRegressor,
  type StorageBackend,
  coefLayouts,
  loadCoefficients,
  openLinearModel,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-layouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A 4-class model over 3,000 features with 10% non-zero coefficients (as an L1 fit gives). */
function sparseModel(): SGDClassifier {
  const r = lcg(3);
  const coef = Float64Array.from({ length: 4 * 3000 }, () => (r() < 0.1 ? r() * 2 - 1 : 0));
  return new SGDClassifier({ loss: 'log_loss' }).setCoefficients({
    coef,
    coefShape: [4, 3000],
    intercept: Float64Array.of(0.1, -0.2, 0.3, -0.4),
    interceptShape: [4],
    classes: [10, 20, 30, 40],
  });
}

const X = new CsrMatrix({
  indptr: [0, 3, 5, 5],
  indices: [1, 500, 2999, 7, 1234],
  data: [0.5, -1, 2, 0.25, 1],
  shape: [3, 3000],
});

for (const [name, backend] of [
  ['hdf5-wasm', hdf5Wasm()],
  ['hdf5-node', hdf5Node()],
] as [string, StorageBackend][]) {
  describe(`coefficient layouts on ${name}`, () => {
    it('every layout loads back to the same model (float32: rounded) and serves lazy predictions', async () => {
      const model = sparseModel();
      for (const layout of coefLayouts) {
        const path = join(dir, `${name}-${layout}.h5`);
        await saveCoefficients(model, path, { backend, layout });
        const back = await loadCoefficients(new SGDClassifier({ loss: 'log_loss' }), path, { backend });
        if (layout === 'float32') {
          expect(back.coef_).toEqual((model.coef_ as number[][]).map((row) => row.map(Math.fround)));
        } else {
          expect(back.coef_).toEqual(model.coef_);
          expect(back.decisionFunction(X)).toEqual(model.decisionFunction(X));
        }
        if (layout !== 'sparse') {
          const lazy = await openLinearModel(path, { backend });
          expect(await lazy.decisionFunction(X)).toEqual(back.decisionFunction(X));
          await lazy.close();
        }
      }
      const size = (layout: string) => statSync(join(dir, `${name}-${layout}.h5`)).size;
      expect(size('float32')).toBeLessThan(size('contiguous') * 0.55);
      // 10% of the values are random doubles (~7 incompressible bytes each): bench/file-size.mjs measures the real ratios.
      expect(size('gzip')).toBeLessThan(size('contiguous') / 3);
      expect(size('sparse')).toBeLessThan(size('contiguous') / 4);
    });

    it('sparse indices are row-delta coded; a damaged or unknown coding is INVALID_SHAPE, never a wrong model', async () => {
      const classes = {
        path: '/classes',
        array: { dtype: 'int64' as const, shape: [2], data: BigInt64Array.of(0n, 1n) },
      };
      const file = (indices: number[], encoding?: string) =>
        backend.write(undefined, {
          attrs: { coef_layout: 'sparse', coef_shape: [1, 6] },
          datasets: [
            { path: '/coef_csr/data', array: { dtype: 'float64', shape: [3], data: Float64Array.of(1.5, -2, 4) } },
            {
              path: '/coef_csr/indices',
              array: { dtype: 'int32', shape: [3], data: Int32Array.from(indices) },
              ...(encoding ? { attrs: { encoding } } : {}),
            },
            { path: '/coef_csr/indptr', array: { dtype: 'int32', shape: [2], data: Int32Array.of(0, 3) } },
            { path: '/intercept', array: { dtype: 'float64', shape: [1], data: Float64Array.of(0) } },
            classes,
          ],
        });
      const load = async (bytes: Uint8Array | undefined) =>
        loadCoefficients(new SGDClassifier(), bytes!, { backend }).then(
          (m) => m.coef_,
          (e: { code: string }) => e.code,
        );
      expect(await load(await file([1, 3, 1], 'row-delta'))).toEqual([[0, 1.5, 0, 0, -2, 4]]);
      expect(await load(await file([1, 4, 5]))).toEqual([[0, 1.5, 0, 0, -2, 4]]); // plain indices (no attribute)
      expect(await load(await file([1, 0, 1], 'row-delta'))).toBe('INVALID_SHAPE'); // a zero difference: a repeated column
      expect(await load(await file([1, 3, 2], 'row-delta'))).toBe('INVALID_SHAPE'); // past the last column
      expect(await load(await file([1, 3, 1], 'zigzag'))).toBe('INVALID_SHAPE');
    });

    it('h5py sees the same logical coef, and Python icepickle predicts the same', async () => {
      if (!hasSklearn()) return;
      const model = sparseModel();
      const reg = new SGDRegressor().setCoefficients({
        coef: Float64Array.from({ length: 3000 }, (_v, i) => (i % 7) / 7),
        coefShape: [3000],
        intercept: Float64Array.of(1),
        interceptShape: [1],
      });
      const files: Record<string, string> = {};
      for (const layout of coefLayouts) {
        files[layout] = join(dir, `${name}-py-${layout}.h5`);
        await saveCoefficients(model, files[layout]!, { backend, layout });
        files[`reg-${layout}`] = join(dir, `${name}-py-reg-${layout}.h5`);
        await saveCoefficients(reg, files[`reg-${layout}`]!, { backend, layout });
      }
      const seen = runPythonCode<Record<string, any>>(
        `
import json, sys, h5py, numpy as np
sys.path.insert(0, ${JSON.stringify(join(repoRoot, 'python'))})
from icepickle_reader import load_coefficients, build_estimator
from sklearn.linear_model import SGDClassifier
job = json.load(sys.stdin)
X = np.zeros((3, 3000)); X[0, [1, 500, 2999]] = [0.5, -1, 2]; X[1, [7, 1234]] = [0.25, 1]
out = {}
for layout, path in job.items():
    with h5py.File(path, "r") as hf:
        info = {"keys": sorted(hf.keys())}
        if "coef" in hf:
            ds = hf["coef"]
            info.update(shape=list(ds.shape), dtype=ds.dtype.str, chunks=list(ds.chunks) if ds.chunks else None, compression=ds.compression)
    model = build_estimator(path)
    info["estimator"] = type(model).__name__
    info["predict"] = model.predict(X).tolist()
    info["decision"] = (model.decision_function(X) if hasattr(model, "decision_function") else model.predict(X)).tolist()
    out[layout] = info
print(json.dumps(out))`,
        files,
      );
      expect(seen.contiguous).toMatchObject({
        shape: [4, 3000],
        dtype: '<f8',
        chunks: null,
        compression: null,
        keys: ['classes', 'coef', 'intercept'],
      });
      expect(seen['column-chunked']).toMatchObject({ shape: [4, 3000], dtype: '<f8', chunks: [4, 512] });
      expect(seen.float32).toMatchObject({ shape: [4, 3000], dtype: '<f4' });
      expect(seen.gzip).toMatchObject({ shape: [4, 3000], compression: 'gzip' });
      expect(seen.sparse.keys).toEqual(['classes', 'coef_csr', 'intercept']);
      for (const layout of coefLayouts) {
        expect(seen[layout].estimator).toBe('SGDClassifier');
        expect(seen[layout].predict).toEqual(model.predict(X));
        if (layout !== 'float32') expect(seen[layout].decision).toEqual(model.decisionFunction(X));
        expect(seen[`reg-${layout}`].estimator).toBe('SGDRegressor');
        if (layout !== 'float32') expect(seen[`reg-${layout}`].decision).toEqual(reg.predict(X));
      }
    });
  });
}

describe('convertModelFile', () => {
  it('rewrites a Python icepickle file in every layout and back, keeping predictions', async () => {
    const { convertModelFile } = await import('@icepickle/core');
    const backend = hdf5Node();
    const source = join(repoRoot, 'packages/test-utils/fixtures/sklearn/models/logreg_breast_cancer.h5');
    const original = await loadCoefficients(new SGDClassifier(), source, { backend });
    for (const layout of coefLayouts) {
      const out = join(dir, `converted-${layout}.h5`);
      await convertModelFile(source, out, { backend, layout, targetBackend: hdf5Wasm() });
      const back = join(dir, `converted-${layout}-back.h5`);
      await convertModelFile(out, back, { backend: hdf5Wasm(), layout: 'contiguous' });
      const model = await loadCoefficients(new SGDClassifier(), back, { backend });
      if (layout === 'float32')
        expect(model.coef_).toEqual((original.coef_ as number[][]).map((r) => r.map(Math.fround)));
      else expect(model.coef_).toEqual(original.coef_);
      expect(model.classes_).toEqual(original.classes_);
    }
  });

  it('streams coef in blocks (bounded memory, past the load limits) and copies everything else as is', async () => {
    const { convertModelFile } = await import('@icepickle/core');
    const model = sparseModel();
    for (const [name, backend] of [
      ['hdf5-node', hdf5Node()],
      ['hdf5-wasm', hdf5Wasm()],
    ] as [string, StorageBackend][]) {
      const source = join(dir, `stream-src-${name}.h5`);
      await saveCoefficients(model, source, { backend, metadata: { note: 'kept' } });
      for (const layout of ['column-chunked', 'gzip', 'float32', 'contiguous'] as const) {
        const out = join(dir, `stream-${name}-${layout}.h5`);
        // 4 × 3000 float64 is 96 kB: a 20 kB block size makes several blocks, and a 50 kB dataset limit
        // would refuse the in-memory path
        await convertModelFile(source, out, {
          backend,
          layout,
          blockBytes: 20_000,
          limits: { maxDatasetBytes: 50_000 },
        });
        const back = await loadCoefficients(new SGDClassifier(), out, { backend });
        if (layout === 'float32')
          expect(back.coef_).toEqual((model.coef_ as number[][]).map((r) => r.map(Math.fround)));
        else expect(back.decisionFunction(X)).toEqual(model.decisionFunction(X));
        const file = await backend.open(out);
        expect(JSON.parse(String(file.attrs('/').metadata))).toEqual({ note: 'kept' });
        expect(file.attrs('/').coef_layout).toBe(layout);
        await file.close();
      }
      // the limit still holds for what is read whole
      await expect(
        convertModelFile(source, join(dir, 'refused.h5'), { backend, layout: 'gzip', limits: { maxDatasetBytes: 8 } }),
      ).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    }
  });
});
