import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type LinearModel, createEstimator } from '@icepickle/core';
import { loadFixture, sklearnFixtures } from './fixtures.js';
import { tolerances } from './tolerances.js';

/** One packages/test-utils/fixtures/sklearn/models/NAME.json (see the fixtures README, section 1). */
export interface ModelFixture {
  name: string;
  estimator: string;
  is_classifier: boolean;
  params: Record<string, unknown>;
  h5_file: string;
  coef: number[] | number[][];
  coef_shape: number[];
  intercept: number | number[];
  intercept_shape: number[];
  classes?: (number | string)[];
  X: number[][];
  y_true: unknown[];
  decision_function?: number[] | number[][];
  predict: unknown[];
  predict_proba?: number[][];
  score: number;
  edge?: { X: number[][]; decision_function: number[] | number[][]; predict: unknown[]; predict_proba?: number[][] };
}

export function modelFixtureNames(): string[] {
  return readdirSync(join(sklearnFixtures, 'models'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function modelFixture(name: string): ModelFixture {
  return loadFixture<ModelFixture>(`models/${name}.json`);
}

/** A fresh estimator of the fixture's class, with the fixture's scikit-learn params. */
export function estimatorForFixture(f: ModelFixture): LinearModel<object> {
  const model = createEstimator(f.estimator);
  const camel = Object.fromEntries(
    Object.entries(f.params).map(([k, v]) => [
      k === 'C' ? 'C' : k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
      v,
    ]),
  );
  // Only parameters the TypeScript estimator knows (all of them, for the six classes).
  return model.setParams(Object.fromEntries(Object.entries(camel).filter(([k]) => k in model.getParams())));
}

export interface Expectations {
  toEqual(v: unknown): void;
  toBe(v: unknown): void;
  toBeLessThanOrEqual(v: number): void;
}

/**
 * Asserts a loaded model reproduces scikit-learn: predict exactly, decisionFunction within
 * tolerances.decisionRelative × Σ|x_j w_j|, predictProba within tolerances.probability, score.
 */
export function assertModelParity(
  model: any,
  f: ModelFixture,
  expect: (v: unknown, msg?: string) => Expectations,
): void {
  const cases = [{ X: f.X, decision: f.decision_function, predict: f.predict, proba: f.predict_proba }];
  if (f.edge)
    cases.push({
      X: f.edge.X,
      decision: f.edge.decision_function,
      predict: f.edge.predict,
      proba: f.edge.predict_proba,
    });
  const coefRows: number[][] = f.coef_shape.length === 1 ? [f.coef as number[]] : (f.coef as number[][]);
  for (const c of cases) {
    // Labels must match exactly; regression outputs are decisions, compared with the tolerance.
    if (f.is_classifier) expect(model.predict(c.X), `${f.name}: predict`).toEqual(c.predict);
    const decision = f.is_classifier ? c.decision : (c.predict as number[] | number[][]);
    if (decision) {
      const ours = (
        (f.is_classifier ? model.decisionFunction(c.X) : model.predict(c.X)) as (number | number[])[]
      ).flat();
      const theirs = (decision as (number | number[])[]).flat();
      expect(ours.length).toBe(theirs.length);
      const k = coefRows.length;
      ours.forEach((v, idx) => {
        const row = c.X[Math.floor(idx / k)]!;
        const w = coefRows[idx % k]!;
        const scale = Math.max(
          1,
          row.reduce((s, x, j) => s + Math.abs(x * w[j]!), 0),
        );
        expect(Math.abs(v - theirs[idx]!) / scale, `${f.name}: decision ${idx}`).toBeLessThanOrEqual(
          tolerances.decisionRelative,
        );
      });
    }
    if (c.proba) {
      const ours = (model.predictProba(c.X) as number[][]).flat();
      const theirs = c.proba.flat();
      ours.forEach((v, idx) =>
        expect(Math.abs(v - theirs[idx]!), `${f.name}: proba ${idx}`).toBeLessThanOrEqual(tolerances.probability),
      );
    }
  }
  const score = model.score(f.X, f.y_true);
  expect(Math.abs(score - f.score), `${f.name}: score`).toBeLessThanOrEqual(1e-12);
}
