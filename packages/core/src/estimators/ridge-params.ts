import { IcepickleError } from '../errors.js';
import { ParamChecker } from './sgd/base-sgd.js';

/**
 * scikit-learn's ridge solvers. Every one of them is accepted (so a Python model's parameters load); fit
 * solves the problem exactly whatever the name (see Ridge.fit): 'svd' by an orthogonal factorisation, the
 * others by Cholesky of the normal equations ('auto' and 'cholesky' as scikit-learn does; the iterative
 * 'sparse_cg', 'lsqr', 'sag' and 'saga' reach the same optimum up to their `tol`, we land on it).
 * 'lbfgs' needs positive=True in scikit-learn, which is not implemented here.
 */
export type RidgeSolver = 'auto' | 'svd' | 'cholesky' | 'lsqr' | 'sparse_cg' | 'sag' | 'saga' | 'lbfgs';
export const RIDGE_SOLVERS: readonly RidgeSolver[] = [
  'auto',
  'svd',
  'cholesky',
  'lsqr',
  'sparse_cg',
  'sag',
  'saga',
  'lbfgs',
];

/** The parameters Ridge and RidgeClassifier share (scikit-learn's `_BaseRidge`). */
export interface BaseRidgeParams {
  /**
   * L2 penalty strength (≥ 0), one value or one per target.
   * @defaultValue 1
   */
  alpha: number | readonly number[];
  /**
   * Fit an intercept (X and y centred).
   * @defaultValue true
   */
  fitIntercept: boolean;
  /**
   * Kept for scikit-learn parity; X is never modified here.
   * @defaultValue true
   */
  copyX: boolean;
  /**
   * Iterations of scikit-learn's iterative solvers; unused by the exact solvers here.
   * @defaultValue null
   */
  maxIter: number | null;
  /**
   * Tolerance of scikit-learn's iterative solvers; unused by the exact solvers here.
   * @defaultValue 1e-4
   */
  tol: number;
  /**
   * See RidgeSolver.
   * @defaultValue 'auto'
   */
  solver: RidgeSolver;
  /**
   * Non-negative coefficients (scikit-learn's lbfgs); not implemented, fit refuses it.
   * @defaultValue false
   */
  positive: boolean;
  /**
   * Seed of scikit-learn's 'sag' / 'saga'; unused here.
   * @defaultValue null
   */
  randomState: number | null;
}

export const baseRidgeDefaults: BaseRidgeParams = {
  alpha: 1.0,
  fitIntercept: true,
  copyX: true,
  maxIter: null,
  tol: 1e-4,
  solver: 'auto',
  positive: false,
  randomState: null,
};

/** A plain copy of an alpha array (so params stay JSON-able), or the number itself. */
export function copyAlpha(alpha: unknown): unknown {
  if (alpha !== null && typeof alpha === 'object' && typeof (alpha as ArrayLike<number>).length === 'number') {
    return Array.from(alpha as ArrayLike<number>);
  }
  return alpha;
}

/** scikit-learn's `_BaseRidge._parameter_constraints` (alpha arrays: finite and ≥ 0 here). */
export function checkBaseRidgeParams(scope: string, params: BaseRidgeParams): void {
  const c = new ParamChecker(scope, params as unknown as Record<string, unknown>);
  const alpha = params.alpha as unknown;
  if (Array.isArray(alpha)) {
    const bad = alpha.findIndex((a) => typeof a !== 'number' || !Number.isFinite(a) || a < 0);
    if (alpha.length === 0 || bad >= 0) {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope,
        detail:
          alpha.length === 0
            ? "The 'alpha' parameter is an empty array"
            : `The 'alpha' parameter holds ${String(alpha[bad])} at ${bad}; penalties must be finite and >= 0`,
      });
    }
  } else {
    c.real('alpha', 0, Infinity, 'left');
  }
  c.bool('fitIntercept');
  c.bool('copyX');
  c.int('maxIter', 1, true);
  c.real('tol', 0, Infinity, 'left');
  c.options('solver', RIDGE_SOLVERS);
  c.bool('positive');
  c.randomState('randomState');
}
