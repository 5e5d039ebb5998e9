/**
 * SGDClassifier's parameters (sklearn/linear_model/_stochastic_gradient.py, 1.2.1): their types, defaults
 * and `_parameter_constraints`, shared by SGDClassifier and its predict-only SGDClassifierPredictor.
 */
import type { ClassWeight } from './logistic-regression-predictor.js';
import { ParamChecker, moreValidate } from './sgd/base-sgd.js';
import { learningRateCode } from './sgd/learning-rate.js';

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
/** The losses SGDRegressor accepts (scikit-learn 1.2.1's names). */
export type RegressionLossName = 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';
/** The regularization term: L2, L1, their elastic-net mix, or none (`null`). */
export type Penalty = 'l2' | 'l1' | 'elasticnet' | null;
/** The learning-rate schedule of SGD (scikit-learn's `learning_rate`). */
export type LearningRate = 'optimal' | 'constant' | 'invscaling' | 'adaptive';

/** Parameters of {@link SGDClassifier}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings. */
export interface SGDClassifierParams {
  /**
   * The loss function. 'hinge' gives a linear SVM, 'log_loss' logistic regression (probabilistic), 'modified_huber' a
   * smooth loss tolerant to outliers that also gives probabilities, 'squared_hinge' a quadratically penalized hinge,
   * 'perceptron' the perceptron's linear loss; the regression losses (see {@link SGDRegressorParams.loss}) work here
   * too. 'log' is 'log_loss' under its name deprecated in scikit-learn 1.1.
   * @defaultValue 'hinge'
   */
  loss: ClassificationLoss;
  /**
   * The regularization term: 'l2' (the standard regularizer of linear SVMs), 'l1' or 'elasticnet', which can make the
   * model sparse; `null` adds none.
   * @defaultValue 'l2'
   */
  penalty: Penalty;
  /**
   * Constant that multiplies the regularization term: the higher, the stronger the regularization. Also sets the
   * learning rate when `learningRate` is 'optimal'. In [0, ∞).
   * @defaultValue 0.0001
   */
  alpha: number;
  /**
   * The Elastic Net mixing parameter in [0, 1]: 0 is the L2 penalty, 1 the L1. Only used when `penalty` is
   * 'elasticnet'.
   * @defaultValue 0.15
   */
  l1Ratio: number;
  /**
   * Whether to estimate the intercept; when false the data is assumed to be centered already.
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * The maximum number of passes over the training data (epochs) in `fit`; `partialFit` always makes one.
   * @defaultValue 1000
   */
  maxIter: number;
  /**
   * The stopping criterion: when not `null`, training stops once loss > best_loss - tol for `nIterNoChange` consecutive
   * epochs (the training loss, or the validation score with `earlyStopping`).
   * @defaultValue 0.001
   */
  tol: number | null;
  /**
   * Whether to shuffle the training data after each epoch.
   * @defaultValue true
   */
  shuffle: boolean;
  /**
   * The verbosity level: above 0, each epoch's norm, NNZs, bias, t and average loss go to the `logger`, as scikit-learn
   * prints them.
   * @defaultValue 0
   */
  verbose: number;
  /**
   * Epsilon of the 'huber', 'epsilon_insensitive' and 'squared_epsilon_insensitive' losses: for 'huber', the threshold
   * past which getting the prediction exactly right matters less; for the epsilon-insensitive losses, differences below
   * it are ignored.
   * @defaultValue 0.1
   */
  epsilon: number;
  /**
   * scikit-learn's number of CPUs for the one-vs-all computation; accepted for compatibility (and saved), the classes
   * are trained one after another here.
   * @defaultValue null
   */
  nJobs: number | null;
  /**
   * Seed of the shuffling (and of early stopping's validation split), as scikit-learn's integer `random_state`; `null`
   * draws a fresh seed on each call.
   * @defaultValue null
   */
  randomState: number | null;
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
   * The fraction of the training data set aside for early stopping, in (0, 1). Only used with `earlyStopping`.
   * @defaultValue 0.1
   */
  validationFraction: number;
  /**
   * The number of epochs with no improvement to wait before stopping (or, with 'adaptive', before dividing the learning
   * rate).
   * @defaultValue 5
   */
  nIterNoChange: number;
  /**
   * Weights of the classes: `{ label: weight }`, 'balanced' (n_samples / (n_classes * count of each class)), or `null`
   * for weight one for every class.
   * @defaultValue null
   */
  classWeight: ClassWeight;
  /**
   * Whether `fit` starts from the previous solution instead of erasing it. Repeated fits then differ from one fit,
   * because of the shuffling and the learning rate's sample counter.
   * @defaultValue false
   */
  warmStart: boolean;
  /**
   * `true` stores the averaged SGD weights across all updates in coef_; an integer n > 1 starts averaging once n
   * samples have been seen.
   * @defaultValue false
   */
  average: boolean | number;
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
/** Every {@link Penalty}. */
export const PENALTIES: readonly Penalty[] = ['l2', 'l1', 'elasticnet', null];
/** Every {@link LearningRate}. */
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
