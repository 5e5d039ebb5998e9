import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ElasticNet,
  Lasso,
  type LinearModel,
  LinearSVC,
  LinearSVR,
  Perceptron,
  Ridge,
  RidgeClassifier,
  createEstimator,
  estimatorNames,
  fromSklearnParams,
  isIcepickleError,
  loadCoefficients,
  readMetadata,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { type ModelFixture, assertModelParity, runPythonCode } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { flat, relativeError } from './linear-live.js';

/**
 * The seven classes as data, through the wasm backend: models fitted by scikit-learn 1.2.1 and saved by
 * h5py exactly as Python icepickle does (fixtures/linear/generate.py) load and predict what scikit-learn
 * predicted; models fitted here save, load back, and are read by Python into scikit-learn estimators that
 * predict what we predict.
 */
const backend = hdf5Wasm();
const MODELS = fileURLToPath(new URL('./fixtures/linear/models/', import.meta.url));
const names = readdirSync(MODELS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const tmp = mkdtempSync(join(tmpdir(), 'icepickle-linear-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fixture(name: string): ModelFixture {
  return JSON.parse(readFileSync(join(MODELS, `${name}.json`), 'utf8')) as ModelFixture;
}

describe('scikit-learn models saved by Python icepickle load and predict as scikit-learn (wasm backend)', () => {
  it('covers all seven classes', () => {
    const classes = new Set(names.map((n) => fixture(n).estimator));
    expect([...classes].sort()).toEqual(
      ['ElasticNet', 'Lasso', 'LinearSVC', 'LinearSVR', 'Perceptron', 'Ridge', 'RidgeClassifier'].sort(),
    );
  });

  for (const name of names) {
    it(name, async () => {
      const f = fixture(name);
      // every scikit-learn parameter is one of ours
      const model = createEstimator(f.estimator, fromSklearnParams(f.params));
      await loadCoefficients(model, readFileSync(join(MODELS, f.h5_file)), { backend });
      expect(flat(model.coef_ as number[])).toEqual(flat(f.coef as number[]));
      expect(model.getCoefficients().interceptShape).toEqual(f.intercept_shape);
      // labels equal; decisions within tolerances.decisionRelative (1e-12 of Σ|x·w|); score
      assertModelParity(model, f, expect);
    });
  }
});

/** Fits one model of each trainable class here; the others get coefficients as if loaded. */
function fittedHere(): LinearModel<object>[] {
  const X = [
    [1, 2, 0],
    [2, 0, 1],
    [0, 1, 3],
    [3, 1, 1],
    [1, 3, 2],
    [2, 2, 2],
  ];
  const y = [0.5, 1.5, -1, 2.5, 0, 1];
  const labels = ['ant', 'bee', 'ant', 'cat', 'bee', 'cat'];
  const loaded = (
    m: LinearModel<object>,
    coefShape: number[],
    interceptShape: number[],
    classes?: string[],
  ): LinearModel<object> =>
    m.setCoefficients({
      coef: Float64Array.from({ length: coefShape.reduce((p, d) => p * d, 1) }, (_v, i) => (i % 5) - 2.25),
      coefShape,
      intercept: Float64Array.from({ length: interceptShape[0] ?? 1 }, (_v, i) => 0.75 - i),
      interceptShape,
      ...(classes ? { classes } : {}),
    });
  return [
    new Ridge({ alpha: 0.3 }).fit(X, y),
    new Ridge({ fitIntercept: false, alpha: [1, 2] }).fit(
      X,
      y.map((v) => [v, -v]),
    ),
    new RidgeClassifier().fit(X, labels),
    new RidgeClassifier({ fitIntercept: false }).fit(X, labels),
    new Perceptron({ shuffle: false }).fit(X, labels),
    loaded(new Lasso(), [3], []),
    loaded(new ElasticNet(), [2, 3], []), // scikit-learn's 0.0 without an intercept, for two targets
    loaded(new LinearSVC(), [1, 3], [1], ['no', 'yes']),
    loaded(new LinearSVC({ fitIntercept: false }), [3, 3], [], ['a', 'b', 'c']),
    loaded(new LinearSVR(), [3], [1]),
  ];
}

describe('models fitted here round-trip through the wasm backend and into Python', () => {
  const X = [
    [1, 2, 0],
    [0.5, -1, 4],
    [3, 3, 3],
  ];

  it('save → load gives the same coefficients, shapes, labels and predictions, and names the class', async () => {
    for (const model of fittedHere()) {
      const bytes = await saveCoefficients(model, undefined, { backend });
      expect((await readMetadata(bytes, { backend })).estimator).toBe(model.className);
      const back = await loadCoefficients(
        createEstimator(model.className, model.getParams() as Record<string, unknown>),
        bytes,
        { backend },
      );
      expect(back.getCoefficients()).toEqual(model.getCoefficients());
      expect((back as unknown as { predict(X: number[][]): unknown }).predict(X)).toEqual(
        (model as unknown as { predict(X: number[][]): unknown }).predict(X),
      );
    }
  });

  it("Python reads our files into scikit-learn's classes, which predict what we predict", async () => {
    const models = fittedHere();
    const files: string[] = [];
    for (const [i, model] of models.entries()) {
      const path = join(tmp, `${i}.h5`);
      writeFileSync(path, await saveCoefficients(model, undefined, { backend }));
      files.push(path);
    }
    const code = `
import json, sys, h5py, numpy as np
import sklearn.linear_model as lm, sklearn.svm as svm
d = json.load(sys.stdin)
out = []
for path, name in zip(d['files'], d['names']):
    est = getattr(lm, name, None) or getattr(svm, name)
    m = est()
    with h5py.File(path, 'r') as hf:  # exactly icepickle's load_coefficients
        m.coef_ = hf['coef'][:]
        m.intercept_ = hf['intercept'][:] if len(hf['intercept'].shape) != 0 else hf['intercept'][()]
        if 'classes' in hf:
            classes = np.array([c.decode() if isinstance(c, bytes) else c for c in hf['classes'][:]])
            if name == 'RidgeClassifier':
                # classes_ is a read-only property there (icepickle's setattr fails): set what it reads
                from sklearn.preprocessing import LabelBinarizer
                m._label_binarizer = LabelBinarizer(pos_label=1, neg_label=-1).fit(classes)
            else:
                m.classes_ = classes
    X = np.array(d['X'], dtype=float)
    out.append(np.asarray(m.predict(X)).tolist())
print(json.dumps(out))
`;
    const python = runPythonCode<unknown[]>(code, { files, names: models.map((m) => m.className), X });
    models.forEach((model, i) => {
      const ours = (model as unknown as { predict(X: number[][]): unknown[] }).predict(X);
      if (model.estimatorType === 'classifier') expect(python[i], model.className).toEqual(ours);
      else
        expect(relativeError(flat(python[i] as number[]), flat(ours as number[])), model.className).toBeLessThan(1e-12);
    });
  });
});

describe('Perceptron keeps its training state in the file', () => {
  it('partialFit, save, load, partialFit equals never having stopped', async () => {
    const X = [
      [1, 2, 0],
      [2, 0, 1],
      [0, 1, 3],
      [3, 1, 1],
    ];
    const y = [0, 1, 0, 1];
    const straight = new Perceptron({ penalty: 'l2', alpha: 0.01 }).partialFit(X, y, { classes: [0, 1] });
    const bytes = await saveCoefficients(straight, undefined, { backend });
    const resumed = await loadCoefficients(new Perceptron({ penalty: 'l2', alpha: 0.01 }), bytes, { backend });
    straight.partialFit(X, y);
    resumed.partialFit(X, y);
    expect(resumed.t_).toBe(straight.t_);
    expect(flat(resumed.coef_)).toEqual(flat(straight.coef_));
  });
});

describe('registry', () => {
  it('lists the seven new classes; createEstimator builds each with its className', () => {
    for (const name of ['Ridge', 'RidgeClassifier', 'Perceptron', 'Lasso', 'ElasticNet', 'LinearSVC', 'LinearSVR']) {
      expect(estimatorNames).toContain(name);
      expect(createEstimator(name).className).toBe(name);
    }
  });

  it("LinearSVC and LinearSVR refuse fit, naming scikit-learn's class", () => {
    const cases: [LinearModel<object> & { fit(X: unknown, y: unknown): unknown }, string][] = [
      [new LinearSVC(), 'sklearn.svm.LinearSVC'],
      [new LinearSVR(), 'sklearn.svm.LinearSVR'],
    ];
    for (const [model, python] of cases) {
      try {
        model.fit([[1]], [1]);
        expect.unreachable();
      } catch (e) {
        expect(isIcepickleError(e, 'NOT_SUPPORTED')).toBe(true);
        expect((e as { detail: string }).detail).toBe(
          `train ${model.className} in Python (${python}) and load it; fit is not available in TypeScript`,
        );
      }
    }
  });
});
