import { checkNamedSteps, hasMethod, requireMethod } from './checks.js';
import { nameSteps } from './step-names.js';
import type { NamedStep, PipelinePartialFitOptions, Predictor, Step, Transformer } from './types.js';

/**
 * Python icepickle's PartialPipeline: a scikit-learn Pipeline that can also `partialFit`. Every step
 * needs `partialFit`; transformers are updated and then transform the batch for the next step, and the
 * final estimator gets `partialFit(X, y, { classes, ... })`.
 */
export class PartialPipeline {
  /** The class name (icepickle's PartialPipeline). */
  readonly className = 'PartialPipeline';
  /** The (name, step) pairs, scikit-learn's `steps`. */
  readonly steps: NamedStep[];

  constructor(steps: readonly NamedStep[]) {
    this.steps = [...steps];
  }

  /** The steps by name, as scikit-learn's `named_steps`. */
  get namedSteps(): Record<string, Step> {
    return Object.fromEntries(this.steps);
  }

  /** The final estimator. */
  get finalEstimator(): Step {
    return this.steps[this.steps.length - 1]![1];
  }

  /** The final estimator's classes, as scikit-learn's `Pipeline.classes_`. */
  get classes_(): unknown {
    return (this.finalEstimator as { classes_?: unknown }).classes_;
  }

  /**
   * One incremental update, as icepickle: every step must have `partialFit` (checked before anything
   * changes). A step with `predict` gets `partialFit(X, y, options)`, any other `partialFit(X, y)`;
   * a step with `transform` then transforms X for the next one.
   */
  partialFit(X: unknown, y?: unknown, options: PipelinePartialFitOptions = {}): this {
    this.check();
    for (const step of this.steps)
      requireMethod(this.className, step, 'partialFit', 'partialFit on the pipeline needs from every step');
    let data: unknown = X;
    for (const [, step] of this.steps) {
      if (hasMethod(step, 'predict')) (step as Predictor).partialFit!(data, y, options);
      else (step as Transformer).partialFit!(data, y);
      if (hasMethod(step, 'transform')) data = (step as Transformer).transform(data);
    }
    return this;
  }

  /** scikit-learn's Pipeline.fit: fit-transform each transformer, then fit the final estimator. */
  fit(X: unknown, y?: unknown, options?: unknown): this {
    this.check();
    const data = this.fitTransformers(X, y);
    const [name, last] = this.steps[this.steps.length - 1]!;
    requireMethod(this.className, [name, last], 'fit', 'fit on the pipeline needs from the final step');
    (last as Predictor).fit!(data, y, options);
    return this;
  }

  /** Transforms X through every step but the last, and predicts with the last. */
  predict(X: unknown): unknown {
    return this.callFinal('predict', X);
  }

  /** Transforms X through every step but the last, and returns the last's predictProba. */
  predictProba(X: unknown): unknown {
    return this.callFinal('predictProba', X);
  }

  /** Transforms X through every step but the last, and returns the last's predictLogProba. */
  predictLogProba(X: unknown): unknown {
    return this.callFinal('predictLogProba', X);
  }

  /** Transforms X through every step but the last, and returns the last's decisionFunction. */
  decisionFunction(X: unknown): unknown {
    return this.callFinal('decisionFunction', X);
  }

  /** Transforms X through every step but the last, and returns the last's score. */
  score(X: unknown, y: unknown, sampleWeight?: ArrayLike<number>): number {
    this.check();
    const [name, last] = this.steps[this.steps.length - 1]!;
    requireMethod(this.className, [name, last], 'score', 'score needs from the final step');
    return (last as Predictor).score!(this.transformUpToLast(X), y, sampleWeight);
  }

  /** Every step transforms in turn (the final one too, so it must be a transformer). */
  transform(X: unknown): unknown {
    this.check();
    const data = this.transformUpToLast(X);
    const [name, last] = this.steps[this.steps.length - 1]!;
    requireMethod(this.className, [name, last], 'transform', 'transform on the pipeline needs from the final step');
    return (last as Transformer).transform(data);
  }

  private callFinal(method: 'predict' | 'predictProba' | 'predictLogProba' | 'decisionFunction', X: unknown): unknown {
    this.check();
    const [name, last] = this.steps[this.steps.length - 1]!;
    requireMethod(this.className, [name, last], method, `${method} on the pipeline needs from the final step`);
    const data = this.transformUpToLast(X);
    return (last as unknown as Record<string, (x: unknown) => unknown>)[method]!(data);
  }

  private transformUpToLast(X: unknown): unknown {
    let data = X;
    for (const step of this.steps.slice(0, -1)) {
      requireMethod(this.className, step, 'transform', 'every step but the last needs');
      data = (step[1] as Transformer).transform(data);
    }
    return data;
  }

  private fitTransformers(X: unknown, y: unknown): unknown {
    let data = X;
    for (const step of this.steps.slice(0, -1)) {
      requireMethod(this.className, step, 'transform', 'every step but the last needs');
      const t = step[1] as Transformer;
      if (hasMethod(t, 'fitTransform')) data = t.fitTransform!(data, y);
      else {
        if (hasMethod(t, 'fit')) t.fit!(data, y);
        data = t.transform(data);
      }
    }
    return data;
  }

  private check(): void {
    checkNamedSteps(this.className, this.steps, 'steps');
  }
}

/** A PartialPipeline with steps named after their classes (scikit-learn's make_pipeline naming). */
export function makePartialPipeline(...steps: Step[]): PartialPipeline {
  return new PartialPipeline(nameSteps(steps));
}
