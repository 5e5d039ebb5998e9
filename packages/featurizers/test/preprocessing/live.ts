/**
 * The live scikit-learn harness of the preprocessing tests: cases written as scikit-learn calls (Python
 * expressions for the data, as in sklearn/preprocessing/tests/test_data.py) run once in /usr/bin/python3
 * (python/preprocessing_live.py); each is replayed here on the same inputs and compared attribute by
 * attribute, step by step, then transform and inverseTransform.
 */
import { fileURLToPath } from 'node:url';
import { CsrMatrix, DenseMatrix, type IcepickleErrorCode, isIcepickleError } from '@icepickle/core';
import { runPythonJson } from '@icepickle/test-utils';
import { expect } from 'vitest';
import { MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler } from '../../src/index.js';

const script = fileURLToPath(new URL('./python/preprocessing_live.py', import.meta.url));

/**
 * Ours vs scikit-learn, relative: the fits are exact ports, so most values are bit-identical; what is not
 * comes from BLAS's summation order in weighted sums (numpy's matmul), a few ulps.
 */
export const RELATIVE = 1e-12;

export type ClassName = 'StandardScaler' | 'MinMaxScaler' | 'MaxAbsScaler' | 'Normalizer';

export interface LiveCase {
  name: string;
  cls: ClassName;
  /** scikit-learn's get_params() names. */
  params: Record<string, unknown>;
  /** Python expressions; one batch is fit, each further batch a partial_fit. */
  batches: string[];
  /** Python expressions for each batch's sample_weight (StandardScaler), or null. */
  weights?: (string | null)[];
  /** The X to transform (a Python expression); the first batch when absent. */
  transform?: string;
  inverse?: boolean;
  /** A looser relative tolerance for transform outputs, with its reason next to the case. */
  transformRelative?: number;
  /** scikit-learn raises for this case; ours must throw this code. */
  expectError?: IcepickleErrorCode;
}

type Encoded = number | null | string;
type EncodedMatrix =
  | { dense: Encoded[][]; dtype: string }
  | { csr: { indptr: number[]; indices: number[]; data: Encoded[]; shape: [number, number] }; dtype: string };

interface LiveResult {
  batches: EncodedMatrix[];
  weights: (Encoded[] | null)[];
  steps: Record<string, EncodedMatrix | Encoded[] | Encoded>[];
  transform_input?: EncodedMatrix;
  transformed?: EncodedMatrix;
  inverse?: EncodedMatrix;
  error?: string;
}

export function runLive(cases: readonly LiveCase[]): LiveResult[] {
  const out = runPythonJson<{ sklearn: string; results: LiveResult[] }>(script, { cases });
  expect(out.sklearn).toBe('1.2.1');
  return out.results;
}

const decodeNumber = (v: Encoded): number =>
  v === null ? Number.NaN : v === 'inf' ? Number.POSITIVE_INFINITY : v === '-inf' ? Number.NEGATIVE_INFINITY : +v;

export function decodeMatrix(m: EncodedMatrix): CsrMatrix | number[][] {
  if ('dense' in m) return m.dense.map((row) => row.map(decodeNumber));
  const data = m.csr.data.map(decodeNumber);
  return new CsrMatrix({
    ...m.csr,
    data: m.dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data),
  });
}

function values(m: DenseMatrix | CsrMatrix | number[][]): number[] {
  if (Array.isArray(m)) return m.flat();
  return Array.from(m instanceof CsrMatrix ? m.data.subarray(0, m.nnz) : m.data);
}

/** Figures over every comparison, printed by the tests' afterAll. */
export const stats = { values: 0, identical: 0, maxRelative: 0, differing: new Map<string, number>() };

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  tolerance = RELATIVE,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    stats.values++;
    if (Object.is(a, b) || (a === b && a === 0)) {
      stats.identical++;
      continue;
    }
    stats.differing.set(what, (stats.differing.get(what) ?? 0) + 1);
    const relative = Math.abs(a - b) / Math.abs(b);
    stats.maxRelative = Math.max(stats.maxRelative, relative);
    if (!(relative <= tolerance)) expect.fail(`${what}[${i}]: ${a} vs scikit-learn's ${b} (relative ${relative})`);
  }
}

function expectSameMatrix(ours: DenseMatrix | CsrMatrix, ref: EncodedMatrix, what: string, tolerance?: number): void {
  const expected = decodeMatrix(ref);
  if (expected instanceof CsrMatrix) {
    expect(ours, `${what}: CSR`).toBeInstanceOf(CsrMatrix);
    const o = ours as CsrMatrix;
    expect(o.shape, `${what}: shape`).toEqual(expected.shape);
    expect(Array.from(o.indptr), `${what}: indptr`).toEqual(Array.from(expected.indptr));
    expect(Array.from(o.indices.subarray(0, o.nnz)), `${what}: indices`).toEqual(Array.from(expected.indices));
    expect(o.data instanceof Float32Array, `${what}: float32`).toBe(ref.dtype === 'float32');
  } else {
    expect(ours, `${what}: dense`).toBeInstanceOf(DenseMatrix);
    expect(ours.shape, `${what}: shape`).toEqual([expected.length, expected[0]!.length]);
  }
  expectClose(values(ours), values(expected), what, tolerance);
}

const STATE_NAMES: Record<string, string> = {
  mean_: 'mean_',
  var_: 'var_',
  scale_: 'scale_',
  n_samples_seen_: 'nSamplesSeen_',
  min_: 'min_',
  data_min_: 'dataMin_',
  data_max_: 'dataMax_',
  data_range_: 'dataRange_',
  max_abs_: 'maxAbs_',
  n_features_in_: 'nFeaturesIn_',
};

function expectSameState(state: Record<string, unknown>, ref: LiveResult['steps'][number], what: string): void {
  for (const [name, value] of Object.entries(ref)) {
    const ours = state[STATE_NAMES[name]!];
    const label = `${what} ${name}`;
    if (value === null) expect(ours, label).toBeNull();
    else if (Array.isArray(value)) {
      expect(ours, label).toBeInstanceOf(Float64Array);
      expectClose(ours as Float64Array, value.map(decodeNumber), label);
    } else expectClose([ours as number], [decodeNumber(value as Encoded)], label);
  }
}

type Scaler = StandardScaler | MinMaxScaler | MaxAbsScaler | Normalizer;

export function make(c: Pick<LiveCase, 'cls' | 'params'>): Scaler {
  const classes = { StandardScaler, MinMaxScaler, MaxAbsScaler, Normalizer };
  return classes[c.cls].fromSklearnParams(c.params);
}

/** Replays the case on our class and compares with scikit-learn's result. */
export function checkCase(c: LiveCase, ref: LiveResult): void {
  const ours = make(c);
  const run = () => {
    ref.batches.forEach((batch, k) => {
      const X = decodeMatrix(batch);
      const w = ref.weights[k];
      const options = w ? { sampleWeight: w.map(decodeNumber) } : {};
      if (k === 0 || ours instanceof Normalizer) ours.fit(X, undefined, options as never);
      else (ours as Exclude<Scaler, Normalizer>).partialFit(X, undefined, options as never);
      if (ref.steps[k]) expectSameState(ours.getFittedState() as never, ref.steps[k]!, `${c.name} step ${k}`);
    });
    const T = decodeMatrix(ref.transform_input ?? ref.batches[0]!);
    const Xt = ours.transform(T);
    expectSameMatrix(Xt, ref.transformed!, `${c.name} transform`, c.transformRelative);
    if (c.inverse && !(ours instanceof Normalizer)) {
      expectSameMatrix(ours.inverseTransform(Xt), ref.inverse!, `${c.name} inverseTransform`);
    }
  };
  if (ref.error !== undefined) {
    expect(c.expectError, `scikit-learn raised ${ref.error}`).toBeDefined();
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(isIcepickleError(thrown, c.expectError), `expected ${c.expectError}, got ${String(thrown)}`).toBe(true);
    return;
  }
  expect(c.expectError, 'scikit-learn did not raise').toBeUndefined();
  run();
}

/**
 * The ports claim more than 1e-12: the same float operations in the same order, so every value is
 * bit-identical, except where `allowed` says why not (BLAS sums).
 */
export function expectBitIdentical(allowed: (what: string) => boolean = () => false): void {
  const unexpected = [...stats.differing.keys()].filter((what) => !allowed(what));
  expect(unexpected, 'values that differ from scikit-learn in their last bits').toEqual([]);
  expect(stats.values).toBeGreaterThan(0);
}
