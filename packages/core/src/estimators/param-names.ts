import { IcepickleError } from '../errors.js';

/**
 * Refuses option names the estimator does not have, as Python refuses an unexpected keyword argument
 * to a scikit-learn constructor, listing the valid (camelCase) names. `undefined` values count as absent.
 */
export function checkParamNames(scope: string, given: object, defaults: object): void {
  const unknown = Object.keys(given).filter(
    (k) => !Object.hasOwn(defaults, k) && (given as Record<string, unknown>)[k] !== undefined,
  );
  if (unknown.length === 0) return;
  const names = unknown.map((k) => `'${k}'`).join(', ');
  throw new IcepickleError('INVALID_PARAMETER', {
    scope,
    detail: `unknown parameter${unknown.length === 1 ? '' : 's'} ${names}; valid parameters: ${Object.keys(defaults).join(', ')}`,
  });
}
