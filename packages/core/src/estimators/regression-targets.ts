import { IcepickleError } from '../errors.js';

export interface RegressionTargets {
  /** Row-major n × nTargets. */
  values: Float64Array;
  nTargets: number;
  /** True when y was given as rows (n, T), even with T = 1. */
  multiOutput: boolean;
}

/** y as (n,) or (n, T), finite, into one row-major buffer; errors name the estimator and the entry. */
export function regressionTargets(
  scope: string,
  y: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  n: number,
): RegressionTargets {
  const bad = (detail: string): IcepickleError => new IcepickleError('INVALID_INPUT', { scope, detail });
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number')
    throw bad('y must be an array of numbers or of rows of numbers');
  if (y.length !== n)
    throw new IcepickleError('SHAPE_MISMATCH', { scope, detail: `y has ${y.length} rows but X has ${n}` });
  const multiOutput = n > 0 && typeof y[0] === 'object' && y[0] !== null;
  const T = multiOutput ? (y[0] as ArrayLike<number>).length : 1;
  if (multiOutput && T === 0) throw bad('y has rows with no targets');
  const values = new Float64Array(n * T);
  const finite = (v: unknown, where: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${where} is ${String(v)}, expected a finite number`);
    return v;
  };
  for (let i = 0; i < n; i++) {
    const row = y[i];
    if (!multiOutput) {
      values[i] = finite(row, `y[${i}]`);
      continue;
    }
    if (row === null || typeof row !== 'object' || (row as ArrayLike<number>).length !== T)
      throw bad(`y is ragged: row ${i} does not have ${T} targets`);
    for (let t = 0; t < T; t++) values[i * T + t] = finite((row as ArrayLike<number>)[t], `y[${i}][${t}]`);
  }
  return { values, nTargets: T, multiOutput };
}
