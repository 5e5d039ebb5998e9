import type { MatrixInput } from '../math/input.js';
import { binaryRow, normaliseRows } from './linear-classifier.js';
import type { ClassWeight } from './logistic-regression.js';
import type { Label } from './metrics.js';
import { ParamChecker, type SgdSettings, settingsFromSgdParams } from './sgd/base-sgd.js';
import {
  BaseSGDClassifier,
  type SGDClassifierFitOptions,
  type SGDClassifierPartialFitOptions,
} from './sgd/base-sgd-classifier.js';
import type { EstimatorOptions } from './logger.js';

export type ClassificationLoss =
  | 'hinge'
  | 'log_loss'
  /** Deprecated in scikit-learn 1.1 (removed in 1.3): 'log_loss', with a FutureWarning at fit. */
  | 'log'
  | 'modified_huber'
  | 'squared_hinge'
  | 'perceptron'
  | RegressionLossName;
export type RegressionLossName = 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';
export type Penalty = 'l2' | 'l1' | 'elasticnet' | null;
export type LearningRate = 'optimal' | 'constant' | 'invscaling' | 'adaptive';

export interface SGDClassifierParams {
  loss: ClassificationLoss;
  penalty: Penalty;
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  shuffle: boolean;
  verbose: number;
  epsilon: number;
  nJobs: number | null;
  randomState: number | null;
  learningRate: LearningRate;
  eta0: number;
  powerT: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  classWeight: ClassWeight;
  warmStart: boolean;
  average: boolean | number;
}

export const sgdClassifierDefaults: SGDClassifierParams = {
  loss: 'hinge',
  penalty: 'l2',
  alpha: 0.0001,
  l1Ratio: 0.15,
  fitIntercept: true,
  maxIter: 1000,
  tol: 0.001,
  shuffle: true,
  verbose: 0,
  epsilon: 0.1,
  nJobs: null,
  randomState: null,
  learningRate: 'optimal',
  eta0: 0.0,
  powerT: 0.5,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 5,
  classWeight: null,
  warmStart: false,
  average: false,
};

export const CLASSIFICATION_LOSSES: readonly ClassificationLoss[] = [
  'hinge',
  'log_loss',
  'log',
  'modified_huber',
  'squared_hinge',
  'perceptron',
  'squared_error',
  'huber',
  'epsilon_insensitive',
  'squared_epsilon_insensitive',
];
export const PENALTIES: readonly Penalty[] = ['l2', 'l1', 'elasticnet', null];
export const LEARNING_RATES: readonly LearningRate[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

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
    const c = new ParamChecker(this.className, this.params as unknown as Record<string, unknown>);
    c.common();
    c.options('loss', CLASSIFICATION_LOSSES);
    c.options('penalty', PENALTIES);
    c.real('alpha', 0, Infinity, 'left');
    c.real('l1Ratio', 0, 1, 'both');
    c.real('powerT', -Infinity, Infinity, 'neither');
    c.real('epsilon', 0, Infinity, 'left');
    c.options('learningRate', LEARNING_RATES);
    c.real('eta0', 0, Infinity, 'left');
    c.int('nJobs', -Infinity, true);
    c.classWeight('classWeight');
  }

  /** Only for loss 'log_loss' (or its deprecated 'log': logistic, one-vs-rest) and 'modified_huber', as scikit-learn. */
  predictProba(X: MatrixInput): number[][] {
    const loss = this.params.loss;
    if (loss === 'log_loss' || loss === 'log') return this.probaOvrLogistic(X);
    if (loss !== 'modified_huber') {
      throw this.notSupported(
        `probability estimates are not available for loss='${loss}' (use 'log_loss' or 'modified_huber')`,
      );
    }
    const values = this.decide(X);
    for (let i = 0; i < values.length; i++) values[i] = (Math.min(1, Math.max(-1, values[i]!)) + 1) / 2;
    if (this.nOutputs === 1) return Array.from(values, binaryRow);
    return normaliseRows(values, this.nOutputs);
  }

  predictLogProba(X: MatrixInput): number[][] {
    return this.predictProba(X).map((row) => row.map(Math.log));
  }
}
