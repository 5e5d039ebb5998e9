import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LinearRegression,
  LogisticRegression,
  ModelCollection,
  SGDClassifier,
  isIcepickleError,
  loadCoefficients,
  readMetadata,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { fixturePath, runPythonCode, hasSklearn } from '@icepickle/test-utils';

const backend = hdf5Wasm();
const dir = mkdtempSync(join(tmpdir(), 'icepickle-collection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ModelCollection', () => {
  it('keeps several named models and documents; saves atomically; h5py reads each model', async () => {
    const iris = await loadCoefficients(new LogisticRegression(), fixturePath('models/logreg_iris.h5'), { backend });
    const diabetes = await loadCoefficients(new LinearRegression(), fixturePath('models/linreg_diabetes.h5'), {
      backend,
    });
    const path = join(dir, 'models.h5');
    const c = await ModelCollection.open(path, { backend, create: true });
    expect(c.names()).toEqual([]);
    c.put('iris', iris, { metadata: { cv: 0.97 } })
      .put('diabetes', diabetes)
      .putDocument('results', { done: [1, 2, 3] });
    await c.save();

    const back = await ModelCollection.open(path, { backend });
    expect(back.names()).toEqual(['diabetes', 'iris']);
    expect(back.entries().map((e) => e.estimator)).toEqual(['LinearRegression', 'LogisticRegression']);
    expect(back.entries()[1]!.metadata.user).toEqual({ cv: 0.97 });
    expect(back.getDocument('results')).toEqual({ done: [1, 2, 3] });
    const X = [
      [5.1, 3.5, 1.4, 0.2],
      [6.7, 3.0, 5.2, 2.3],
    ];
    const reloaded = back.load<LogisticRegression>('iris');
    expect(reloaded).toBeInstanceOf(LogisticRegression);
    expect(reloaded.predictProba(X)).toEqual(iris.predictProba(X));
    expect(back.load('diabetes', new LinearRegression()).intercept_).toBe(diabetes.intercept_);
    // Loaded into another class (fine-tuning pattern).
    expect(back.load('iris', new SGDClassifier()).decisionFunction(X)).toEqual(iris.decisionFunction(X));

    back.remove('diabetes');
    await back.save();
    expect((await ModelCollection.open(path, { backend })).names()).toEqual(['iris']);

    if (hasSklearn()) {
      const seen = runPythonCode<{ shape: number[]; intercept: number[] }>(
        `import h5py, json, sys\nf = h5py.File(sys.argv[1] if len(sys.argv) > 1 else ${JSON.stringify(path)}, "r")\nprint(json.dumps({"shape": list(f["models/iris/coef"].shape), "intercept": f["models/iris/intercept"][:].tolist()}))`,
      );
      expect(seen).toEqual({ shape: [3, 4], intercept: iris.intercept_ });
    }
  });

  it('errors: unknown name, invalid name, not a collection; a failed save leaves the old file', async () => {
    const path = join(dir, 'c2.h5');
    const c = ModelCollection.create(path, { backend });
    expect(() => c.load('nope')).toThrowError(/no model named "nope"/);
    expect(() => c.put('a/b', new LogisticRegression())).toThrowError(/invalid entry name/);
    const iris = await loadCoefficients(new LogisticRegression(), fixturePath('models/logreg_iris.h5'), { backend });
    await c.put('iris', iris).save();
    const before = readFileSync(path);
    const notCollection = join(dir, 'single.h5');
    await saveCoefficients(iris, notCollection, { backend });
    expect(
      isIcepickleError(
        await ModelCollection.open(notCollection, { backend }).catch((e: unknown) => e),
        'INVALID_INPUT',
      ),
    ).toBe(true);
    // Saving into a folder that does not exist fails without touching anything.
    const failed = await c.save(join(dir, 'missing-dir', 'x.h5')).catch((e: unknown) => e);
    expect(isIcepickleError(failed)).toBe(true);
    expect(readFileSync(path)).toEqual(before);
  });

  it('typed metadata travels with a model and a newer format is refused', async () => {
    const iris = await loadCoefficients(new LogisticRegression({ C: 0.5 }), fixturePath('models/logreg_iris.h5'), {
      backend,
    });
    const bytes = await saveCoefficients(iris, undefined, {
      backend,
      metadata: { sklearn_version: '1.2.1', cv_score: 0.95 },
    });
    const meta = await readMetadata(bytes, { backend });
    expect(meta.estimator).toBe('LogisticRegression');
    expect(meta.params).toMatchObject({ C: 0.5, max_iter: 100, multi_class: 'auto' });
    expect(meta.paramsCamel).toMatchObject({ C: 0.5, maxIter: 100 });
    expect(meta.nFeaturesIn).toBe(4);
    expect(meta.user).toEqual({ sklearn_version: '1.2.1', cv_score: 0.95 });
    expect(await readMetadata(fixturePath('models/logreg_iris.h5'), { backend })).toMatchObject({
      estimator: undefined,
      format: undefined,
    });

    const newer = await backend.write(undefined, {
      attrs: { icepickle_format: 'icepickle', icepickle_format_version: '9.0.0' },
      datasets: [
        { path: '/coef', array: { dtype: 'float64', shape: [1, 1], data: Float64Array.of(1) } },
        { path: '/intercept', array: { dtype: 'float64', shape: [1], data: Float64Array.of(0) } },
        { path: '/classes', array: { dtype: 'int64', shape: [2], data: BigInt64Array.of(0n, 1n) } },
      ],
    });
    const error = await loadCoefficients(new LogisticRegression(), newer!, { backend }).catch((e: unknown) => e);
    expect(isIcepickleError(error, 'UNSUPPORTED_VERSION')).toBe(true);
    expect(String((error as Error).message)).toMatch(/format 9\.0\.0/);
    writeFileSync(join(dir, 'unused'), '');
  });
});
