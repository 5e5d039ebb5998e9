/**
 * SGDClassifier's parameters (sklearn/linear_model/_stochastic_gradient.py, 1.2.1): their types, defaults
 * and `_parameter_constraints`, shared by SGDClassifier and its predict-only SGDClassifierPredictor.
 */
import type { ClassWeight } from './logistic-regression-predictor.js';
import { ParamChecker, moreValidate } from './sgd/base-sgd.js';
import { learningRateCode } from './sgd/learning-rate.js';

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

/** scikit-learn's `_parameter_constraints` for SGDClassifier; throws INVALID_PARAMETER. */
export function checkSgdClassifierParams(className: string, params: SGDClassifierParams): void {
  const c = new ParamChecker(className, params as unknown as Record<string, unknown>);
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

/** scikit-learn's `_more_validate_params` as fit runs it (the rules that tie eta0 and alpha to learning_rate). */
export function moreValidateSgdParams(className: string, params: SGDClassifierParams): void {
  const { earlyStopping, learningRate, eta0, alpha } = params;
  moreValidate(className, { earlyStopping, learningRate: learningRateCode(learningRate), eta0, alpha }, false);
}
