import { IcepickleError } from '../errors.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import { asMatrix } from '../math/input.js';
import { checkNamedSteps, hasMethod, requireMethod } from './checks.js';
import { nameSteps } from './step-names.js';
import type { NamedStep, PipelinePartialFitOptions, Predictor, Transformer } from './types.js';

/**
 * Python icepickle's PartialFeatureUnion: a scikit-learn FeatureUnion that can also `partialFit`.
 * `transform` puts the parts' outputs side by side, in order: a CsrMatrix if any part is sparse
 * (scikit-learn's sparse hstack), else a DenseMatrix.
 */
export class PartialFeatureUnion implements Transformer {
  readonly className = 'PartialFeatureUnion';
  readonly transformerList: NamedStep<Transformer>[];

  constructor(transformerList: readonly NamedStep<Transformer>[]) {
    this.transformerList = [...transformerList];
  }

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

  fit(X: unknown, y?: unknown): this {
    this.check();
    for (const [, part] of this.transformerList) if (hasMethod(part, 'fit')) part.fit!(X, y);
    return this;
  }

  transform(X: unknown): CsrMatrix | DenseMatrix {
    this.check();
    for (const part of this.transformerList)
      requireMethod(this.className, part, 'transform', 'the union needs from every part');
    return hstack(
      this.transformerList.map(([name, part]) => [name, part.transform(X)] as const),
      this.className,
    );
  }

  fitTransform(X: unknown, y?: unknown): CsrMatrix | DenseMatrix {
    return this.fit(X, y).transform(X);
  }

  private check(): void {
    checkNamedSteps(this.className, this.transformerList, 'transformerList');
  }
}

function hstack(outputs: readonly (readonly [string, unknown])[], owner: string): CsrMatrix | DenseMatrix {
  const matrices = outputs.map(([name, out]) => {
    try {
      return asMatrix(out as never, `the output of '${name}'`);
    } catch (cause) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: owner,
        detail: `part '${name}' did not return a matrix`,
        cause,
      });
    }
  });
  const rows = matrices[0]!.shape[0];
  for (const [i, m] of matrices.entries()) {
    if (m.shape[0] !== rows) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: owner,
        detail: `part '${outputs[i]![0]}' returned ${m.shape[0]} rows, '${outputs[0]![0]}' ${rows}`,
      });
    }
  }
  if (matrices.some((m) => m instanceof CsrMatrix)) {
    return CsrMatrix.hstack(
      matrices.map((m) => (m instanceof CsrMatrix ? m : CsrMatrix.fromDense((m as DenseMatrix).toRows()))),
    );
  }
  const dense = matrices as DenseMatrix[];
  const cols = dense.reduce((s, m) => s + m.shape[1], 0);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let offset = i * cols;
    for (const m of dense) {
      data.set(m.row(i), offset);
      offset += m.shape[1];
    }
  }
  return new DenseMatrix(data, [rows, cols]);
}

/** A PartialFeatureUnion with parts named after their classes (scikit-learn's make_union naming). */
export function makePartialUnion(...transformers: Transformer[]): PartialFeatureUnion {
  return new PartialFeatureUnion(nameSteps(transformers));
}
