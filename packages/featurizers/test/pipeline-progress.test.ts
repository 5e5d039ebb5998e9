import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Progress, SGDClassifier, makePipeline } from '@icepickle/core';
import { HashingVectorizer, loadPipeline, savePipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-pipeline-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend = hdf5Wasm();
const nFeatures = 2 ** 12;
const texts = ['a great film', 'a dull film', 'great acting, loved it', 'boring and dull', 'superb', 'awful'];
const y = ['pos', 'neg', 'pos', 'neg', 'pos', 'neg'];

/** HashingVectorizer (4,096 features) + a 3-class SGDClassifier: 3 × 4,096 float64 of coef (96 kB). */
function fitted() {
  const pipe = makePipeline(
    new HashingVectorizer({ nFeatures }),
    new SGDClassifier({ loss: 'log_loss', shuffle: false, maxIter: 5, tol: null }),
  );
  return pipe.fit([...texts, 'so-so', 'meh'], [...y, 'mid', 'mid']);
}
const coefBytes = 3 * nFeatures * 8;

/** What a progress callback must see: done 0 first, strictly growing, at most ~100 in between, total last. */
function expectWellFormed(calls: Progress[], unit: string, total: number): void {
  expect(calls[0]!.done).toBe(0);
  for (let i = 1; i < calls.length; i++) expect(calls[i]!.done).toBeGreaterThan(calls[i - 1]!.done);
  expect(calls.length).toBeLessThanOrEqual(102);
  expect(calls.at(-1)!.done).toBe(total);
  expect(calls.every((c) => c.unit === unit && c.total === total)).toBe(true);
}

describe('savePipeline({ onProgress })', () => {
  it('streams the estimator coef in blocks, counting its bytes; the file loads the same', async () => {
    const pipe = fitted();
    const plain = join(dir, 'plain.h5');
    const watched = join(dir, 'watched.h5');
    await savePipeline(pipe, plain, { backend, layout: 'gzip', chunkBytes: 3 * 8 * 256 });
    const calls: Progress[] = [];
    await savePipeline(pipe, watched, {
      backend,
      layout: 'gzip',
      chunkBytes: 3 * 8 * 256, // chunks of 256 columns: 16 blocks of one chunk each
      blockBytes: 3 * 8 * 256,
      onProgress: (p) => calls.push(p),
    });
    expectWellFormed(calls, 'bytes', coefBytes);
    expect(calls.map((c) => c.done)).toEqual(Array.from({ length: 17 }, (_v, i) => i * 3 * 256 * 8));
    expect(calls.every((c) => c.phase === 'coef')).toBe(true);
    const [a, b] = [await loadPipeline(plain, { backend }), await loadPipeline(watched, { backend })];
    expect(b.steps.map(([n]) => n)).toEqual(a.steps.map(([n]) => n));
    expect(b.decisionFunction(texts)).toEqual(pipe.decisionFunction(texts));
    expect(b.decisionFunction(texts)).toEqual(a.decisionFunction(texts));
    const [plainFile, watchedFile] = [await backend.open(plain), await backend.open(watched)];
    expect(watchedFile.list()).toEqual(plainFile.list());
    await plainFile.close();
    await watchedFile.close();
  });

  it('saving to bytes (nothing to stream) reports the one file', async () => {
    const calls: Progress[] = [];
    const bytes = await savePipeline(fitted(), undefined, { backend, onProgress: (p) => calls.push(p) });
    expect(bytes!.byteLength).toBeGreaterThan(coefBytes);
    expect(calls.map((c) => [c.done, c.total, c.unit])).toEqual([
      [0, 1, 'files'],
      [1, 1, 'files'],
    ]);
  });

  it('an onProgress that throws aborts the save: nothing after it, the previous file intact', async () => {
    const path = join(dir, 'aborted.h5');
    await savePipeline(fitted(), path, { backend });
    const before = readFileSync(path);
    const calls: Progress[] = [];
    const stop = new Error('stop');
    const saving = savePipeline(fitted(), path, {
      backend,
      blockBytes: 3 * 8 * 256,
      onProgress: (p) => {
        calls.push(p);
        if (calls.length === 3) throw stop;
      },
    });
    await expect(saving).rejects.toBe(stop);
    expect(calls.map((c) => c.done)).toEqual([0, 3 * 256 * 8, 2 * 3 * 256 * 8]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a write that fails reports no end and leaves no file', async () => {
    const path = join(dir, 'missing-dir', 'p.h5');
    const calls: Progress[] = [];
    await expect(savePipeline(fitted(), path, { backend, onProgress: (p) => calls.push(p) })).rejects.toMatchObject({
      name: 'IcepickleError',
    });
    expect(calls.every((c) => c.done < c.total)).toBe(true);
    expect(existsSync(path)).toBe(false);
  });
});
