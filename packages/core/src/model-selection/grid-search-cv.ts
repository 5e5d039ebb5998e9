import { BaseSearchCV, type SearchOptions, checkSearchOptionNames } from './base-search.js';
import { ParameterGrid, type ParamGridInput, type ParamSet } from './parameter-grid.js';
import type { SearchEstimator } from './scoring.js';

/**
 * scikit-learn's GridSearchCV: every candidate of the ParameterGrid, on every fold. `fit` is async
 * (it may write a checkpoint and use worker threads) and resumes from `checkpoint` when given.
 *
 * ```ts
 * const search = new GridSearchCV(new SGDClassifier({ shuffle: false }),
 *   { alpha: [1e-5, 1e-4, 1e-3], loss: ['hinge', 'log_loss'], penalty: ['l2', 'elasticnet'] },
 *   { cv: new StratifiedKFold({ nSplits: 5 }), scoring: 'accuracy', checkpoint: 'search.h5', backend: hdf5Wasm() });
 * await search.fit(X, y);   // killed and rerun: finished (candidate, fold) pairs are read back, not refitted
 * search.cvResults_.mean_test_score; search.bestParams_; search.bestScore_; search.bestEstimator_;
 * ```
 *
 * Semantics follow scikit-learn 1.2.1: candidate order, fold assignment, scorers, `cv_results_`
 * columns, ranks (method 'min'), population std, NaN for failed fits (`errorScore`), first best on ties.
 * X may be a CsrMatrix, a DenseMatrix, rows of numbers, or raw documents for a pipeline
 * (`new PartialPipeline([['hashingvectorizer', hv], ['sgdclassifier', sgd]])` with parameters
 * `sgdclassifier__alpha`, ...). The checkpoint is a ModelCollection: document `search` holds the
 * fingerprint, the candidates and every finished result; model `search-best-<Class>` the best model
 * so far of each estimator family (refitted on all data). `nJobs` runs pairs on worker threads for the
 * six registry estimators with a named scoring; elsewhere (browsers, pipelines, scoring functions) the
 * search runs on the calling thread and says so in `warnings_`.
 */
export class GridSearchCV extends BaseSearchCV {
  /** scikit-learn's class name. */
  readonly className = 'GridSearchCV';
  /** The parameter grid, as given. */
  readonly paramGrid: ParamGridInput;

  constructor(estimator: SearchEstimator, paramGrid: ParamGridInput, options: SearchOptions = {}) {
    super(estimator, options);
    checkSearchOptionNames(this.className, options);
    this.paramGrid = paramGrid;
  }

  protected candidates(): ParamSet[] {
    return new ParameterGrid(this.paramGrid).toArray();
  }
}
