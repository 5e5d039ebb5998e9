/**
 * The parameters of scikit-learn 1.2.1's SGD family (sklearn/linear_model/_stochastic_gradient.py and
 * _perceptron.py): those SGDClassifier, SGDRegressor and Perceptron all take with one meaning and one
 * default (SGDFamilyParams); those SGDClassifier and SGDRegressor share (BaseSGDParams, scikit-learn's
 * `BaseSGD`); their vocabulary (regression losses, penalties, learning-rate schedules); and the
 * `_parameter_constraints` both declare. What differs stays with each class: the losses, and the
 * learning-rate defaults (learningRate, eta0, powerT), early stopping's score, nJobs and classWeight.
 */
import type { ParamChecker } from './sgd/base-sgd.js';

/** The losses SGDRegressor accepts (scikit-learn 1.2.1's names). */
export type RegressionLossName = 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';
/** The regularization term: L2, L1, their elastic-net mix, or none (`null`). */
export type Penalty = 'l2' | 'l1' | 'elasticnet' | null;
/** The learning-rate schedule of SGD (scikit-learn's `learning_rate`). */
export type LearningRate = 'optimal' | 'constant' | 'invscaling' | 'adaptive';

/** Every {@link RegressionLossName}, in scikit-learn's order. */
export const REGRESSION_LOSSES: readonly RegressionLossName[] = [
  'squared_error',
  'huber',
  'epsilon_insensitive',
  'squared_epsilon_insensitive',
];
/** Every {@link Penalty}. */
export const PENALTIES: readonly Penalty[] = ['l2', 'l1', 'elasticnet', null];
/** Every {@link LearningRate}. */
export const LEARNING_RATES: readonly LearningRate[] = ['constant', 'optimal', 'invscaling', 'adaptive'];

/**
 * The parameters every class of scikit-learn's SGD family (SGDClassifier, SGDRegressor, Perceptron) takes with one
 * meaning and one default: the epochs, their stopping rule and the elastic-net mix.
 */
export interface SGDFamilyParams {
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
   * The fraction of the training data set aside for early stopping, in (0, 1). Only used with `earlyStopping`.
   * @defaultValue 0.1
   */
  validationFraction: number;
  /**
   * The number of epochs with no improvement to wait before stopping (or, with SGD's 'adaptive' learning rate, before
   * dividing it).
   * @defaultValue 5
   */
  nIterNoChange: number;
  /**
   * Whether `fit` starts from the previous solution instead of erasing it. Repeated fits then differ from one fit,
   * because of the shuffling and the learning rate's sample counter.
   * @defaultValue false
   */
  warmStart: boolean;
}

/** The parameters {@link SGDClassifierParams} and {@link SGDRegressorParams} share (scikit-learn's `BaseSGD`). */
export interface BaseSGDParams extends SGDFamilyParams {
  /**
   * The regularization term: 'l2' (the standard regularizer of linear SVMs), 'l1' or 'elasticnet' (the last two can
   * make the model sparse); `null` adds none.
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
   * Epsilon of the 'huber', 'epsilon_insensitive' and 'squared_epsilon_insensitive' losses: for 'huber', the threshold
   * past which getting the prediction exactly right matters less; for the epsilon-insensitive losses, differences below
   * it are ignored.
   * @defaultValue 0.1
   */
  epsilon: number;
  /**
   * Seed of the shuffling (and of early stopping's validation split), as scikit-learn's integer `random_state`; `null`
   * draws a fresh seed on each call.
   * @defaultValue null
   */
  randomState: number | null;
  /**
   * `true` stores the averaged SGD weights across all updates in coef_; an integer n > 1 starts averaging once n
   * samples have been seen.
   * @defaultValue false
   */
  average: boolean | number;
}

/**
 * The `_parameter_constraints` SGDClassifier and SGDRegressor both declare, in their order (the first
 * invalid one is reported): BaseSGD's common rules, then `loss` among `losses`, penalty, alpha, l1_ratio,
 * power_t, epsilon, learning_rate and eta0. Throws INVALID_PARAMETER.
 */
export function checkSgdParams(c: ParamChecker, losses: readonly string[]): void {
  c.common();
  c.options('loss', losses);
  c.options('penalty', PENALTIES);
  c.real('alpha', 0, Infinity, 'left');
  c.real('l1Ratio', 0, 1, 'both');
  c.real('powerT', -Infinity, Infinity, 'neither');
  c.real('epsilon', 0, Infinity, 'left');
  c.options('learningRate', LEARNING_RATES);
  c.real('eta0', 0, Infinity, 'left');
}
