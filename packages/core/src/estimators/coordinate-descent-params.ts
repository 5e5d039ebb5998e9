import { IcepickleError } from '../errors.js';
import { ParamChecker } from './sgd/base-sgd.js';

/** The parameters ElasticNet has (Lasso has them all but l1Ratio), as scikit-learn 1.2.1 names them. */
export interface ElasticNetParams {
  /**
   * Penalty strength (≥ 0).
   * @defaultValue 1
   */
  alpha: number;
  /**
   * L1 share of the penalty (0: ridge-like, 1: lasso).
   * @defaultValue 0.5
   */
  l1Ratio: number;
  /**
   * Fit an intercept.
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * Use a precomputed Gram matrix (scikit-learn's option; a boolean, or the matrix).
   * @defaultValue false
   */
  precompute: boolean | ArrayLike<ArrayLike<number>>;
  /**
   * Coordinate-descent iterations at most (scikit-learn's).
   * @defaultValue 1000
   */
  maxIter: number | null;
  /**
   * Kept for scikit-learn parity.
   * @defaultValue true
   */
  copyX: boolean;
  /**
   * Duality-gap tolerance (scikit-learn's).
   * @defaultValue 1e-4
   */
  tol: number;
  /**
   * Start from the current coefficients (scikit-learn's).
   * @defaultValue false
   */
  warmStart: boolean;
  /**
   * Non-negative coefficients (scikit-learn's).
   * @defaultValue false
   */
  positive: boolean;
  /**
   * Seed for selection='random' (scikit-learn's).
   * @defaultValue null
   */
  randomState: number | null;
  /**
   * 'cyclic' or 'random' coordinate order (scikit-learn's).
   * @defaultValue 'cyclic'
   */
  selection: 'cyclic' | 'random';
}

/**
 * Parameters of {@link Lasso}: ElasticNet's without `l1Ratio` (scikit-learn 1.2.1's, with its defaults and meanings).
 */
export type LassoParams = Omit<ElasticNetParams, 'l1Ratio'>;

/** The defaults of {@link ElasticNetParams}, scikit-learn 1.2.1's. */
export const elasticNetDefaults: ElasticNetParams = {
  alpha: 1.0,
  l1Ratio: 0.5,
  fitIntercept: true,
  precompute: false,
  maxIter: 1000,
  copyX: true,
  tol: 1e-4,
  warmStart: false,
  positive: false,
  randomState: null,
  selection: 'cyclic',
};

const { l1Ratio: _unused, ...lassoOnly } = elasticNetDefaults;
/** The defaults of {@link LassoParams}, scikit-learn 1.2.1's. */
export const lassoDefaults: LassoParams = lassoOnly;

/** scikit-learn 1.2.1's ElasticNet / Lasso `_parameter_constraints`. */
export function checkCoordinateDescentParams(scope: string, params: LassoParams | ElasticNetParams): void {
  const c = new ParamChecker(scope, params as unknown as Record<string, unknown>);
  c.real('alpha', 0, Infinity, 'left');
  if ('l1Ratio' in params) c.real('l1Ratio', 0, 1, 'both');
  c.bool('fitIntercept');
  const pre = params.precompute as unknown;
  if (typeof pre !== 'boolean' && !(pre !== null && typeof pre === 'object' && 'length' in (pre as object))) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `The 'precompute' parameter of ${scope} must be an instance of 'bool' or an array-like. Got ${JSON.stringify(pre)} instead.`,
    });
  }
  c.int('maxIter', 1, true);
  c.bool('copyX');
  c.real('tol', 0, Infinity, 'left');
  c.bool('warmStart');
  c.bool('positive');
  c.randomState('randomState');
  c.options('selection', ['cyclic', 'random']);
}
