/**
 * The zoo (packages/test-utils/fixtures/sklearn/pipeline-zoo): pipelines fitted and saved by scikit-learn 1.2.1 through
 * icepickle_ts.save_pipeline load here on both backends and predict what scikit-learn predicted
 * (labels equal, decisions and probabilities within tolerances.pipelineRelative).
 */
import { estimatorNames } from '@icepickle/core';
import { loadPipeline } from '@icepickle/featurizers';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { firstMismatch, fixturePath, loadFixture, tolerances } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { STEP_CODECS } from '../src/pipeline-file/step-table.js';

interface ZooEntry {
  name: string;
  kind: 'text' | 'table';
  classes: string[];
  predict: (number | string | boolean)[];
  decision?: number[] | number[][];
  proba?: number[][];
}

const zoo = loadFixture<{ probe_texts: string[]; probe_rows: number[][]; entries: ZooEntry[] }>(
  'pipeline-zoo/expected.json',
);
const available = new Set<string>([...Object.keys(STEP_CODECS), ...estimatorNames, 'FeatureUnion']);
const backends = [
  ['hdf5-wasm', hdf5Wasm()],
  ['hdf5-node', hdf5Node()],
] as const;

function expectClose(actual: unknown, expected: number[] | number[][], what: string): void {
  const a = (actual as number[] | number[][]).flat();
  const e = expected.flat();
  expect(a.length, what).toBe(e.length);
  expect(firstMismatch(a, e, tolerances.pipelineRelative), what).toBe(-1);
}

describe('the pipeline zoo, saved by scikit-learn, predicts the same in TypeScript', () => {
  it('holds at least 20 pipelines over text and tables', () => {
    expect(zoo.entries.length).toBeGreaterThanOrEqual(20);
    expect(new Set(zoo.entries.map((e) => e.kind))).toEqual(new Set(['text', 'table']));
  });

  for (const entry of zoo.entries) {
    const missing = entry.classes.filter((c) => !available.has(c));
    if (missing.length > 0) {
      it.todo(`${entry.name}: waits for ${missing.join(', ')}`);
      continue;
    }
    for (const [backendName, backend] of backends) {
      it(`${entry.name} (${backendName})`, async () => {
        const pipe = await loadPipeline(fixturePath(`pipeline-zoo/${entry.name}.h5`), { backend });
        const X = entry.kind === 'text' ? zoo.probe_texts : zoo.probe_rows;
        if ((pipe.finalEstimator as { estimatorType?: string }).estimatorType === 'regressor') {
          expectClose(pipe.predict(X), entry.predict as number[], 'predict');
        } else expect(pipe.predict(X)).toEqual(entry.predict); // h5py bool classes come back as booleans
        if (entry.decision) expectClose(pipe.decisionFunction(X), entry.decision, 'decision_function');
        if (entry.proba) expectClose(pipe.predictProba(X), entry.proba, 'predict_proba');
      });
    }
  }
});
