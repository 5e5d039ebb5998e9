/**
 * Estimator parameters are camelCase in TypeScript and snake_case in scikit-learn. The mapping is
 * mechanical except for a few names, listed here once.
 */
const SPECIAL: Record<string, string> = { C: 'C', copyX: 'copy_X' };
const SPECIAL_BACK: Record<string, string> = Object.fromEntries(Object.entries(SPECIAL).map(([k, v]) => [v, k]));

/** A camelCase parameter name → scikit-learn's (`fitIntercept` → `fit_intercept`, `copyX` → `copy_X`). */
export function toSklearnName(name: string): string {
  return SPECIAL[name] ?? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A scikit-learn parameter name → ours (`fit_intercept` → `fitIntercept`). */
export function fromSklearnName(name: string): string {
  if (Object.hasOwn(SPECIAL_BACK, name)) return SPECIAL_BACK[name]!;
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** camelCase params → scikit-learn's get_params() names (values untouched). */
export function toSklearnParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[toSklearnName(k)] = v;
  return out;
}

/** scikit-learn's get_params() names → camelCase params (values untouched). */
export function fromSklearnParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[fromSklearnName(k)] = v;
  return out;
}
