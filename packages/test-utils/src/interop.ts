import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FileToWrite,
  type LinearModel,
  LogisticRegression,
  type StorageBackend,
  SGDClassifier,
  SGDRegressor,
  isIcepickleError,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { fixturePath, repoRoot } from './fixtures.js';
import { assertModelParity, estimatorForFixture, modelFixture, modelFixtureNames } from './model-fixtures.js';
import { hasSklearn, runPythonJson } from './python.js';

const interopScript = join(repoRoot, 'packages/test-utils/python/icepickle_interop.py');

/**
 * Interop with Python icepickle, both ways, for one backend: every scikit-learn fixture file loads and
 * predicts as scikit-learn did; every file we write is read by h5py into a real scikit-learn estimator
 * that predicts exactly as the original; malformed files get typed errors and leave the model alone.
 */
export function testPythonInterop(name: string, makeBackend: () => StorageBackend | Promise<StorageBackend>): void {
  const dir = mkdtempSync(join(tmpdir(), `icepickle-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const backend = () => Promise.resolve(makeBackend());

  loadsPythonFiles(name, backend);
  writesForPython(name, backend, dir);
  refusesMalformedFiles(name, backend, dir);
}

function loadsPythonFiles(name: string, backend: () => Promise<StorageBackend>): void {
  describe(`${name}: Python icepickle files load and predict as scikit-learn`, () => {
    for (const fixture of modelFixtureNames()) {
      it(`${fixture} (path and bytes)`, async () => {
        const f = modelFixture(fixture);
        const path = fixturePath(`models/${f.h5_file}`);
        const fromPath = await loadCoefficients(estimatorForFixture(f), path, { backend: await backend() });
        assertModelParity(fromPath, f, expect);
        const fromBytes = await loadCoefficients(estimatorForFixture(f), new Uint8Array(readFileSync(path)), {
          backend: await backend(),
        });
        assertModelParity(fromBytes, f, expect);
      });
    }
  });
}

function writesForPython(name: string, backend: () => Promise<StorageBackend>, dir: string): void {
  describe(`${name}: files we write are read by h5py and scikit-learn`, () => {
    it('every model round-trips through Python icepickle with identical predictions', async () => {
      const b = await backend();
      const jobs: { h5: string; estimator: string; params: Record<string, unknown>; X: number[][] }[] = [];
      const expected: ReturnType<typeof modelFixture>[] = [];
      for (const fixture of modelFixtureNames()) {
        const f = modelFixture(fixture);
        const model = await loadCoefficients(estimatorForFixture(f), fixturePath(`models/${f.h5_file}`), {
          backend: b,
        });
        const viaPath = join(dir, `${fixture}.h5`);
        expect(await saveCoefficients(model, viaPath, { backend: b })).toBeUndefined();
        const bytes = await saveCoefficients(model, undefined, { backend: b });
        expect(bytes).toBeInstanceOf(Uint8Array);
        const viaBytes = join(dir, `${fixture}.bytes.h5`);
        writeFileSync(viaBytes, bytes);
        // What we wrote loads back in TypeScript, from bytes, into another estimator class too.
        assertModelParity(await loadCoefficients(estimatorForFixture(f), bytes, { backend: b }), f, expect);
        for (const h5 of [viaPath, viaBytes]) {
          jobs.push({ h5, estimator: f.estimator, params: f.params, X: [...f.X, ...(f.edge?.X ?? [])] });
          expected.push(f);
        }
      }
      if (!hasSklearn()) return;
      const results = runPythonJson<any[]>(interopScript, jobs);
      results.forEach((r, i) => {
        const f = expected[i]!;
        const h5 = JSON.parse(readFileSync(fixturePath(`models/${f.name}.json`), 'utf8')).h5_datasets;
        expect(r.datasets, `${jobs[i]!.h5}: datasets as h5py sees them`).toEqual(h5);
        expect(r.predict, `${f.name}: scikit-learn's predict on our file`).toEqual([
          ...f.predict,
          ...(f.edge?.predict ?? []),
        ]);
        if (f.decision_function)
          expect(r.decision_function).toEqual([...f.decision_function, ...(f.edge?.decision_function ?? [])]);
        if (f.predict_proba) expect(r.predict_proba).toEqual([...f.predict_proba, ...(f.edge?.predict_proba ?? [])]);
      });
    });

    it('string class labels survive the trip to Python', async () => {
      const b = await backend();
      const clf = new LogisticRegression().setCoefficients({
        coef: Float64Array.from([1, -1, 0, 0, -1, 1]),
        coefShape: [3, 2],
        intercept: new Float64Array(3),
        interceptShape: [3],
        classes: ['ant', 'bée', '🐝'],
      });
      const path = join(dir, 'strings.h5');
      await saveCoefficients(clf, path, { backend: b });
      const back = await loadCoefficients(new SGDClassifier(), path, { backend: b });
      expect(back.classes_).toEqual(['ant', 'bée', '🐝']);
      if (!hasSklearn()) return;
      const [r] = runPythonJson<any[]>(interopScript, [
        {
          h5: path,
          estimator: 'LogisticRegression',
          params: {},
          X: [
            [2, 0],
            [0, 2],
            [-1, -1],
          ],
        },
      ]);
      expect(r.predict).toEqual(
        clf.predict([
          [2, 0],
          [0, 2],
          [-1, -1],
        ]),
      );
    });
  });
}

function refusesMalformedFiles(name: string, backend: () => Promise<StorageBackend>, dir: string): void {
  describe(`${name}: malformed files are typed errors and leave the model untouched`, () => {
    const f = () => modelFixture('logreg_breast_cancer');
    const fitted = async () =>
      loadCoefficients(estimatorForFixture(f()), fixturePath('models/logreg_breast_cancer.h5'), {
        backend: await backend(),
      });
    const write = async (file: FileToWrite) => (await (await backend()).write(undefined, file))!;
    const cases = [...shapeCases(write), ...byteCases()];
    for (const [label, make, code, message] of cases) {
      it(label, async () => {
        const model = await fitted();
        const before = {
          coef: model.coef_,
          intercept: model.intercept_,
          classes: (model as LogisticRegression).classes_,
        };
        const bytes = await make();
        const path = join(dir, `bad-${label.replace(/\W+/g, '-')}.h5`);
        writeFileSync(path, bytes);
        for (const source of [bytes, path]) {
          const error = await loadCoefficients(model, source, { backend: await backend() }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isIcepickleError(error), `${label}: ${String(error)}`).toBe(true);
          expect((error as { code: string }).code, `${label}: ${String(error)}`).toBe(code);
          expect((error as Error).message).toMatch(message);
          if (typeof source === 'string') expect((error as Error).message).toContain(path);
        }
        expect({
          coef: model.coef_,
          intercept: model.intercept_,
          classes: (model as LogisticRegression).classes_,
        }).toEqual(before);
      });
    }

    it('a missing file is FILE_NOT_FOUND', async () => {
      const error = await loadCoefficients(new SGDRegressor(), join(dir, 'nope.h5'), {
        backend: await backend(),
      }).catch((e: unknown) => e);
      expect(isIcepickleError(error, 'FILE_NOT_FOUND')).toBe(true);
    });
  });
}

type MalformedCase = [string, () => Promise<Uint8Array>, string, RegExp];

const coef = (shape: number[], n = shape.reduce((a, c) => a * c, 1)) => ({
  dtype: 'float64' as const,
  shape,
  data: new Float64Array(n).fill(0.5),
});

const classes = (n: number) => ({
  path: '/classes',
  array: { dtype: 'int64' as const, shape: [n], data: BigInt64Array.from({ length: n }, (_v, i) => BigInt(i)) },
});

/** Model files with the wrong datasets, shapes, dtypes or values. */
function shapeCases(write: (file: FileToWrite) => Promise<Uint8Array>): MalformedCase[] {
  return [
    [
      'missing intercept',
      () => write({ datasets: [{ path: '/coef', array: coef([1, 30]) }, classes(2)] }),
      'MISSING_DATASET',
      /"\/intercept" is missing/,
    ],
    [
      'coef of rank 3',
      () =>
        write({
          datasets: [{ path: '/coef', array: coef([1, 2, 15]) }, { path: '/intercept', array: coef([1]) }, classes(2)],
        }),
      'INVALID_SHAPE',
      /rank 3/,
    ],
    [
      'intercept longer than coef rows',
      () =>
        write({
          datasets: [{ path: '/coef', array: coef([3, 30]) }, { path: '/intercept', array: coef([2]) }, classes(3)],
        }),
      'INVALID_SHAPE',
      /intercept has 2 values but coef has 3 rows/,
    ],
    [
      'binary coef with 3 classes',
      () =>
        write({
          datasets: [{ path: '/coef', array: coef([1, 30]) }, { path: '/intercept', array: coef([1]) }, classes(3)],
        }),
      'INVALID_SHAPE',
      /1 row but there are 3 classes/,
    ],
    [
      'classes disagreeing with coef rows',
      () =>
        write({
          datasets: [{ path: '/coef', array: coef([4, 30]) }, { path: '/intercept', array: coef([4]) }, classes(3)],
        }),
      'INVALID_SHAPE',
      /4 rows but there are 3 classes/,
    ],
    [
      'string coef',
      () =>
        write({
          datasets: [
            { path: '/coef', array: { dtype: 'utf8', shape: [2], data: ['a', 'b'] } },
            { path: '/intercept', array: coef([1]) },
            classes(2),
          ],
        }),
      'INVALID_DTYPE',
      /"\/coef" has dtype utf8/,
    ],
    [
      'NaN coefficient',
      () =>
        write({
          datasets: [
            { path: '/coef', array: { dtype: 'float64', shape: [1, 30], data: new Float64Array(30).fill(NaN) } },
            { path: '/intercept', array: coef([1]) },
            classes(2),
          ],
        }),
      'NON_FINITE',
      /NaN/,
    ],
  ];
}

/** Bytes that are not an HDF5 file at all. */
function byteCases(): MalformedCase[] {
  return [
    [
      'not HDF5 (a pickle)',
      async () =>
        new Uint8Array([
          0x80, 0x04, 0x95, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x94, 0x2e,
        ]),
      'NOT_HDF5',
      /./,
    ],
    ['empty file', async () => new Uint8Array(0), 'NOT_HDF5', /./],
    [
      'truncated file',
      async () => new Uint8Array(readFileSync(fixturePath('models/logreg_breast_cancer.h5'))).slice(0, 900),
      'NOT_HDF5',
      /./,
    ],
  ];
}

export type { LinearModel };
