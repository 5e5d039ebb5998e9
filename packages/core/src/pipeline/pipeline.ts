import { IcepickleError } from '../errors.js';
import { checkNamedSteps, hasMethod, requireMethod } from './checks.js';
import { predictThroughDecision } from './decision-through.js';
import { allRowWise, rowSlicer, runInRowBlocks } from './row-blocks.js';
import { nameSteps } from './step-names.js';
import type { NamedStep, PipelinePartialFitOptions, Predictor, Step, Transformer } from './types.js';

type FinalMethod = 'predict' | 'predictProba' | 'predictLogProba' | 'decisionFunction';

/**
 * scikit-learn's Pipeline (sklearn/pipeline.py, 1.2.1): transformers in order, then a final estimator.
 * Steps are duck-typed, as in PartialPipeline. Unlike PartialPipeline, `partialFit` does not refit the
 * transformers: they transform as fitted (a vocabulary, idf or scaling stays what it is) and only the
 * final estimator learns, which is what fine-tuning a loaded pipeline means.
 */
export class Pipeline {
  /** scikit-learn's class name. */
  readonly className = 'Pipeline' as const;
  /** The (name, step) pairs, scikit-learn's `steps`. */
  readonly steps: NamedStep[];

  constructor(steps: readonly NamedStep[]) {
    this.steps = [...steps];
    checkNamedSteps(this.className, this.steps, 'steps');
  }

  /** The steps by name, as scikit-learn's `named_steps`. */
  get namedSteps(): Record<string, Step> {
    return Object.fromEntries(this.steps);
  }

  /** The final estimator (scikit-learn's `_final_estimator`). */
  get finalEstimator(): Step {
    return this.steps[this.steps.length - 1]![1];
  }

  /** The final estimator's classes, as scikit-learn's `Pipeline.classes_`. */
  get classes_(): unknown {
    return (this.finalEstimator as { classes_?: unknown }).classes_;
  }

  /** The first step's `nFeaturesIn_` (scikit-learn's `Pipeline.n_features_in_`), when it has one. */
  get nFeaturesIn_(): number | undefined {
    return (this.steps[0]![1] as { nFeaturesIn_?: number }).nFeaturesIn_;
  }

  /** Fit-transform each transformer in turn, then fit the final estimator on the result. */
  fit(X: unknown, y?: unknown, options?: unknown): this {
    const input = this.checkInput(X);
    const data = this.fitTransformers(input, y);
    const last = this.last('fit', 'fit on the pipeline needs from the final step');
    (last as Predictor).fit!(data, y, options);
    return this;
  }

  /** fit, then transform with the final step (which must be a transformer). */
  fitTransform(X: unknown, y?: unknown): unknown {
    const input = this.checkInput(X);
    const data = this.fitTransformers(input, y);
    const last = this.last('transform', 'fitTransform on the pipeline needs from the final step') as Transformer;
    if (hasMethod(last, 'fitTransform')) return last.fitTransform!(data, y);
    if (hasMethod(last, 'fit')) last.fit!(data, y);
    return last.transform(data);
  }

  /**
   * One incremental update of the final estimator on X transformed by the fitted transformers
   * (`options.classes` on the first call, as scikit-learn's partial_fit).
   */
  partialFit(X: unknown, y?: unknown, options: PipelinePartialFitOptions = {}): this {
    const input = this.checkInput(X);
    const last = this.last('partialFit', 'partialFit on the pipeline needs from the final step');
    const data = this.transformUpToLast(input);
    (last as Predictor).partialFit!(data, y, options);
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
    const input = this.checkInput(X);
    const last = this.last('score', 'score needs from the final step');
    return (last as Predictor).score!(this.transformUpToLast(input), y, sampleWeight);
  }

  /** Every step transforms in turn (the final one too, so it must be a transformer). */
  transform(X: unknown): unknown {
    const input = this.checkInput(X);
    const last = this.last('transform', 'transform on the pipeline needs from the final step');
    return (last as Transformer).transform(this.transformUpToLast(input));
  }

  /**
   * Sees the raw input before any step does and returns what the steps get (X itself by default). A
   * loaded pipeline bounds the work a document may cost here (featurizers' loadPipeline).
   */
  protected checkInput(X: unknown): unknown {
    return X;
  }

  private callFinal(method: FinalMethod, X: unknown): unknown {
    const input = this.checkInput(X);
    const last = this.last(method, `${method} on the pipeline needs from the final step`);
    const run = (rows: unknown) =>
      (last as unknown as Record<FinalMethod, (x: unknown) => unknown>)[method](this.transformUpToLast(rows));
    const fused = predictThroughDecision(this.steps, input, method);
    if (fused !== undefined) return fused;
    const slicer = allRowWise(this.steps) ? rowSlicer(input) : null;
    if (slicer === null) return run(input);
    try {
      const out = runInRowBlocks(slicer, run);
      if (out !== null) return out;
    } catch {
      // run again on all of X below, so that the error names rows as X numbers them
    }
    return run(input);
  }

  private last(method: string, role: string): Step {
    if (this.steps.length === 0) {
      throw new IcepickleError('INVALID_PARAMETER', { scope: this.className, detail: 'the pipeline has no steps' });
    }
    const named = this.steps[this.steps.length - 1]!;
    requireMethod(this.className, named, method, role);
    return named[1];
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
}

/** A Pipeline with steps named after their classes (scikit-learn's make_pipeline naming). */
export function makePipeline(...steps: Step[]): Pipeline {
  return new Pipeline(nameSteps(steps));
}
