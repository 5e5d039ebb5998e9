import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SGDClassifier,
  isIcepickleError,
  makePartialPipeline,
  makePartialUnion,
  saveCoefficients,
} from '@icepickle/core';
import { HashingVectorizer, loadPipeline, savePipeline } from '@icepickle/featurizers';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, loadFixture, repoRoot, runPythonCode } from '@icepickle/test-utils';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = loadFixture<{ texts: string[]; y: number[]; classes: number[] }>(
  'pipeline/readme_partial_pipeline.json',
);

function trained() {
  const pipe = makePartialPipeline(
    makePartialUnion(new HashingVectorizer(), new HashingVectorizer({ ngramRange: [2, 3], analyzer: 'char' })),
    new SGDClassifier({ shuffle: false, loss: 'log_loss' }),
  );
  for (let round = 0; round < 3; round++) pipe.partialFit(fixture.texts, fixture.y, { classes: fixture.classes });
  return pipe;
}

const probe = ['this is a great pipeline', 'a terrible, awful day', 'naïve café ☕'];

describe('savePipeline / loadPipeline', () => {
  for (const [name, backend] of [
    ['hdf5-wasm', hdf5Wasm()],
    ['hdf5-node', hdf5Node()],
  ] as const) {
    it(`round-trips a union of vectorizers + SGDClassifier (${name})`, async () => {
      const pipe = trained();
      const path = join(dir, `pipe-${name}.h5`);
      await savePipeline(pipe, path, { backend, metadata: { note: 'readme example' } });
      const back = await loadPipeline(path, { backend });
      expect(back.steps.map(([n]) => n)).toEqual(pipe.steps.map(([n]) => n));
      expect(back.predict(probe)).toEqual(pipe.predict(probe));
      expect(back.decisionFunction(probe)).toEqual(pipe.decisionFunction(probe));
      expect(back.predictProba(probe)).toEqual(pipe.predictProba(probe));
      // It keeps learning where it stopped.
      back.partialFit(fixture.texts, fixture.y);
      pipe.partialFit(fixture.texts, fixture.y);
      expect(back.decisionFunction(probe)).toEqual(pipe.decisionFunction(probe));
    });
  }

  it('Python rebuilds the same scikit-learn pipeline and predicts the same', async () => {
    if (!hasSklearn()) return;
    const pipe = trained();
    const path = join(dir, 'pipe-python.h5');
    await savePipeline(pipe, path, { backend: hdf5Wasm() });
    const seen = runPythonCode<{ steps: string[]; predict: number[]; decision: number[] }>(
      `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(repoRoot, 'python'))})
from icepickle_reader import load_pipeline
job = json.load(sys.stdin)
p = load_pipeline(job["path"])
print(json.dumps({"steps": [type(s).__name__ for _, s in p.steps], "predict": p.predict(job["texts"]).tolist(), "decision": p.decision_function(job["texts"]).tolist()}))`,
      { path, texts: probe },
    );
    expect(seen.steps).toEqual(['FeatureUnion', 'SGDClassifier']);
    expect(seen.predict).toEqual(pipe.predict(probe));
    const ours = pipe.decisionFunction(probe) as number[];
    seen.decision.forEach((d, i) =>
      expect(Math.abs(d - ours[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(d))),
    );
  }, 90_000); // starts h5wasm and a Python with scikit-learn: 26-38 s on a busy 2-core machine

  it('refuses what cannot be data, and files that are not pipelines', async () => {
    const backend = hdf5Wasm();
    const custom = makePartialPipeline(
      new HashingVectorizer({ analyzer: (doc: string) => doc.split(' ') }),
      new SGDClassifier(),
    );
    custom.partialFit(['a b', 'c d'], [0, 1], { classes: [0, 1] });
    expect(
      isIcepickleError(await savePipeline(custom, undefined, { backend }).catch((e: unknown) => e), 'NOT_SUPPORTED'),
    ).toBe(true);

    const single = await saveCoefficients(trained().finalEstimator as SGDClassifier, undefined, { backend });
    expect(isIcepickleError(await loadPipeline(single!, { backend }).catch((e: unknown) => e), 'INVALID_INPUT')).toBe(
      true,
    );

    const forged = await backend.write(undefined, {
      attrs: {
        pipeline: JSON.stringify({
          kind: 'PartialPipeline',
          steps: [
            ['x', { kind: 'Function', source: 'process.exit(1)' }],
            ['clf', { kind: 'estimator', class: 'SGDClassifier', group: '/estimator' }],
          ],
        }),
      },
      datasets: [],
    });
    const error = await loadPipeline(forged!, { backend }).catch((e: unknown) => e);
    expect(isIcepickleError(error, 'INVALID_INPUT')).toBe(true);
    expect(String(error)).toMatch(/unknown pipeline step kind "Function"/);
  });
});
