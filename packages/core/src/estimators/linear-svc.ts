import type { MatrixInput } from '../math/input.js';
import type { ClassWeightOption } from './class-weight.js';
import { LinearClassifier } from './linear-classifier.js';
import type { LinearCoefficients } from './linear-model.js';
import type { Label } from './metrics.js';
import { trainInPython } from './python-only.js';
import { withRowIntercept } from './scalar-intercept.js';
import { ParamChecker } from './sgd/base-sgd.js';
import type { EstimatorOptions } from './logger.js';

/**
 * Parameters of {@link LinearSVC}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings (stored and saved;
 * training needs liblinear, so happens in Python).
 */
export interface LinearSVCParams {
  /**
   * The norm of the penalty: 'l2' (standard for SVC) or 'l1' (sparse coef_).
   * @defaultValue 'l2'
   */
  penalty: 'l2' | 'l1';
  /**
   * The loss: 'hinge' (the standard SVM loss) or 'squared_hinge' (its square).
   * @defaultValue 'squared_hinge'
   */
  loss: 'hinge' | 'squared_hinge';
  /**
   * Solve the dual problem (liblinear).
   * @defaultValue true
   */
  dual: boolean;
  /**
   * Stopping tolerance (> 0).
   * @defaultValue 1e-4
   */
  tol: number;
  /**
   * Inverse regularisation strength (> 0).
   * @defaultValue 1
   */
  C: number;
  /**
   * Multi-class strategy: 'ovr' (one-vs-rest) or 'crammer_singer' (a joint objective over all classes); both give one
   * row of coef per class.
   * @defaultValue 'ovr'
   */
  multiClass: 'ovr' | 'crammer_singer';
  /**
   * Fit an intercept.
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * liblinear's synthetic feature value (> 0); intercept_ already includes it.
   * @defaultValue 1
   */
  interceptScaling: number;
  /**
   * {label: weight}, 'balanced' or null.
   * @defaultValue null
   */
  classWeight: ClassWeightOption;
  /**
   * liblinear's verbosity.
   * @defaultValue 0
   */
  verbose: number;
  /**
   * liblinear's seed.
   * @defaultValue null
   */
  randomState: number | null;
  /**
   * liblinear's iteration limit (≥ 0).
   * @defaultValue 1000
   */
  maxIter: number;
}

/** The defaults of {@link LinearSVCParams}, scikit-learn 1.2.1's. */
export const linearSVCDefaults: LinearSVCParams = {
  penalty: 'l2',
  loss: 'squared_hinge',
  dual: true,
  tol: 1e-4,
  C: 1.0,
  multiClass: 'ovr',
  fitIntercept: true,
  interceptScaling: 1,
  classWeight: null,
  verbose: 0,
  randomState: null,
  maxIter: 1000,
};

/**
 * scikit-learn 1.2.1's LinearSVC (sklearn.svm.LinearSVC, liblinear), for models trained in Python: load,
 * decisionFunction (one-vs-rest: (n,) for two classes, (n, n_classes) otherwise), predict, score. No
 * predictProba, as scikit-learn. `fit` is not available.
 */
export class LinearSVC<L extends Label = Label> extends LinearClassifier<LinearSVCParams, L> {
  readonly className = 'LinearSVC';

  constructor(params: EstimatorOptions<LinearSVCParams> = {}) {
    super('LinearSVC', linearSVCDefaults, params);
    this.checkParams();
  }

  protected override checkParamsOnSet(): void {
    this.checkParams();
  }

  /** Throws NOT_SUPPORTED: train in Python (sklearn.svm.LinearSVC) and load the coefficients. */
  fit(_X: MatrixInput, _y: ArrayLike<L>): this {
    throw trainInPython(this.className, 'sklearn.svm.LinearSVC');
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }

  /** LinearSVC's `_parameter_constraints`. */
  checkParams(): void {
    const c = new ParamChecker(this.className, this.params as unknown as Record<string, unknown>);
    c.options('penalty', ['l2', 'l1']);
    c.options('loss', ['hinge', 'squared_hinge']);
    c.bool('dual');
    c.real('tol', 0, Infinity, 'neither');
    c.real('C', 0, Infinity, 'neither');
    c.options('multiClass', ['ovr', 'crammer_singer']);
    c.bool('fitIntercept');
    c.real('interceptScaling', 0, Infinity, 'neither');
    c.classWeight('classWeight');
    c.verbose('verbose');
    c.randomState('randomState');
    c.int('maxIter', 0);
  }
}
