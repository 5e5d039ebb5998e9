import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Progress,
  ProgressTracker,
  CsrMatrix,
  convertModelFile,
  createCoefficientWriter,
  openLinearModel,
  saveCoefficients,
} from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { classifier3x5000 as model, expectWellFormed, fileContents as contents, lcg } from './progress-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ProgressTracker', () => {
  it('throttles a million updates to about a hundred, monotonic, ending at total', () => {
    const calls: Progress[] = [];
    const t = new ProgressTracker((p) => calls.push(p), 1_000_000, 'rows', 'predict');
    t.start();
    for (let i = 1; i <= 1_000_000; i++) t.update(i);
    t.finish();
    expectWellFormed(calls, 'rows', 1_000_000);
    expect(calls.length).toBe(101);
    expect(calls.every((c) => c.phase === 'predict')).toBe(true);
  });

  it('reports each step of a short job, and the end once', () => {
    const calls: number[] = [];
    const t = new ProgressTracker((p) => calls.push(p.done), 3, 'epochs');
    t.start();
    t.update(1);
    t.update(1);
    t.update(0);
    t.update(3);
    t.finish();
    expect(calls).toEqual([0, 1, 3]);
  });
});

describe('onProgress on saves, streaming writes and convert (hdf5-wasm)', () => {
  const backend = hdf5Wasm();

  it('saveCoefficients streams coef in blocks and writes the same file', async () => {
    for (const layout of ['contiguous', 'column-chunked', 'float32', 'gzip'] as const) {
      const plain = join(dir, `save-${layout}.h5`);
      const streamed = join(dir, `save-${layout}-progress.h5`);
      await saveCoefficients(model(), plain, { backend, layout, chunkBytes: 2400, metadata: { n: 1 } });
      const calls: Progress[] = [];
      await saveCoefficients(model(), streamed, {
        backend,
        layout,
        chunkBytes: 2400, // chunks of 100 columns: blocks are whole chunks
        metadata: { n: 1 },
        blockBytes: 3 * 8 * 500,
        onProgress: (p) => calls.push(p),
      });
      expectWellFormed(calls, 'bytes', 3 * 5000 * 8);
      expect(calls.length).toBeGreaterThan(8);
      expect(calls[0]!.phase).toBe('coef');
      expect(await contents(backend, streamed)).toEqual(await contents(backend, plain));
    }
  });

  it('saveCoefficients to bytes (nothing to stream) reports the one file', async () => {
    const calls: Progress[] = [];
    const bytes = await saveCoefficients(model(), undefined, { backend, onProgress: (p) => calls.push(p) });
    expect(bytes.byteLength).toBeGreaterThan(3 * 5000 * 8);
    expect(calls.map((c) => [c.done, c.total, c.unit])).toEqual([
      [0, 1, 'files'],
      [1, 1, 'files'],
    ]);
  });

  it('createCoefficientWriter reports the bytes written, the whole at close()', async () => {
    const m = model();
    const c = m.getCoefficients();
    const calls: Progress[] = [];
    const path = join(dir, 'writer.h5');
    const writer = await createCoefficientWriter(path, {
      backend,
      estimator: m,
      coefShape: [3, 5000],
      intercept: c.intercept,
      classes: c.classes!,
      layout: 'float32',
      onProgress: (p) => calls.push(p),
    });
    for (let r = 0; r < 3; r++) await writer.writeRows(r, c.coef.slice(r * 5000, (r + 1) * 5000));
    expect(calls[calls.length - 1]!.done).toBe(2 * 5000 * 4);
    await writer.close();
    expectWellFormed(calls, 'bytes', 3 * 5000 * 4);
    expect(calls.map((p) => p.done)).toEqual([0, 5000 * 4, 2 * 5000 * 4, 3 * 5000 * 4]);
  });

  it('convertModelFile streams past the dataset limit, reporting bytes, with the same result', async () => {
    const source = join(dir, 'convert-src.h5');
    await saveCoefficients(model(), source, { backend, metadata: { kept: true } });
    for (const layout of ['column-chunked', 'gzip', 'contiguous'] as const) {
      const plain = join(dir, `convert-${layout}.h5`);
      const watched = join(dir, `convert-${layout}-progress.h5`);
      await convertModelFile(source, plain, { backend, layout, chunkBytes: 2400, blockBytes: 2_000 });
      const calls: Progress[] = [];
      // 120 kB of coef over a 50 kB limit: refused whole, streamed in ~2 kB blocks
      await convertModelFile(source, watched, {
        backend,
        layout,
        chunkBytes: 2400,
        blockBytes: 2_000,
        limits: { maxDatasetBytes: 50_000 },
        onProgress: (p) => calls.push(p),
      });
      expectWellFormed(calls, 'bytes', 3 * 5000 * 8);
      expect(calls.length).toBeGreaterThan(20);
      expect(await contents(backend, watched)).toEqual(await contents(backend, plain));
    }
  });

  it('convertModelFile in memory (sparse) reports the one file', async () => {
    const source = join(dir, 'convert-src-sparse.h5');
    await saveCoefficients(model(), source, { backend });
    const calls: Progress[] = [];
    await convertModelFile(source, join(dir, 'sparse.h5'), {
      backend,
      layout: 'sparse',
      onProgress: (p) => calls.push(p),
    });
    expectWellFormed(calls, 'files', 1);
  });
});

describe('onProgress on lazy batch predictions (openLinearModel)', () => {
  const backend = hdf5Wasm();

  /** 1,000 sparse rows over the 5,000 features, ~8 entries each. */
  function rows(): CsrMatrix {
    const r = lcg(9);
    const indptr = [0];
    const indices: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const cols = new Set(Array.from({ length: 8 }, () => Math.floor(r() * 5000)));
      for (const c of [...cols].sort((a, b) => a - b)) {
        indices.push(c);
        data.push(r() * 2 - 1);
      }
      indptr.push(indices.length);
    }
    return new CsrMatrix({ indptr, indices, data, shape: [1000, 5000] });
  }

  it('answers in batches of rows, reporting rows, with the same results as one call', async () => {
    const path = join(dir, 'lazy.h5');
    await saveCoefficients(model(), path, { backend, layout: 'column-chunked' });
    const lazy = await openLinearModel(path, { backend });
    const X = rows();
    for (const method of ['predict', 'decisionFunction', 'predictProba'] as const) {
      const whole = await lazy[method](X);
      const calls: Progress[] = [];
      const batched = await lazy[method](X, { onProgress: (p) => calls.push(p) });
      expect(batched).toEqual(whole);
      expectWellFormed(calls, 'rows', 1000);
      expect(calls.length).toBe(101); // batches of 10 rows
      expect(calls[0]!.phase).toBe(method);
      expect(await lazy[method](X, { batchRows: 333 })).toEqual(whole);
    }
    await expect(lazy.predict(X, { batchRows: 0 })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
    // dense rows too
    const dense = X.toDense().slice(0, 50);
    const calls: Progress[] = [];
    expect(await lazy.predict(dense, { onProgress: (p) => calls.push(p) })).toEqual(await lazy.predict(dense));
    expectWellFormed(calls, 'rows', 50);
    await lazy.close();
  });

  it('featurizes texts batch by batch, with the same results', async () => {
    const path = join(dir, 'lazy-texts.h5');
    await saveCoefficients(model(), path, { backend });
    const lazy = await openLinearModel(path, { backend, featurizer: new HashingVectorizer({ nFeatures: 5000 }) });
    const texts = Array.from({ length: 230 }, (_v, i) => `review ${i} was ${i % 3 ? 'great' : 'dull'} and ${i % 7}`);
    const calls: Progress[] = [];
    expect(await lazy.predictProba(texts, { onProgress: (p) => calls.push(p) })).toEqual(
      await lazy.predictProba(texts),
    );
    expectWellFormed(calls, 'rows', 230);
    await lazy.close();
  });
});
