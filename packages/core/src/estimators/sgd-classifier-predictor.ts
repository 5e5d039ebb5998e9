/**
 * SGDClassifier without its training code: the parameters, their checks and the predictions of a fitted
 * model. A page that only loads a model and predicts imports this class and ships none of the SGD loops
 * (`loadCoefficients(new SGDClassifierPredictor(), …)`, or among `loadPipelineWith`'s steps); files know
 * it as SGDClassifier. SGDClassifier itself trains (sgd-classifier.ts).
 */
import type { MatrixInput } from '../math/input.js';
import { LinearClassifier } from './linear-classifier.js';
import type { EstimatorOptions } from './logger.js';
import type { Label } from './metrics.js';
import {
  type SGDClassifierParams,
  checkSgdClassifierParams,
  moreValidateSgdParams,
  sgdClassifierDefaults,
} from './sgd-classifier-params.js';

export class SGDClassifierPredictor<L extends Label = Label> extends LinearClassifier<SGDClassifierParams, L> {
  readonly className = 'SGDClassifier';

  constructor(params: EstimatorOptions<SGDClassifierParams> = {}) {
    super('SGDClassifier', sgdClassifierDefaults, params);
  }

  /** Checks every parameter value by SGDClassifier's rules (INVALID_PARAMETER); loading runs it on recorded ones. */
  checkParams(): void {
    checkSgdClassifierParams(this.className, this.params);
    moreValidateSgdParams(this.className, this.params);
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
