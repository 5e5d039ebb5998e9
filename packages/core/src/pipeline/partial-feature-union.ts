import type { CsrMatrix } from '../math/csr-matrix.js';
import type { DenseMatrix } from '../math/dense-matrix.js';
import { checkNamedSteps, hasMethod, requireMethod } from './checks.js';
import { hstack } from './hstack.js';
import { nameSteps } from './step-names.js';
import type { NamedStep, PipelinePartialFitOptions, Predictor, Transformer } from './types.js';

/**
 * Python icepickle's PartialFeatureUnion: a scikit-learn FeatureUnion that can also `partialFit`.
 * `transform` puts the parts' outputs side by side, in order: a CsrMatrix if any part is sparse
 * (scikit-learn's sparse hstack), else a DenseMatrix.
 */
export class PartialFeatureUnion implements Transformer {
  /** The class name (icepickle's PartialFeatureUnion). */
  readonly className = 'PartialFeatureUnion';
  /** The (name, transformer) pairs, scikit-learn's `transformer_list`. */
  readonly transformerList: NamedStep<Transformer>[];

  constructor(transformerList: readonly NamedStep<Transformer>[]) {
    this.transformerList = [...transformerList];
  }

  /** The transformers by name. */
  get namedTransformers(): Record<string, Transformer> {
    return Object.fromEntries(this.transformerList);
  }

  /** Updates every part (each must have `partialFit`; checked before anything changes). */
  partialFit(X: unknown, y?: unknown, options: PipelinePartialFitOptions = {}): this {
    this.check();
    for (const part of this.transformerList)
      requireMethod(this.className, part, 'partialFit', 'partialFit on the union needs from every part');
    for (const [, part] of this.transformerList) {
      if (hasMethod(part, 'predict')) (part as unknown as Predictor).partialFit!(X, y, options);
      else part.partialFit!(X, y);
    }
    return this;
  }

  /** Fits every transformer on X. */
  fit(X: unknown, y?: unknown): this {
    this.check();
    for (const [, part] of this.transformerList) if (hasMethod(part, 'fit')) part.fit!(X, y);
    return this;
  }

  /** Every transformer's features of X, side by side. */
  transform(X: unknown): CsrMatrix | DenseMatrix {
    this.check();
    for (const part of this.transformerList)
      requireMethod(this.className, part, 'transform', 'the union needs from every part');
    return hstack(
      this.transformerList.map(([name, part]) => [name, part.transform(X)] as const),
      this.className,
    );
  }

  /** fit, then transform, on the same X. */
  fitTransform(X: unknown, y?: unknown): CsrMatrix | DenseMatrix {
    return this.fit(X, y).transform(X);
  }

  private check(): void {
    checkNamedSteps(this.className, this.transformerList, 'transformerList');
  }
}

/** A PartialFeatureUnion with parts named after their classes (scikit-learn's make_union naming). */
export function makePartialUnion(...transformers: Transformer[]): PartialFeatureUnion {
  return new PartialFeatureUnion(nameSteps(transformers));
}
