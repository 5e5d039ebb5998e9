import { IcepickleError } from '../errors.js';
import { CsrMatrix } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import { checkNamedSteps, hasMethod, requireMethod } from './checks.js';
import { hstack } from './hstack.js';
import { nameSteps } from './step-names.js';
import type { NamedStep, Transformer } from './types.js';

/**
 * scikit-learn's FeatureUnion (sklearn/pipeline.py, 1.2.1): every part sees the same X, and `transform`
 * puts their outputs side by side, each multiplied by its weight in `transformerWeights` (by part name;
 * parts without one are left as they are).
 */
export class FeatureUnion implements Transformer {
  /** scikit-learn's class name. */
  readonly className = 'FeatureUnion' as const;
  /** The (name, transformer) pairs, scikit-learn's `transformer_list`. */
  readonly transformerList: NamedStep<Transformer>[];
  /** Multiplicative weights of each transformer's features, by name (scikit-learn's `transformer_weights`). */
  readonly transformerWeights: Readonly<Record<string, number>> | undefined;

  constructor(transformerList: readonly NamedStep<Transformer>[], transformerWeights?: Record<string, number>) {
    this.transformerList = [...transformerList];
    checkNamedSteps(this.className, this.transformerList, 'transformerList');
    if (transformerWeights !== undefined) checkWeights(this.transformerList, transformerWeights);
    this.transformerWeights = transformerWeights === undefined ? undefined : { ...transformerWeights };
  }

  /** The transformers by name. */
  get namedTransformers(): Record<string, Transformer> {
    return Object.fromEntries(this.transformerList);
  }

  /** Fits every transformer on X. */
  fit(X: unknown, y?: unknown): this {
    for (const [, part] of this.transformerList) if (hasMethod(part, 'fit')) part.fit!(X, y);
    return this;
  }

  /** Every transformer's features of X, side by side (weighted). */
  transform(X: unknown): CsrMatrix | DenseMatrix {
    for (const part of this.transformerList)
      requireMethod(this.className, part, 'transform', 'the union needs from every part');
    return hstack(
      this.transformerList.map(([name, part]) => [name, this.weighted(name, part.transform(X))] as const),
      this.className,
    );
  }

  /** fit, then transform, on the same X. */
  fitTransform(X: unknown, y?: unknown): CsrMatrix | DenseMatrix {
    for (const part of this.transformerList)
      requireMethod(this.className, part, 'transform', 'the union needs from every part');
    const outputs = this.transformerList.map(([name, part]) => {
      let out: unknown;
      if (hasMethod(part, 'fitTransform')) out = part.fitTransform!(X, y);
      else {
        if (hasMethod(part, 'fit')) part.fit!(X, y);
        out = part.transform(X);
      }
      return [name, this.weighted(name, out)] as const;
    });
    return hstack(outputs, this.className);
  }

  /** scikit-learn's `res * weight` in the output's own dtype (numpy keeps float32 for a Python float). */
  private weighted(name: string, out: unknown): unknown {
    const weight = this.transformerWeights?.[name];
    if (weight === undefined || weight === 1) return out;
    if (out instanceof CsrMatrix) {
      return new CsrMatrix(
        { indptr: out.indptr, indices: out.indices, data: scaled(out.data, weight), shape: out.shape },
        { validate: false },
      );
    }
    if (out instanceof DenseMatrix) return new DenseMatrix(scaled(out.data, weight) as Float64Array, out.shape);
    return out;
  }
}

function scaled<A extends Float64Array | Float32Array>(data: A, weight: number): A {
  const out = new (data.constructor as new (n: number) => A)(data.length);
  // float32 * Python float: numpy casts the scalar to float32 first; the exact product then rounds once
  const w = data instanceof Float32Array ? Math.fround(weight) : weight;
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * w;
  return out;
}

function checkWeights(parts: readonly NamedStep<Transformer>[], weights: Record<string, number>): void {
  const names = new Set(parts.map(([n]) => n));
  for (const [name, w] of Object.entries(weights)) {
    if (!names.has(name)) {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: 'FeatureUnion',
        detail: `transformerWeights names '${name}', which is not a part (parts: ${[...names].join(', ')})`,
      });
    }
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: 'FeatureUnion',
        detail: `transformerWeights['${name}'] must be a finite number, got ${String(w)}`,
      });
    }
  }
}

/** A FeatureUnion with parts named after their classes (scikit-learn's make_union naming). */
export function makeUnion(...transformers: Transformer[]): FeatureUnion {
  return new FeatureUnion(nameSteps(transformers));
}
