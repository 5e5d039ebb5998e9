import type { LinearCoefficients } from '../estimators/linear-model.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import type { MatrixInput } from '../math/input.js';
import { scaledDenseDecision } from '../wasm-kernel/scaled-dot.js';
import type { NamedStep } from './types.js';

/** What a transformer whose dense transform is (x − shift[j]) / divisor[j] per column tells (StandardScaler). */
export interface ColumnAffine {
  shift: Float64Array;
  divisor: Float64Array;
}

/** The parts of a single-output linear model this route reads (duck-typed: core's LinearModel). */
interface LinearFinal {
  getCoefficients(): LinearCoefficients;
  withDecisions(decide: (X: MatrixInput) => Float64Array): Record<string, (X: unknown) => unknown>;
}

/**
 * [column-affine transformer, single-output linear model] on a DenseMatrix: the final step's `method` on
 * decisions computed straight from X (wasm-kernel/scaled-dot.ts: the same values as transform then
 * decide, bit for bit, without the scaled copy of X). Undefined when the route does not apply, or when
 * a decision is not finite: the steps then run as usual, and throw what they throw (X's infinities, NaN).
 */
export function predictThroughAffine(steps: readonly NamedStep[], X: unknown, method: string): unknown {
  if (steps.length !== 2 || !(X instanceof DenseMatrix)) return undefined;
  const [n, m] = X.shape;
  const first = steps[0]![1] as { columnAffine?: () => ColumnAffine | null };
  const last = steps[1]![1] as unknown as Partial<LinearFinal>;
  if (n < 1 || m < 1 || typeof first.columnAffine !== 'function') return undefined;
  if (typeof last.withDecisions !== 'function' || typeof last.getCoefficients !== 'function') return undefined;
  const affine = first.columnAffine();
  if (affine === null || affine.shift.length !== m || affine.divisor.length !== m) return undefined;
  const c = last.getCoefficients();
  if (c.coef.length !== m || c.intercept.length !== 1) return undefined;
  const values = scaledDenseDecision(
    X.data,
    n,
    m,
    affine.shift,
    affine.divisor,
    Float64Array.from(c.coef),
    c.intercept[0]!,
  );
  if (values === null) return undefined;
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) return undefined;
  let given = false;
  // decide hands out a fresh array each time, as LinearModel's does
  const view = last.withDecisions(() => {
    if (given) return values.slice();
    given = true;
    return values;
  });
  return view[method]!(X);
}
