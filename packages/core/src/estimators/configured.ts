import { isIcepickleError } from '../errors.js';
import type { LinearModel } from './linear-model.js';

/**
 * `model` with `params` set and checked by its class's rules, as loading builds every estimator: unknown
 * names and invalid values are refused (INVALID_PARAMETER), but a value scikit-learn accepts that we
 * cannot train with (solver='saga') still loads, and fit refuses it.
 */
export function configured<M extends LinearModel<object>>(model: M, params: Record<string, unknown>): M {
  try {
    model.setParams(params).checkParams();
  } catch (error) {
    if (!(isIcepickleError(error) && error.code === 'NOT_SUPPORTED')) throw error;
  }
  return model;
}
