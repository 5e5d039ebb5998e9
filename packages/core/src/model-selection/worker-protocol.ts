import { isIcepickleError } from '../errors.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import type { TaskResult } from './fit-and-score.js';
import type { ParamSet } from './parameter-grid.js';
import type { SearchInput, Targets } from './rows.js';
import type { ScoringName } from './scoring.js';

/** X as it crosses to a worker: typed arrays (structured clone copies them once per worker). */
export type EncodedInput =
  | { kind: 'csr'; indptr: Int32Array; indices: Int32Array; data: Float64Array | Float32Array; shape: [number, number] }
  | { kind: 'dense'; data: Float64Array; shape: [number, number] }
  | { kind: 'rows'; rows: unknown };

export interface InitMessage {
  type: 'init';
  className: string;
  params: Record<string, unknown>;
  X: EncodedInput;
  y: Targets;
  splits: [Int32Array, Int32Array][];
  scoring: ScoringName | undefined;
  returnTrainScore: boolean;
  errorScore: 'raise' | number;
}

/** New data for the next tasks (same folds): a pipeline search's next featurizer setting. */
export interface DataMessage {
  type: 'data';
  X: EncodedInput;
}

export interface TaskMessage {
  type: 'task';
  candidate: number;
  fold: number;
  params: ParamSet;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; result: TaskResult }
  | { type: 'failed'; candidate: number; fold: number; failure: FailureData };

/** A failed task's error as data (an IcepickleError's fields; a foreign error's message as its detail). */
export interface FailureData {
  detail: string;
  code?: string | undefined;
  scope?: string | undefined;
}

export function failureData(error: unknown): FailureData {
  if (isIcepickleError(error)) return { detail: error.detail, code: error.code, scope: error.scope };
  return { detail: error instanceof Error ? error.message : String(error) };
}

export function encodeInput(X: SearchInput): EncodedInput {
  if (X instanceof CsrMatrix)
    return { kind: 'csr', indptr: X.indptr, indices: X.indices, data: X.data, shape: [X.shape[0], X.shape[1]] };
  if (X instanceof DenseMatrix) return { kind: 'dense', data: X.data, shape: [X.shape[0], X.shape[1]] };
  return { kind: 'rows', rows: X };
}

export function decodeInput(e: EncodedInput): SearchInput {
  if (e.kind === 'csr')
    return new CsrMatrix({ indptr: e.indptr, indices: e.indices, data: e.data, shape: e.shape }, { validate: false });
  if (e.kind === 'dense') return new DenseMatrix(e.data, e.shape);
  return e.rows as SearchInput;
}
