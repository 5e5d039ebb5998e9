import { type EstimatorClass, estimatorTable } from '../estimators/estimator-table.js';
import { type LazyLinearModel, type OpenLinearModelOptions, openLazy } from './lazy-model.js';

/**
 * openLinearModel with the estimator classes it may build given (`options.estimators`, e.g.
 * `[SGDClassifierPredictor]`): a bundle then holds only those classes, where openLinearModel's closed list
 * (registry.ts) holds every estimator with its training code. A page that only predicts passes the
 * predict-only classes (`SGDClassifierPredictor`, `LogisticRegressionPredictor`), which carry their full
 * class's name; answers are openLinearModel's. A file naming any other class (or, without a recorded one,
 * `estimator`'s default) is refused as unknown (NOT_SUPPORTED).
 */
export async function openLinearModelWith(
  source: Parameters<typeof openLazy>[0],
  options: OpenLinearModelOptions & { estimators: readonly EstimatorClass[] },
): Promise<LazyLinearModel> {
  return openLazy(source, options, estimatorTable(options.estimators, 'openLinearModelWith'));
}
