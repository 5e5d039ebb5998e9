import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelCollection, type Progress, SGDRegressor, type StorageBackend } from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { classifier3x5000 as classifier, expectWellFormed, fileContents as contents, lcg } from './progress-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-progress-collection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backend = hdf5Wasm();

/** 2,000 features, one axis (stored as float32: 8 kB). */
function regressor(): SGDRegressor {
  const r = lcg(11);
  return new SGDRegressor().setCoefficients({
    coef: Float64Array.from({ length: 2000 }, () => r() - 0.5),
    coefShape: [2000],
    intercept: Float64Array.of(1.5),
    interceptShape: [1],
  });
}

/** The two models under three names, and a document. */
function collection(path: string | undefined, storage: StorageBackend = backend): ModelCollection {
  return ModelCollection.create(path, { backend: storage })
    .put('chunked', classifier(), { layout: 'column-chunked', metadata: { n: 1 } })
    .put('plain', classifier())
    .put('small', regressor(), { layout: 'float32' })
    .putDocument('search', { best: 'chunked' });
}
const coefBytes = 2 * 3 * 5000 * 8 + 2000 * 4;

describe('ModelCollection.save({ onProgress })', () => {
  it('streams every coef in blocks, counting their bytes, and writes the same file', async () => {
    const plain = join(dir, 'plain.h5');
    const watched = join(dir, 'watched.h5');
    await collection(plain).save();
    const calls: Progress[] = [];
    await collection(watched).save(undefined, { blockBytes: 3 * 8 * 250, onProgress: (p) => calls.push(p) });
    expectWellFormed(calls, 'bytes', coefBytes);
    expect(calls.length).toBe(32); // start + 8 blocks (whole chunks of 682 columns) + 20 blocks + 3 blocks
    expect(calls.every((c) => c.phase === 'coef')).toBe(true);
    expect(await contents(backend, watched)).toEqual(await contents(backend, plain));
    const back = await ModelCollection.open(watched, { backend });
    expect(back.names()).toEqual(['chunked', 'plain', 'small']);
    expect(back.load('chunked').getCoefficients().coef).toEqual(classifier().getCoefficients().coef);
    expect(back.load('small').getCoefficients().coef).toEqual(
      Float64Array.from(Float32Array.from(regressor().getCoefficients().coef)),
    );
    expect(back.getDocument('search')).toEqual({ best: 'chunked' });
  });

  it('streams the same way through hdf5-node (libhdf5): the same datasets as its plain save', async () => {
    const native = hdf5Node();
    const plain = join(dir, 'native-plain.h5');
    const watched = join(dir, 'native-watched.h5');
    await collection(plain, native).save();
    const calls: Progress[] = [];
    await collection(watched, native).save(undefined, { blockBytes: 3 * 8 * 250, onProgress: (p) => calls.push(p) });
    expectWellFormed(calls, 'bytes', coefBytes);
    expect(calls.length).toBeGreaterThan(20);
    expect(await contents(native, watched)).toEqual(await contents(native, plain));
  });

  it('saving to bytes (nothing to stream) reports the one file', async () => {
    const calls: Progress[] = [];
    const bytes = await collection(undefined).save(undefined, { onProgress: (p) => calls.push(p) });
    expect(bytes!.byteLength).toBeGreaterThan(coefBytes);
    expect(calls.map((c) => [c.done, c.total, c.unit])).toEqual([
      [0, 1, 'files'],
      [1, 1, 'files'],
    ]);
  });

  it('a collection of documents only reports the one file', async () => {
    const calls: Progress[] = [];
    const path = join(dir, 'documents.h5');
    await ModelCollection.create(path, { backend })
      .putDocument('a', [1, 2])
      .save(undefined, { onProgress: (p) => calls.push(p) });
    expectWellFormed(calls, 'files', 1);
    expect((await ModelCollection.open(path, { backend })).getDocument('a')).toEqual([1, 2]);
  });

  it('an onProgress that throws aborts the save: nothing after it, the previous file intact', async () => {
    const path = join(dir, 'aborted.h5');
    await ModelCollection.create(path, { backend }).put('old', regressor()).save();
    const before = readFileSync(path);
    const calls: Progress[] = [];
    const stop = new Error('stop');
    const saving = collection(path).save(undefined, {
      blockBytes: 3 * 8 * 250,
      onProgress: (p) => {
        calls.push(p);
        if (calls.length === 5) throw stop;
      },
    });
    await expect(saving).rejects.toBe(stop);
    expect(calls.length).toBe(5);
    expect(calls[4]!.done).toBeLessThan(coefBytes);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect((await ModelCollection.open(path, { backend })).names()).toEqual(['old']);
  });

  it('a write that fails reports no end and leaves no file', async () => {
    const path = join(dir, 'missing-dir', 'c.h5');
    const calls: Progress[] = [];
    await expect(collection(path).save(undefined, { onProgress: (p) => calls.push(p) })).rejects.toMatchObject({
      name: 'IcepickleError',
    });
    expect(calls.every((c) => c.done < c.total)).toBe(true);
    expect(existsSync(path)).toBe(false);
  });
});
