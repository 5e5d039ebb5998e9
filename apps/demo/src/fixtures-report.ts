import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type StorageBackend, createEstimator, fromSklearnParams, loadCoefficients } from '@icepickle/core';
import { sklearnModels } from './paths.js';

interface Fixture {
  estimator: string;
  params: Record<string, unknown>;
  h5_file: string;
  is_classifier: boolean;
  X: number[][];
  predict: unknown[];
  decision_function?: number[] | number[][];
}

/** Loads every model Python icepickle saved and prints our predictions next to scikit-learn's. */
export async function fixturesReport(backend: StorageBackend): Promise<boolean> {
  console.log(`\nModels saved by Python icepickle (scikit-learn 1.2.1), loaded with ${backend.name}:\n`);
  console.log(
    `  ${'file'.padEnd(44)} ${'estimator'.padEnd(28)} ${'rows'.padStart(4)}  ${'predict equal'.padEnd(13)}  max |Δ| vs scikit-learn`,
  );
  let allEqual = true;
  for (const json of readdirSync(sklearnModels)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const f = JSON.parse(readFileSync(join(sklearnModels, json), 'utf8')) as Fixture;
    const params = fromSklearnParams(f.params);
    const model = createEstimator(f.estimator);
    model.setParams(Object.fromEntries(Object.entries(params).filter(([k]) => k in model.getParams())));
    const loaded = (await loadCoefficients(model, join(sklearnModels, f.h5_file), { backend })) as unknown as {
      predict(X: number[][]): unknown[];
      decisionFunction?(X: number[][]): number[] | number[][];
    };
    const ours = loaded.predict(f.X);
    const theirs = f.predict;
    let equal: boolean;
    let delta = 0;
    if (f.is_classifier) {
      equal = JSON.stringify(ours) === JSON.stringify(theirs);
      const d1 = (loaded.decisionFunction!(f.X) as (number | number[])[]).flat();
      const d2 = (f.decision_function as (number | number[])[]).flat();
      d1.forEach((v, i) => (delta = Math.max(delta, Math.abs(v - d2[i]!))));
    } else {
      const a = (ours as (number | number[])[]).flat();
      const b = (theirs as (number | number[])[]).flat();
      a.forEach((v, i) => (delta = Math.max(delta, Math.abs(v - b[i]!))));
      equal = delta <= 1e-9 * Math.max(1, ...b.map(Math.abs));
    }
    allEqual &&= equal;
    console.log(
      `  ${f.h5_file.padEnd(44)} ${f.estimator.padEnd(28)} ${String(f.X.length).padStart(4)}  ${(equal ? '✓ yes' : '✗ NO').padEnd(13)}  ${delta.toExponential(1)}`,
    );
  }
  return allEqual;
}
