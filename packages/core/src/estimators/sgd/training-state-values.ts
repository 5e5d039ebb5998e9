import { IcepickleError } from '../../errors.js';
import type { ClassifierTraining } from './base-sgd-classifier.js';

/**
 * What an SGD / PA model needs, beyond coef_ and intercept_, to continue partialFit exactly: scikit-learn's
 * `t_` and `n_iter_`, and for averaged models its private `_standard_coef`, `_average_coef`,
 * `_standard_intercept`, `_average_intercept`, plus which of them coef_ and intercept_ currently are
 * (`coef_alias`, `intercept_alias`: 0 = its own array, 1 = the standard one, 2 = the average one; the
 * averaged classifier's stale-intercept quirk depends on it). An empty state means "never trained
 * here": the next partialFit starts at t_ = 1, as scikit-learn after load_coefficients.
 */
export type TrainingState = Record<string, Float64Array | number>;

export const STATE_KEYS = {
  t: 't_',
  nIter: 'n_iter_',
  standardCoef: '_standard_coef',
  averageCoef: '_average_coef',
  standardIntercept: '_standard_intercept',
  averageIntercept: '_average_intercept',
  coefAlias: 'coef_alias',
  interceptAlias: 'intercept_alias',
} as const;

type Training = Omit<ClassifierTraining, never>;

export function classifierStateTo(training: Training | undefined): TrainingState {
  const out: TrainingState = {};
  if (training === undefined || training.t === undefined) return out;
  out[STATE_KEYS.t] = training.t;
  if (training.nIter !== undefined) out[STATE_KEYS.nIter] = training.nIter;
  if (training.standardCoef !== undefined) {
    out[STATE_KEYS.standardCoef] = training.standardCoef.slice();
    out[STATE_KEYS.averageCoef] = training.averageCoef!.slice();
    out[STATE_KEYS.standardIntercept] = training.standardIntercept!.slice();
    out[STATE_KEYS.averageIntercept] = training.averageIntercept!.slice();
    out[STATE_KEYS.coefAlias] =
      training.coef === training.averageCoef ? 2 : training.coef === training.standardCoef ? 1 : 0;
    out[STATE_KEYS.interceptAlias] =
      training.intercept === training.averageIntercept ? 2 : training.intercept === training.standardIntercept ? 1 : 0;
  }
  return out;
}

/** Rebuilds the training objects around the model's current coef_ / intercept_ arrays. */
export function classifierStateFrom(
  state: TrainingState,
  coef: Float64Array,
  intercept: Float64Array,
  coefSize: number,
  interceptSize: number,
  scope: string,
): Training {
  const bad = (what: string): IcepickleError =>
    new IcepickleError('INVALID_INPUT', { scope, detail: `training state: ${what}` });
  const num = (key: string): number | undefined => {
    const v = state[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${key} must be a finite number`);
    return v;
  };
  const arr = (key: string, size: number): Float64Array => {
    const v = state[key];
    if (!(v instanceof Float64Array) || v.length !== size) throw bad(`${key} must be a Float64Array of ${size} values`);
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw bad(`${key} holds ${v[i]} at ${i}`);
    return v.slice();
  };
  const t = num(STATE_KEYS.t);
  if (t !== undefined && t < 1) throw bad(`t_ must be >= 1, got ${t}`);
  const nIter = num(STATE_KEYS.nIter);
  const training: Training = {
    coef,
    intercept,
    standardCoef: undefined,
    averageCoef: undefined,
    standardIntercept: undefined,
    averageIntercept: undefined,
    t,
    nIter,
  };
  if (state[STATE_KEYS.standardCoef] === undefined) return training;
  training.standardCoef = arr(STATE_KEYS.standardCoef, coefSize);
  training.averageCoef = arr(STATE_KEYS.averageCoef, coefSize);
  training.standardIntercept = arr(STATE_KEYS.standardIntercept, interceptSize);
  training.averageIntercept = arr(STATE_KEYS.averageIntercept, interceptSize);
  const coefAlias = num(STATE_KEYS.coefAlias) ?? 1;
  const interceptAlias = num(STATE_KEYS.interceptAlias) ?? 0;
  // coef_ / intercept_ become the very objects they were, holding the values the model was saved with
  if (coefAlias === 2) training.coef = training.averageCoef;
  else if (coefAlias === 1) training.coef = training.standardCoef;
  if (interceptAlias === 2) training.intercept = training.averageIntercept;
  else if (interceptAlias === 1) training.intercept = training.standardIntercept;
  if (training.coef !== coef) training.coef.set(coef);
  if (training.intercept !== intercept) training.intercept.set(intercept);
  return training;
}
