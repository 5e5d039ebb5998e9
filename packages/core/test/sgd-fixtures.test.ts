import { readdirSync } from 'node:fs';
import {
  type CsrMatrix,
  DenseMatrix,
  PassiveAggressiveClassifier,
  PassiveAggressiveRegressor,
  SGDClassifier,
  SGDRegressor,
  fromSklearnParams,
} from '@icepickle/core';
import { csrFromFixture, fixturePath, loadFixture, tolerances } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setWasmSgdKernel } from '../src/wasm-kernel/sgd-rows.js';

// Every case of packages/test-utils/fixtures/sklearn/sgd (scikit-learn 1.2.1, shuffle=False): coef_, intercept_, n_iter_,
// t_, warnings and (averaged models) the private _standard_* / _average_* buffers, after every call.

type Estimator = SGDClassifier | SGDRegressor | PassiveAggressiveClassifier | PassiveAggressiveRegressor;
const CTORS = { SGDClassifier, SGDRegressor, PassiveAggressiveClassifier, PassiveAggressiveRegressor } as const;

const cases = readdirSync(fixturePath('sgd'))
  .filter((f) => f.endsWith('.json'))
  .sort();
const dataCache = new Map<string, { X: DenseMatrix | CsrMatrix; d: any }>();
function data(rel: string): { X: DenseMatrix | CsrMatrix; d: any } {
  if (!dataCache.has(rel)) {
    const d = loadFixture(`sgd/${rel}`);
    const X = d.kind === 'csr' ? csrFromFixture(d.X) : DenseMatrix.fromRows(d.X);
    dataCache.set(rel, { X, d });
  }
  return dataCache.get(rel)!;
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
let exact = 0;
let close = 0;
const closeCases: string[] = [];
let worst = 0;

function compare(got: number[], want: number[], what: string): boolean {
  expect(got.length, `${what} length`).toBe(want.length);
  let bitExact = true;
  for (let i = 0; i < want.length; i++) {
    if (got[i] === want[i]) continue;
    bitExact = false;
    const rel = Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), 1e-300);
    worst = Math.max(worst, rel);
    expect(rel, `${what}[${i}]: got ${got[i]}, scikit-learn ${want[i]}`).toBeLessThanOrEqual(tolerances.sgdRelative);
  }
  return bitExact;
}

function checkState(est: Estimator, st: any, name: string, average: boolean): boolean {
  let ok = compare(flat(est.coef_), flat(st.coef), `${name} coef`);
  ok = compare(flat(est.intercept_), flat(st.intercept), `${name} intercept`) && ok;
  expect(est.nIter_, `${name} n_iter`).toBe(st.n_iter);
  expect(est.t_, `${name} t`).toBe(st.t);
  expect(
    est.warnings_.map((w) => [w.category, w.message]),
    `${name} warnings`,
  ).toEqual(st.warnings.map((w: any) => [w.category, w.message]));
  if (average && st.standard_coef) {
    const s = est.getTrainingState();
    ok = compare(Array.from(s._standard_coef as Float64Array), flat(st.standard_coef), `${name} _standard_coef`) && ok;
    ok = compare(Array.from(s._average_coef as Float64Array), flat(st.average_coef), `${name} _average_coef`) && ok;
    ok =
      compare(
        Array.from(s._average_intercept as Float64Array),
        flat(st.average_intercept),
        `${name} _average_intercept`,
      ) && ok;
    // scikit-learn's _standard_intercept is stale by design in the averaged classifier (README §3)
    ok =
      compare(
        Array.from(s._standard_intercept as Float64Array),
        flat(st.standard_intercept),
        `${name} _standard_intercept`,
      ) && ok;
  }
  if (st.predict && 'classes_' in est) {
    expect(est.predict(data(currentDataFile).X), `${name} predict`).toEqual(st.predict);
  }
  return ok;
}

let currentDataFile = '';

describe('SGD / Passive-Aggressive training matches scikit-learn 1.2.1', () => {
  it('has the 152 cases', () => expect(cases.length).toBe(152));

  it.each(cases)('%s', (file) => {
    if (runCase(file)) exact++;
    else {
      close++;
      closeCases.push(loadFixture(`sgd/${file}`).name);
    }
  });

  afterAll(() => {
    console.log(
      `[sgd fixtures] ${exact} bit-exact, ${close} within ${tolerances.sgdRelative} (worst relative difference ${worst.toExponential(2)})${closeCases.length ? `; not bit-exact: ${closeCases.join(' ')}` : ''}`,
    );
  });
});

// Sparse cases train with the WebAssembly dot / add where it is available; the JavaScript loops must
// give the same results (they are what runs without WebAssembly, on float32 X and on dense X).
describe('the same cases on the JavaScript loops only', () => {
  let exactJs = 0;
  beforeAll(() => setWasmSgdKernel(false));
  afterAll(() => setWasmSgdKernel(true));
  it.each(cases)('%s', (file) => {
    if (runCase(file)) exactJs++;
  });
  afterAll(() => expect(exactJs, 'bit-exact cases with the JavaScript loops').toBe(exact));
});

/** Runs one fixture case, checking every state; true when all of it was bit-exact. */
function runCase(file: string): boolean {
  const c = loadFixture(`sgd/${file}`);
  const { X, d } = data(c.data_file);
  currentDataFile = c.data_file;
  const y = d[c.target];
  const est = new CTORS[c.estimator as keyof typeof CTORS](fromSklearnParams(c.params) as never) as Estimator;
  const average = Boolean(c.params.average);
  let ok = true;
  if (c.method === 'fit') {
    const options = c.sample_weight ? { sampleWeight: c.sample_weight } : {};
    (est.fit as (X: unknown, y: unknown, o?: unknown) => Estimator)(X, y, options);
    ok = checkState(est, c.result, c.name, average);
  } else {
    c.batches.forEach(([a, b]: [number, number], step: number) => {
      const Xb = X.sliceRows(a, b);
      const options: Record<string, unknown> = {};
      if (c.classes) options.classes = c.classes;
      if (c.sample_weight) options.sampleWeight = c.sample_weight.slice(a, b);
      if (est instanceof PassiveAggressiveRegressor) est.partialFit(Xb, y.slice(a, b));
      else (est.partialFit as (X: unknown, y: unknown, o?: unknown) => Estimator)(Xb, y.slice(a, b), options);
      ok = checkState(est, c.steps[step], `${c.name} step ${step}`, average) && ok;
    });
  }
  return ok;
}
