import type { DecisionWeights } from '../estimators/linear-model.js';
import type { MatrixInput } from '../math/input.js';
import type { NamedStep } from './types.js';

/** The parts of a fitted linear final step this route reads (duck-typed: core's LinearModel). */
interface LinearFinal {
  decisionWeights(): DecisionWeights;
  withDecisions(decide: (X: MatrixInput) => Float64Array): Record<string, (X: unknown) => unknown>;
}

/** A first step that can compute a linear model's decisions straight from its own input (Transformer). */
interface DecidingStep {
  decisionThrough(X: unknown, w: DecisionWeights): Float64Array | null;
}

/**
 * [transformer, linear model]: the final step's `method` on decisions the transformer computes straight from
 * X (`Transformer.decisionThrough`: the same values as transform then decide, bit for bit, without building
 * the transformed matrix). Undefined when the route does not apply or the transformer declines (null): the
 * steps then run as usual, and throw what they throw.
 */
export function predictThroughDecision(steps: readonly NamedStep[], X: unknown, method: string): unknown {
  if (steps.length !== 2) return undefined;
  const first = steps[0]![1] as Partial<DecidingStep>;
  const last = steps[1]![1] as unknown as Partial<LinearFinal>;
  if (typeof first.decisionThrough !== 'function') return undefined;
  if (typeof last.withDecisions !== 'function' || typeof last.decisionWeights !== 'function') return undefined;
  let weights: DecisionWeights;
  try {
    weights = last.decisionWeights();
  } catch {
    return undefined; // not fitted: the steps run as usual and say so in their order
  }
  const values = first.decisionThrough(X, weights);
  if (values === null) return undefined;
  let given = false;
  // decide hands out a fresh array each time, as LinearModel's does
  const view = last.withDecisions(() => {
    if (given) return values.slice();
    given = true;
    return values;
  });
  return view[method]!(X);
}
