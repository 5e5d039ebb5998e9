import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LogisticRegression,
  SGDClassifier,
  isIcepickleError,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

const X = [
  [0, 1],
  [1, 0],
  [2, 1],
  [0, 2],
];
const y = [false, true, true, false];

describe('boolean class labels (issue 19)', () => {
  it('fit on booleans: classes [false, true], bool dtype, predict returns booleans', () => {
    const model = new SGDClassifier({ shuffle: false, maxIter: 5, tol: null }).fit(X, y);
    expect(model.classes_).toEqual([false, true]);
    expect(model.getCoefficients().classDType).toBe('bool');
    const predicted = model.predict(X);
    for (const p of predicted) expect(typeof p).toBe('boolean');
    // the same model as with 0/1 labels
    const numeric = new SGDClassifier({ shuffle: false, maxIter: 5, tol: null }).fit(
      X,
      y.map((v) => (v ? 1 : 0)),
    );
    expect(model.coef_).toEqual(numeric.coef_);
    expect(predicted).toEqual(numeric.predict(X).map((v) => v === 1));
    model.partialFit([[1, 1]], [true]);
  });

  it('mixed booleans and numbers are refused', () => {
    try {
      new LogisticRegression().fit(X, [true, 1, 0, false]);
      throw new Error('expected an error');
    } catch (error) {
      expect(isIcepickleError(error) && error.code).toBe('INVALID_INPUT');
    }
  });

  it.runIf(hasSklearn())('a Python file with bool classes (h5py) loads as booleans and predicts booleans', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'icepickle-bool-')), 'bool.h5');
    const ref = runPythonCode<{ predict: boolean[] }>(
      String.raw`
import h5py, json, sys
import numpy as np
from sklearn.linear_model import LogisticRegression
d = json.load(sys.stdin)
m = LogisticRegression().fit(np.array(d["X"], dtype=float), np.array(d["y"], dtype=bool))
with h5py.File(d["path"], "w") as f:
    f["coef"] = m.coef_; f["intercept"] = m.intercept_; f["classes"] = m.classes_
print(json.dumps({"predict": m.predict(np.array(d["X"], dtype=float)).tolist()}))
`,
      { X, y, path },
    );
    const backend = hdf5Wasm();
    const model = await loadCoefficients(new LogisticRegression(), new Uint8Array(readFileSync(path)), { backend });
    expect(model.classes_).toEqual([false, true]);
    expect(model.predict(X)).toEqual(ref.predict);
    // saved on hdf5-wasm (as h5py's enum): Python reads numpy bools; both backends load booleans
    const saved = join(mkdtempSync(join(tmpdir(), 'icepickle-bool-')), 'saved.h5');
    await saveCoefficients(model, saved, { backend });
    const py = runPythonCode<{ dtype: string; classes: boolean[]; predict: boolean[] }>(
      String.raw`
import h5py, json, sys
import numpy as np
from sklearn.linear_model import LogisticRegression
d = json.load(sys.stdin)
sys.path.insert(0, d["python"])
from icepickle_ts import load_coefficients
with h5py.File(d["path"], "r") as f:
    dtype = str(f["classes"].dtype)
m = load_coefficients(LogisticRegression(), d["path"])
print(json.dumps({"dtype": dtype, "classes": m.classes_.tolist(), "predict": m.predict(np.array(d["X"], dtype=float)).tolist()}))
`,
      { X, path: saved, python: join(repoRoot, 'python') },
    );
    expect(py).toEqual({ dtype: 'bool', classes: [false, true], predict: ref.predict });
    for (const b of [backend, hdf5Node()]) {
      const back = await loadCoefficients(new LogisticRegression(), saved, { backend: b });
      expect(back.classes_).toEqual([false, true]);
      expect(back.predict(X)).toEqual(ref.predict);
    }
  });
});
