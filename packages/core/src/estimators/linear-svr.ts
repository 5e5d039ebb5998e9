import type { MatrixInput } from '../math/input.js';
import type { LinearCoefficients } from './linear-model.js';
import { LinearRegressor } from './linear-regressor.js';
import { trainInPython } from './python-only.js';
import { withRowIntercept } from './scalar-intercept.js';
import { ParamChecker } from './sgd/base-sgd.js';
import type { EstimatorOptions } from './logger.js';

/**
 * Parameters of {@link LinearSVR}: scikit-learn 1.2.1's, camelCased, with its defaults and meanings (stored and saved;
 * training needs liblinear, so happens in Python).
 */
export interface LinearSVRParams {
  /**
   * Width of the insensitive tube.
   * @defaultValue 0
   */
  epsilon: number;
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
   * The loss: 'epsilon_insensitive' (L1 loss) or 'squared_epsilon_insensitive' (L2 loss).
   * @defaultValue 'epsilon_insensitive'
   */
  loss: 'epsilon_insensitive' | 'squared_epsilon_insensitive';
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
   * Solve the dual problem (liblinear).
   * @defaultValue true
   */
  dual: boolean;
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

/** The defaults of {@link LinearSVRParams}, scikit-learn 1.2.1's. */
export const linearSVRDefaults: LinearSVRParams = {
  epsilon: 0.0,
  tol: 1e-4,
  C: 1.0,
  loss: 'epsilon_insensitive',
  fitIntercept: true,
  interceptScaling: 1.0,
  dual: true,
  verbose: 0,
  randomState: null,
  maxIter: 1000,
};

/**
 * scikit-learn 1.2.1's LinearSVR (sklearn.svm.LinearSVR, liblinear), for models trained in Python:
 * load (coef (n_features,), intercept (1,), as scikit-learn stores them), predict, score (R²). `fit` is
 * not available.
 */
export class LinearSVR extends LinearRegressor<LinearSVRParams> {
  readonly className = 'LinearSVR';

  constructor(params: EstimatorOptions<LinearSVRParams> = {}) {
    super('LinearSVR', linearSVRDefaults, params);
    this.checkParams();
  }

  protected override checkParamsOnSet(): void {
    this.checkParams();
  }

  /** Throws NOT_SUPPORTED: train in Python (sklearn.svm.LinearSVR) and load the coefficients. */
  fit(_X: MatrixInput, _y: ArrayLike<number>): this {
    throw trainInPython(this.className, 'sklearn.svm.LinearSVR');
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }

  /** LinearSVR's `_parameter_constraints`. */
  checkParams(): void {
    const c = new ParamChecker(this.className, this.params as unknown as Record<string, unknown>);
    c.real('epsilon', -Infinity, Infinity, 'neither');
    c.real('tol', 0, Infinity, 'neither');
    c.real('C', 0, Infinity, 'neither');
    c.options('loss', ['epsilon_insensitive', 'squared_epsilon_insensitive']);
    c.bool('fitIntercept');
    c.real('interceptScaling', 0, Infinity, 'neither');
    c.bool('dual');
    c.verbose('verbose');
    c.randomState('randomState');
    c.int('maxIter', 0);
  }
}
