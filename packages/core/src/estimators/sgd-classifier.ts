import type { MatrixInput } from '../math/input.js';
import type { EstimatorOptions } from './logger.js';
import type { Label } from './metrics.js';
import { type SGDClassifierParams, checkSgdClassifierParams, sgdClassifierDefaults } from './sgd-classifier-params.js';
import { type SgdSettings, settingsFromSgdParams } from './sgd/base-sgd.js';
import {
  BaseSGDClassifier,
  type SGDClassifierFitOptions,
  type SGDClassifierPartialFitOptions,
} from './sgd/base-sgd-classifier.js';

export {
  CLASSIFICATION_LOSSES,
  type ClassificationLoss,
  type SGDClassifierParams,
  sgdClassifierDefaults,
} from './sgd-classifier-params.js';

/**
 * Linear classifiers trained by SGD, as scikit-learn 1.2.1's SGDClassifier: coef_, intercept_, n_iter_
 * and t_ equal scikit-learn's (bit for bit, except ~1e-13 where glibc's exp/pow round differently from
 * our correctly rounded ones). With shuffle=true and an integer randomState the sample order is
 * scikit-learn's too, and so is early stopping's validation split (numpy's legacy Mersenne Twister,
 * StratifiedShuffleSplit and SequentialDataset.shuffle are reproduced); with randomState null each call
 * draws a fresh seed. Early stopping scores the held-out rows by accuracy with the weights as stored
 * (before the lazy L2 scale is applied), as scikit-learn does. Warnings (ConvergenceWarning) of the last
 * call are in `warnings_`.
 */
export class SGDClassifier<L extends Label = Label> extends BaseSGDClassifier<SGDClassifierParams, L> {
  readonly className = 'SGDClassifier';

  constructor(params: EstimatorOptions<SGDClassifierParams> = {}) {
    super('SGDClassifier', sgdClassifierDefaults, params);
  }

  /** scikit-learn's fit: every epoch up to maxIter (or until tol / early stopping), from scratch unless warmStart. */
  fit(X: MatrixInput, y: ArrayLike<L>, options?: SGDClassifierFitOptions): this {
    return this.fitClassifier(X, y, options);
  }

  /** One epoch over this batch; `classes` is required on the first call unless classes_ exists. */
  partialFit(X: MatrixInput, y: ArrayLike<L>, options?: SGDClassifierPartialFitOptions): this {
    return this.partialFitClassifier(X, y, options);
  }

  protected settings(): SgdSettings {
    return settingsFromSgdParams(this.params);
  }

  protected validateParams(): void {
    checkSgdClassifierParams(this.className, this.params);
  }

  /** Only for loss 'log_loss' (or its deprecated 'log': logistic, one-vs-rest) and 'modified_huber', as scikit-learn. */
  predictProba(X: MatrixInput): number[][] {
    return this.probaSgd(X, this.params.loss);
  }

  /** The natural logarithm of predictProba (same losses only). */
  predictLogProba(X: MatrixInput): number[][] {
    return this.predictProba(X).map((row) => row.map(Math.log));
  }
}
