import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SGDClassifier,
  SGDClassifierPredictor,
  isIcepickleError,
  loadCoefficients,
  openLinearModel,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

/** Rewrites a file's recorded parameters with h5py, as a hostile or broken producer could. */
function recordParams(path: string, sklearn: Record<string, unknown>, camel?: Record<string, unknown>): void {
  runPythonCode(
    String.raw`
import h5py, json, sys
req = json.load(sys.stdin)
with h5py.File(req["path"], "r+") as f:
    p = json.loads(f.attrs["params"]); p.update(req["sk"]); f.attrs["params"] = json.dumps(p)
    if req["camel"] is None: del f.attrs["params_camel"]
    else:
        c = json.loads(f.attrs["params_camel"]); c.update(req["camel"]); f.attrs["params_camel"] = json.dumps(c)
print("null")
`,
    { path, sk: sklearn, camel: camel ?? null },
  );
}

async function expectInvalidParameter(promise: Promise<unknown>, param: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(isIcepickleError(error) && error.code).toBe('INVALID_PARAMETER');
    if (isIcepickleError(error)) expect(error.detail).toContain(param);
    return;
  }
  throw new Error('expected INVALID_PARAMETER');
}

describe.runIf(hasSklearn())('parameters recorded in a file are checked at load (issue 18, item 4)', () => {
  const backend = hdf5Wasm();
  const dir = mkdtempSync(join(tmpdir(), 'icepickle-params-'));
  const model = new SGDClassifier({ shuffle: false, maxIter: 5, tol: null }).fit(
    [
      [0, 1],
      [1, 0],
    ],
    [0, 1],
  );

  async function fileWith(name: string, sk: Record<string, unknown>, camel?: Record<string, unknown>) {
    const path = join(dir, `${name}.h5`);
    writeFileSync(path, await saveCoefficients(model, undefined, { backend }));
    recordParams(path, sk, camel);
    return new Uint8Array(readFileSync(path));
  }

  it('loss "os.system" (camelCase record) is refused by loadCoefficients and openLinearModel', async () => {
    const bytes = await fileWith('loss', { loss: 'os.system' }, { loss: 'os.system' });
    await expectInvalidParameter(loadCoefficients(new SGDClassifier(), bytes, { backend }), 'loss');
    await expectInvalidParameter(loadCoefficients(new SGDClassifierPredictor(), bytes, { backend }), 'loss');
    await expectInvalidParameter(openLinearModel(bytes, { backend }), 'loss');
  });

  it('alpha -1 in a Python-style file (scikit-learn names only) is refused at load', async () => {
    const bytes = await fileWith('alpha', { alpha: -1 });
    await expectInvalidParameter(loadCoefficients(new SGDClassifier(), bytes, { backend }), 'alpha');
  });

  it('an unknown recorded name is refused, listing the valid ones', async () => {
    const bytes = await fileWith('unknown', { learningrate: 'x' });
    await expectInvalidParameter(loadCoefficients(new SGDClassifier(), bytes, { backend }), 'learningrate');
  });

  it('valid recorded parameters load as before', async () => {
    const bytes = await fileWith('ok', { alpha: 0.01 }, { alpha: 0.01 });
    const loaded = await loadCoefficients(new SGDClassifier(), bytes, { backend });
    expect(loaded.coef_).toEqual(model.coef_);
  });
});
