import {
  type LinearModel,
  type ModelMetadata,
  type StorageBackend,
  createEstimator,
  isIcepickleError,
  loadCoefficients,
} from '@icepickle/core';
import { errorText } from './error-text.js';
import { UsageError } from './usage-error.js';

/**
 * Loads a single-model file into the estimator class the file records (from core's closed list), or
 * `estimatorName`; a Python icepickle file records none: SGDClassifier when it has classes, else
 * SGDRegressor (the linear decision is the same for every class of the list).
 */
export async function loadModel(
  path: string,
  backend: StorageBackend,
  meta: ModelMetadata,
  estimatorName: string | undefined,
): Promise<LinearModel<object>> {
  let name = estimatorName ?? meta.estimator;
  if (name === undefined) {
    const file = await backend.open(path);
    try {
      name = file.list().some((n) => n.path === '/classes') ? 'SGDClassifier' : 'SGDRegressor';
    } finally {
      await file.close();
    }
  }
  let model: LinearModel<object>;
  try {
    model = createEstimator(name, estimatorName === undefined ? (meta.paramsCamel ?? {}) : {});
  } catch (error) {
    if (isIcepickleError(error, 'NOT_SUPPORTED')) throw new UsageError(errorText(error));
    model = createEstimator(name);
  }
  return loadCoefficients(model, path, { backend });
}
