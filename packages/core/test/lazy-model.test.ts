import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CsrMatrix,
  LogisticRegression,
  SGDClassifier,
  SGDRegressor,
  type StorageBackend,
  convertModelFile,
  isIcepickleError,
  openLinearModel,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';
import { HashingVectorizer } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { nodeHost } from '@icepickle/core/node';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic pseudo-random stream (tests only). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

const nFeatures = 20_000;
function classifier(k: number): LogisticRegression {
  const rnd = lcg(k);
  const rows = k === 2 ? 1 : k;
  return new LogisticRegression().setCoefficients({
    coef: Float64Array.from({ length: rows * nFeatures }, rnd),
    coefShape: [rows, nFeatures],
    intercept: Float64Array.from({ length: rows }, rnd),
    interceptShape: [rows],
    classes: Array.from({ length: k }, (_v, i) => `class-${i}`),
  });
}

function batch(rows: number, perRow: number, seed: number): CsrMatrix {
  const rnd = lcg(seed);
  const dense = Array.from({ length: rows }, () => {
    const row = new Map<number, number>();
    while (row.size < perRow) row.set(Math.floor(((rnd() + 1) / 2) * nFeatures), rnd());
    return [...row.entries()].sort((a, b) => a[0] - b[0]);
  });
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (const row of dense) {
    for (const [j, v] of row) {
      indices.push(j);
      data.push(v);
    }
    indptr.push(indices.length);
  }
  return new CsrMatrix({ indptr, indices, data, shape: [rows, nFeatures] });
}

for (const [name, backend] of [
  ['hdf5-wasm', hdf5Wasm()],
  ['hdf5-node', hdf5Node()],
] as [string, StorageBackend][]) {
  describe(`openLinearModel on ${name}`, () => {
    it('answers exactly as the fully loaded model, reading only touched columns', async () => {
      for (const k of [2, 5]) {
        const model = classifier(k);
        const path = join(dir, `${name}-clf-${k}.h5`);
        await saveCoefficients(model, path, { backend });
        const lazy = await openLinearModel(path, { backend, cacheBytes: 1 << 20 });
        expect(lazy.estimator).toBe('LogisticRegression');
        expect(lazy.classes_).toEqual(model.classes_);
        for (const seed of [1, 2, 3]) {
          const X = batch(4, 300, seed * 10 + k);
          expect(await lazy.decisionFunction(X)).toEqual(model.decisionFunction(X));
          expect(await lazy.predict(X)).toEqual(model.predict(X));
          expect(await lazy.predictProba(X)).toEqual(model.predictProba(X));
        }
        const touched = new Set<number>();
        for (const seed of [1, 2, 3]) batch(4, 300, seed * 10 + k).indices.forEach((j) => touched.add(j));
        expect(lazy.stats.columnsRead).toBeLessThanOrEqual(touched.size + 1); // + column 0, read at open
        expect(lazy.stats.columnsRead).toBeLessThan(nFeatures / 4);
        await lazy.close();
      }
    });

    it('stays exact whatever the cache holds: one column, less than a batch, a few batches (evicting), everything', async () => {
      const model = classifier(5);
      const path = join(dir, `${name}-cache-sizes.h5`);
      await saveCoefficients(model, path, { backend });
      const batches = [1, 2, 1, 3, 2, 4].map((seed) => batch(3, 120, seed)); // repeats: hits after evictions
      for (const columns of [1, 200, 700, 100_000]) {
        const lazy = await openLinearModel(path, { backend, cacheBytes: columns * 5 * 8 });
        for (const X of batches)
          expect(await lazy.decisionFunction(X), `${columns} columns`).toEqual(model.decisionFunction(X));
        expect(lazy.stats.cachedBytes).toBeLessThanOrEqual(columns * 5 * 8);
        if (columns === 100_000) expect(lazy.stats.cacheHits).toBeGreaterThan(0);
        await lazy.close();
      }
    });

    it('stays exact when calls overlap on a cache smaller than their columns together', async () => {
      // A server answers requests concurrently on one model: a call's cached columns must not be
      // evicted by another call while it awaits its own reads.
      const model = classifier(5);
      const path = join(dir, `${name}-overlap.h5`);
      await saveCoefficients(model, path, { backend });
      const lazy = await openLinearModel(path, { backend, cacheBytes: 300 * 5 * 8 });
      const batches = [1, 2, 3, 4, 5, 6, 1, 2].map((seed) => batch(2, 120, seed));
      const answers = await Promise.all(batches.map((X) => lazy.decisionFunction(X)));
      answers.forEach((answer, i) => expect(answer, `batch ${i}`).toEqual(model.decisionFunction(batches[i]!)));
      await lazy.close();
    });

    it('reads a batch wider than its kept read buffer in slices, exactly (600 outputs × 1,000 columns)', async () => {
      // 600 × 1,000 values > the 2^19 a lazy model's kept read buffer holds: two reads of missing columns
      const rnd = lcg(11);
      const outputs = 600;
      const width = 1200;
      const model = new LogisticRegression().setCoefficients({
        coef: Float64Array.from({ length: outputs * width }, rnd),
        coefShape: [outputs, width],
        intercept: Float64Array.from({ length: outputs }, rnd),
        interceptShape: [outputs],
        classes: Array.from({ length: outputs }, (_v, i) => i),
      });
      const path = join(dir, `${name}-wide.h5`);
      await saveCoefficients(model, path, { backend });
      const lazy = await openLinearModel(path, { backend, cacheBytes: 64 * 2 ** 20 });
      const cols = Array.from({ length: 1000 }, (_v, i) => Math.floor((i * width) / 1000));
      const X = new CsrMatrix({ indptr: [0, 1000], indices: cols, data: cols.map(() => rnd()), shape: [1, width] });
      expect(await lazy.decisionFunction(X)).toEqual(model.decisionFunction(X));
      expect(lazy.stats.columnsRead).toBe(1000); // column 0, read at open, is among them
      expect(await lazy.decisionFunction(X)).toEqual(model.decisionFunction(X)); // now from the cache
      expect(lazy.stats.cacheHits).toBeGreaterThanOrEqual(1000);
      await lazy.close();
    });

    it('works for single-target regressors and Python files without metadata', async () => {
      const rnd = lcg(7);
      const reg = new SGDRegressor().setCoefficients({
        coef: Float64Array.from({ length: nFeatures }, rnd),
        coefShape: [nFeatures],
        intercept: Float64Array.from([0.25]),
        interceptShape: [1],
      });
      const path = join(dir, `${name}-reg.h5`);
      await saveCoefficients(reg, path, { backend });
      const lazy = await openLinearModel(path, { backend });
      const X = batch(3, 50, 9);
      expect(await lazy.predict(X)).toEqual(reg.predict(X));
      // a regressor has neither (scikit-learn's have no decision_function): typed errors, before any read
      const read = lazy.stats.columnsRead;
      expect(isIcepickleError(await lazy.decisionFunction(X).catch((e: unknown) => e), 'NOT_SUPPORTED')).toBe(true);
      expect(isIcepickleError(await lazy.predictProba(X).catch((e: unknown) => e), 'NOT_SUPPORTED')).toBe(true);
      expect(lazy.stats.columnsRead).toBe(read);
      await lazy.close();
    });

    it('an intercept declaring 2^40 values (a damaged file): LIMIT_EXCEEDED, for the lazy model and the backend alike', async () => {
      // the lazy model lifts the size limits for coef only (read by columns); the rest is read whole
      const path = join(dir, `${name}-huge-intercept.h5`);
      const writer = await backend.createWriter!(path, {
        datasets: [],
        streamed: [
          { path: '/coef', dtype: 'float64', shape: [2, 8], chunks: [2, 8] },
          { path: '/intercept', dtype: 'float64', shape: [2 ** 40], chunks: [1024] },
        ],
      });
      await writer.close();
      const lazy = await openLinearModel(path, { backend, estimator: 'LinearRegression' }).catch((e: unknown) => e);
      expect(isIcepickleError(lazy, 'LIMIT_EXCEEDED'), String(lazy)).toBe(true);
      expect((lazy as Error).message).toMatch(/"\/intercept" declares 8796093022208 bytes/);
      // converting streams coef in blocks: the other datasets are still read whole, and refused
      const converted = await convertModelFile(path, join(dir, `${name}-huge-converted.h5`), {
        backend,
        layout: 'column-chunked',
      }).catch((e: unknown) => e);
      expect(isIcepickleError(converted, 'LIMIT_EXCEEDED'), String(converted)).toBe(true);
      // the backend's own read (no limits above it) refuses too, instead of failing to allocate
      const file = await backend.open(path);
      expect(isIcepickleError(await file.read('/intercept').catch((e: unknown) => e), 'LIMIT_EXCEEDED')).toBe(true);
      await file.close();
    });

    it('a cache too small for one column, a wrong feature count, a changed file: typed errors', async () => {
      const path = join(dir, `${name}-errors.h5`);
      await saveCoefficients(classifier(5), path, { backend });
      const tooSmall = await openLinearModel(path, { backend, cacheBytes: 16 }).catch((e: unknown) => e);
      expect(isIcepickleError(tooSmall, 'LIMIT_EXCEEDED')).toBe(true);

      const lazy = await openLinearModel(path, { backend, cacheBytes: 64 });
      const wrong = new CsrMatrix({ indptr: [0, 1], indices: [3], data: [1], shape: [1, nFeatures + 1] });
      expect(isIcepickleError(await lazy.predict(wrong).catch((e: unknown) => e), 'SHAPE_MISMATCH')).toBe(true);
      // A tiny cache still answers correctly: columns are evicted and read again.
      const X = batch(2, 100, 5);
      expect(await lazy.decisionFunction(X)).toEqual(classifier(5).decisionFunction(X));
      // NaN in X: the loaded model's error, not a NaN answer
      const nan = new CsrMatrix({ indptr: [0, 2], indices: [1, 4], data: [1, Number.NaN], shape: [1, nFeatures] });
      const loadedError = (() => {
        try {
          classifier(5).predict(nan);
        } catch (e) {
          return e as { code: string };
        }
      })();
      expect(loadedError?.code).toBe('INVALID_INPUT');
      expect(await lazy.predict(nan).catch((e: { code: string }) => e.code)).toBe(loadedError!.code);

      const future = new Date(Date.now() + 60_000);
      utimesSync(path, future, future);
      expect(isIcepickleError(await lazy.predict(batch(2, 100, 6)).catch((e: unknown) => e), 'FILE_CHANGED')).toBe(
        true,
      );
      rmSync(path);
      expect(isIcepickleError(await lazy.predict(batch(2, 100, 8)).catch((e: unknown) => e), 'FILE_CHANGED')).toBe(
        true,
      );
      await lazy.close();
      expect(isIcepickleError(await lazy.predict(X).catch((e: unknown) => e), 'CLOSED')).toBe(true);
      writeFileSync(path, 'gone');
    });
  });
}

describe('openLinearModel with a featurizer', () => {
  it('predicts on texts exactly as the loaded model on their hashed rows; without one, texts are a typed error', async () => {
    const backend = hdf5Wasm();
    const hv = new HashingVectorizer({ nFeatures: 2 ** 10 });
    const texts = ['a wonderful film', 'a dreadful bore', 'wonderful acting, dreadful plot', 'fine'];
    const model = new SGDClassifier({ loss: 'log_loss', shuffle: false, maxIter: 20, tol: null }).fit(
      hv.transform(texts),
      [1, 0, 1, 0],
    );
    const bytes = await saveCoefficients(model, undefined, { backend });
    const lazy = await openLinearModel(bytes, { backend, featurizer: hv });
    const queries = ['wonderful', 'a dreadful film', 'plot'];
    expect(await lazy.predictProba(queries)).toEqual(model.predictProba(hv.transform(queries)));
    expect(await lazy.decisionFunction(queries)).toEqual(model.decisionFunction(hv.transform(queries)));
    await lazy.close();
    const bare = await openLinearModel(bytes, { backend });
    expect(await bare.predict(queries).catch((e: { code: string }) => e.code)).toBe('INVALID_INPUT');
    await bare.close();
  });
});

describe('the host seam of openLinearModel', () => {
  it('watches the file through the host given, else the backend host; with neither, a changed file goes unnoticed', async () => {
    const path = join(dir, 'host-seam.h5');
    const withHost = hdf5Wasm();
    expect(withHost.host).toBe(nodeHost);
    await saveCoefficients(classifier(2), path, { backend: withHost });
    const hostless: StorageBackend = { ...withHost, host: undefined };
    const X = batch(1, 50, 9);
    const watched = await openLinearModel(path, { backend: hostless, host: nodeHost });
    const viaBackend = await openLinearModel(path, { backend: withHost });
    const unwatched = await openLinearModel(path, { backend: hostless });
    const future = new Date(Date.now() + 120_000);
    utimesSync(path, future, future);
    expect(isIcepickleError(await watched.predict(X).catch((e: unknown) => e), 'FILE_CHANGED')).toBe(true);
    expect(isIcepickleError(await viaBackend.predict(X).catch((e: unknown) => e), 'FILE_CHANGED')).toBe(true);
    expect(await unwatched.predict(X)).toEqual(classifier(2).predict(X));
    await Promise.all([watched.close(), viaBackend.close(), unwatched.close()]);
  });
});
