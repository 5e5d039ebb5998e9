/**
 * SGDClassifier's parameters (sklearn/linear_model/_stochastic_gradient.py, 1.2.1): their types, defaults
 * and `_parameter_constraints`, shared by SGDClassifier and its predict-only SGDClassifierPredictor.
 */
import type { ClassWeight } from './logistic-regression-predictor.js';
import { ParamChecker, moreValidate } from './sgd/base-sgd.js';
import { learningRateCode } from './sgd/learning-rate.js';
import { type BaseSGDParams, type LearningRate, type RegressionLossName, checkSgdParams } from './sgd-params.js';

/** The losses SGDClassifier accepts (scikit-learn 1.2.1's names); the regression losses work for classification too. */
export type ClassificationLoss =
  | 'hinge'
  | 'log_loss'
  /** Deprecated in scikit-learn 1.1 (removed in 1.3): 'log_loss', with a FutureWarning at fit. */
  | 'log'
  | 'modified_huber'
  | 'squared_hinge'
  | 'perceptron'
  | RegressionLossName;

/** Parameters of {@link SGDClassifier}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export interface SGDClassifierParams extends BaseSGDParams {
  /**
   * The loss function. 'hinge' gives a linear SVM, 'log_loss' logistic regression (probabilistic), 'modified_huber' a
   * smooth loss tolerant to outliers that also gives probabilities, 'squared_hinge' a quadratically penalized hinge,
   * 'perceptron' the perceptron's linear loss; the regression losses (see {@link SGDRegressorParams.loss}) work here
   * too. 'log' is 'log_loss' under its name deprecated in scikit-learn 1.1.
   * @defaultValue 'hinge'
   */
  loss: ClassificationLoss;
  /**
   * scikit-learn's number of CPUs for the one-vs-all computation; accepted for compatibility (and saved), the classes
   * are trained one after another here.
   * @defaultValue null
   */
  nJobs: number | null;
  /**
   * The learning-rate schedule: 'constant' (eta = eta0), 'optimal' (eta = 1 / (alpha * (t + t0)), t0 by Bottou's
   * heuristic), 'invscaling' (eta = eta0 / t^powerT), 'adaptive' (eta = eta0, divided by 5 each time `nIterNoChange`
   * epochs fail to improve by `tol`).
   * @defaultValue 'optimal'
   */
  learningRate: LearningRate;
  /**
   * The initial learning rate of the 'constant', 'invscaling' and 'adaptive' schedules (unused by 'optimal', hence 0).
   * @defaultValue 0
   */
  eta0: number;
  /**
   * The exponent of the 'invscaling' learning rate.
   * @defaultValue 0.5
   */
  powerT: number;
  /**
   * Whether to set aside a stratified `validationFraction` of the training data and stop when its accuracy does not
   * improve by `tol` for `nIterNoChange` consecutive epochs.
   * @defaultValue false
   */
  earlyStopping: boolean;
  /**
   * Weights of the classes: `{ label: weight }`, 'balanced' (n_samples / (n_classes * count of each class)), or `null`
   * for weight one for every class.
   * @defaultValue null
   */
  classWeight: ClassWeight;
}

/** The defaults of {@link SGDClassifierParams}, scikit-learn 1.2.1's. */
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

/** Every {@link ClassificationLoss}, in scikit-learn's order. */
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

/** scikit-learn's `_parameter_constraints` for SGDClassifier; throws INVALID_PARAMETER. */
export function checkSgdClassifierParams(className: string, params: SGDClassifierParams): void {
  const c = new ParamChecker(className, params as unknown as Record<string, unknown>);
  checkSgdParams(c, CLASSIFICATION_LOSSES);
  c.int('nJobs', -Infinity, true);
  c.classWeight('classWeight');
}

/** scikit-learn's `_more_validate_params` as fit runs it (the rules that tie eta0 and alpha to learning_rate). */
export function moreValidateSgdParams(className: string, params: SGDClassifierParams): void {
  const { earlyStopping, learningRate, eta0, alpha } = params;
  moreValidate(className, { earlyStopping, learningRate: learningRateCode(learningRate), eta0, alpha }, false);
}
