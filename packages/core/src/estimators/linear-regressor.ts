import { toNumbers, toRows } from '../math/decision.js';
import type { MatrixInput } from '../math/input.js';
import { LinearModel } from './linear-model.js';
import { r2Score } from './metrics.js';

/** Regressors: predictions in scikit-learn's shapes, R². */
export abstract class LinearRegressor<P extends object> extends LinearModel<P> {
  /** Always 'regressor'. */
  readonly estimatorType = 'regressor' as const;

  /** (n,) for a single target, (n, T) for several. */
  predict(X: MatrixInput): number[] | number[][] {
    const values = this.decide(X);
    return this.coefShape.length === 1 ? toNumbers(values) : toRows(values, this.nOutputs);
  }

  /** R², uniformly averaged over outputs (scikit-learn's RegressorMixin.score). */
  score(X: MatrixInput, y: ArrayLike<number> | ArrayLike<ArrayLike<number>>, sampleWeight?: ArrayLike<number>): number {
    return r2Score(y, this.predict(X), sampleWeight);
  }
}
