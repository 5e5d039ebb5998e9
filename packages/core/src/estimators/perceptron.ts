import type { MatrixInput } from '../math/input.js';
import type { ClassWeightOption } from './class-weight.js';
import type { Label } from './metrics.js';
import { ParamChecker, type SgdSettings, settingsFromSgdParams } from './sgd/base-sgd.js';
import {
  BaseSGDClassifier,
  type SGDClassifierFitOptions,
  type SGDClassifierPartialFitOptions,
} from './sgd/base-sgd-classifier.js';
import { PENALTIES, type Penalty, type SGDFamilyParams } from './sgd-params.js';
import type { EstimatorOptions } from './logger.js';

/**
 * Parameters of {@link Perceptron}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings; those it shares
 * with SGDClassifier and SGDRegressor are {@link SGDFamilyParams}.
 */
export interface PerceptronParams extends SGDFamilyParams {
  /**
   * Regularisation: null, 'l2', 'l1' or 'elasticnet'.
   * @defaultValue null
   */
  penalty: Penalty;
  /**
   * Penalty strength, used when penalty is set.
   * @defaultValue 1e-4
   */
  alpha: number;
  /**
   * The constant learning rate.
   * @defaultValue 1
   */
  eta0: number;
  /**
   * Accepted for scikit-learn parity; one thread here.
   * @defaultValue null
   */
  nJobs: number | null;
  /**
   * Seed of the shuffling and of early stopping's split.
   * @defaultValue 0 (scikit-learn's default for Perceptron)
   */
  randomState: number | null;
  /**
   * Hold out validationFraction of the data and stop on its accuracy.
   * @defaultValue false
   */
  earlyStopping: boolean;
  /**
   * {label: weight}, 'balanced' or null.
   * @defaultValue null
   */
  classWeight: ClassWeightOption;
}

/** The defaults of {@link PerceptronParams}, scikit-learn 1.2.1's. */
export const perceptronDefaults: PerceptronParams = {
  penalty: null,
  alpha: 0.0001,
  l1Ratio: 0.15,
  fitIntercept: true,
  maxIter: 1000,
  tol: 1e-3,
  shuffle: true,
  verbose: 0,
  eta0: 1.0,
  nJobs: null,
  randomState: 0,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 5,
  classWeight: null,
  warmStart: false,
};

/**
 * scikit-learn 1.2.1's Perceptron (sklearn/linear_model/_perceptron.py): SGDClassifier with
 * loss='perceptron', learning_rate='constant' and power_t 0.5, run by the same exact SGD loop, so fit
 * and partialFit give scikit-learn's coef_, intercept_, n_iter_ and t_ bit for bit (shuffled too, with an
 * integer randomState). No predictProba, as scikit-learn.
 */
export class Perceptron<L extends Label = Label> extends BaseSGDClassifier<PerceptronParams, L> {
  readonly className = 'Perceptron';

  constructor(params: EstimatorOptions<PerceptronParams> = {}) {
    super('Perceptron', perceptronDefaults, params);
    this.validateParams();
  }

  protected override checkParamsOnSet(): void {
    this.validateParams();
  }

  /** scikit-learn's fit: epochs up to maxIter (or until tol / early stopping), from scratch unless warmStart. */
  fit(X: MatrixInput, y: ArrayLike<L>, options?: SGDClassifierFitOptions): this {
    return this.fitClassifier(X, y, options);
  }

  /** One epoch over this batch; `classes` is required on the first call unless classes_ exists. */
  partialFit(X: MatrixInput, y: ArrayLike<L>, options?: SGDClassifierPartialFitOptions): this {
    return this.partialFitClassifier(X, y, options);
  }

  protected settings(): SgdSettings {
    return settingsFromSgdParams({
      ...this.params,
      loss: 'perceptron',
      learningRate: 'constant',
      powerT: 0.5,
      epsilon: 0.1,
      average: false,
    });
  }

  /** Perceptron's `_parameter_constraints`: BaseSGDClassifier's without loss and average. */
  protected validateParams(): void {
    const c = new ParamChecker(this.className, { ...this.params, average: false } as unknown as Record<
      string,
      unknown
    >);
    c.common();
    c.options('penalty', PENALTIES);
    c.real('alpha', 0, Infinity, 'left');
    c.real('l1Ratio', 0, 1, 'both');
    c.real('eta0', 0, Infinity, 'left');
    c.int('nJobs', -Infinity, true);
    c.classWeight('classWeight');
  }
}
