/**
 * The other direction: the zoo's pipelines fitted in TypeScript (fresh steps with the same parameters,
 * fitted on the same data; the four estimators TypeScript does not train keep scikit-learn's coefficients),
 * saved by savePipeline, loaded by Python's icepickle_ts.load_pipeline, predict what TypeScript predicts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FeatureUnion,
  type LinearModel,
  type NamedStep,
  Pipeline,
  type Step,
  type Transformer,
  createEstimator,
} from '@icepickle/core';
import { loadPipeline, savePipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import {
  firstMismatch,
  fixturePath,
  hasSklearn,
  loadFixture,
  repoRoot,
  runPythonCode,
  tolerances,
} from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface ZooEntry {
  name: string;
  kind: 'text' | 'table';
  y: (number | string | boolean)[];
}
const zoo = loadFixture<{
  texts: string[];
  table_x: number[][];
  probe_texts: string[];
  probe_rows: number[][];
  entries: ZooEntry[];
}>('pipeline-zoo/expected.json');

/** Trained in Python only (core's python-only.ts): TypeScript keeps the loaded coefficients. */
const PYTHON_TRAINED = new Set(['Lasso', 'ElasticNet', 'LinearSVC', 'LinearSVR']);
const dir = mkdtempSync(join(tmpdir(), 'icepickle-to-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A new unfitted step with the same parameters. */
function fresh(step: Step): Step {
  if (step instanceof FeatureUnion) {
    return new FeatureUnion(
      step.transformerList.map(([n, part]) => [n, fresh(part) as Transformer] as const),
      step.transformerWeights as Record<string, number> | undefined,
    );
  }
  const cls = step.constructor as unknown as { fromSklearnParams(p: Record<string, unknown>): Step };
  return cls.fromSklearnParams((step as unknown as { toSklearnParams(): Record<string, unknown> }).toSklearnParams());
}

async function fitInTypeScript(entry: ZooEntry): Promise<Pipeline> {
  const loaded = await loadPipeline(fixturePath(`pipeline-zoo/${entry.name}.h5`), { backend: hdf5Wasm() });
  const final = loaded.finalEstimator as unknown as LinearModel<object>;
  const estimator = createEstimator(final.className, final.getParams() as Record<string, unknown>);
  const steps: NamedStep[] = [
    ...loaded.steps.slice(0, -1).map(([n, s]) => [n, fresh(s)] as const),
    [loaded.steps.at(-1)![0], estimator as unknown as Step],
  ];
  const pipe = new Pipeline(steps);
  const X = entry.kind === 'text' ? zoo.texts : zoo.table_x;
  const y = entry.y.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  if (!PYTHON_TRAINED.has(final.className)) pipe.fit(X, y);
  else {
    let data: unknown = X;
    for (const [, t] of steps.slice(0, -1)) data = (t as Transformer).fitTransform!(data, y);
    estimator.setCoefficients(final.getCoefficients());
  }
  return pipe;
}

function flat(v: unknown): number[] {
  return (v as number[] | number[][]).flat();
}

interface Outputs {
  predict: unknown[];
  decision?: number[];
  proba?: number[];
}
const ours = new Map<string, Outputs>();
let theirs: Record<string, Outputs & { steps: string[] }> = {};

describe.runIf(hasSklearn())('pipelines fitted and saved in TypeScript load in Python', () => {
  beforeAll(async () => {
    const jobs = [];
    for (const entry of zoo.entries) {
      const pipe = await fitInTypeScript(entry);
      const path = join(dir, `${entry.name}.h5`);
      writeFileSync(path, (await savePipeline(pipe, undefined, { backend: hdf5Wasm() }))!);
      const X = entry.kind === 'text' ? zoo.probe_texts : zoo.probe_rows;
      const final = pipe.finalEstimator as { decisionFunction?: unknown; predictProba?: unknown; loss?: unknown };
      const row: Outputs = { predict: pipe.predict(X) as unknown[] };
      if (typeof final.decisionFunction === 'function') row.decision = flat(pipe.decisionFunction(X));
      try {
        if (typeof final.predictProba === 'function') row.proba = flat(pipe.predictProba(X));
      } catch {
        // hinge-loss SGD / Perceptron: no predict_proba, as in scikit-learn
      }
      ours.set(entry.name, row);
      jobs.push({ name: entry.name, path, kind: entry.kind });
    }
    theirs = runPythonCode<typeof theirs>(
      `
import json, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(join(repoRoot, 'python'))})
from icepickle_ts import load_pipeline
job = json.load(sys.stdin)
out = {}
for j in job["jobs"]:
    p = load_pipeline(j["path"])
    X = job["texts"] if j["kind"] == "text" else np.array(job["rows"])
    row = {"steps": [type(s).__name__ for _, s in p.steps], "predict": [v.item() if hasattr(v, "item") else v for v in p.predict(X)]}
    if hasattr(p, "decision_function"):
        row["decision"] = np.ravel(p.decision_function(X)).tolist()
    try:
        row["proba"] = np.ravel(p.predict_proba(X)).tolist()
    except AttributeError:
        pass
    out[j["name"]] = row
print(json.dumps(out))`,
      { jobs, texts: zoo.probe_texts, rows: zoo.probe_rows },
    );
  }, 120_000);

  for (const entry of zoo.entries) {
    it(entry.name, () => {
      const mine = ours.get(entry.name)!;
      const py = theirs[entry.name]!;
      expect(py.steps.length).toBeGreaterThanOrEqual(2);
      const predicted = py.predict.map((v) => (typeof v === 'boolean' ? Number(v) : v));
      if (typeof predicted[0] === 'number' && !Number.isInteger(predicted[0])) {
        expect(firstMismatch(mine.predict as number[], predicted as number[], tolerances.pipelineRelative)).toBe(-1);
      } else expect(mine.predict).toEqual(predicted);
      expect(mine.decision === undefined).toBe(py.decision === undefined);
      expect(mine.proba === undefined).toBe(py.proba === undefined);
      if (mine.decision) expect(firstMismatch(mine.decision, py.decision!, tolerances.pipelineRelative)).toBe(-1);
      if (mine.proba) expect(firstMismatch(mine.proba, py.proba!, tolerances.pipelineRelative)).toBe(-1);
    });
  }
});
