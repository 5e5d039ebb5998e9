import { fileURLToPath } from 'node:url';
import { type CsrMatrix, DenseMatrix } from '@icepickle/core';
import { type CsrFixture, csrFromFixture, runPythonJson } from '@icepickle/test-utils';

/** Live scikit-learn 1.2.1 for the linear-family tests: fixtures/linear/sklearn_linear.py under /usr/bin/python3. */
const SCRIPT = fileURLToPath(new URL('./fixtures/linear/sklearn_linear.py', import.meta.url));

export type DataName = 'diabetes' | 'breast_cancer' | 'iris' | 'iris_rs12' | 'linnerud' | 'imdb200_h10' | 'imdb500_h7';
export type XJson = number[][] | CsrFixture;

export interface DataSet {
  X: XJson;
  y: number[] | number[][];
}

export interface SklearnCase {
  estimator: string;
  params?: Record<string, unknown>;
  X: XJson;
  y: readonly unknown[];
  sample_weight?: number[];
  /** Row indices of each partial_fit call (classes: every label of y), instead of fit. */
  partial_fit?: number[][];
  /** Fit, then set these parameters and warm_start=True, and fit again. */
  warm_start_from?: Record<string, unknown>;
  X_test?: XJson;
  score_y?: readonly unknown[];
}

export interface SklearnResult {
  coef: number[] | number[][];
  intercept: number | number[];
  predict: unknown[];
  decision?: number[] | number[][];
  classes?: unknown[];
  n_iter?: number | number[];
  dual_gap?: number | number[];
  t?: number;
  score?: number;
  warnings: string[];
}

export function sklearnData(names: DataName[]): Record<DataName, DataSet> {
  return runPythonJson(SCRIPT, { command: 'data', names });
}

/** Fits every case in one Python process (one import of scikit-learn). */
export function sklearnFit(cases: SklearnCase[]): SklearnResult[] {
  return runPythonJson(SCRIPT, { command: 'fit', cases });
}

export function toMatrix(X: XJson): DenseMatrix | CsrMatrix {
  return Array.isArray(X) ? DenseMatrix.fromRows(X) : csrFromFixture(X);
}

/** The dense rows of a CSR fixture (to give scikit-learn the same problem densely). */
export function denseRows(X: XJson): number[][] {
  if (Array.isArray(X)) return X;
  const rows = Array.from({ length: X.shape[0] }, () => new Array<number>(X.shape[1]).fill(0));
  for (let i = 0; i < X.shape[0]; i++)
    for (let p = X.indptr[i]!; p < X.indptr[i + 1]!; p++) rows[i]![X.indices[p]!]! += X.data[p]!;
  return rows;
}

export function flat(v: number | number[] | number[][]): number[] {
  return typeof v === 'number' ? [v] : (v as (number | number[])[]).flat();
}

/** max |a − b| / max(max |b|, tiny): one relative figure for a whole array. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / Math.max(scale, Number.MIN_VALUE);
}
