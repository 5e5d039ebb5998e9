/**
 * What StandardScaler, MinMaxScaler, MaxAbsScaler and Normalizer share (the step contract of issue 16): options
 * as data, scikit-learn's parameter names, a fitted state that can be read and checked back in, and
 * fitTransform. Each class keeps its own fit, transform and state checks.
 */
import { type DenseMatrix, type CsrMatrix, type MatrixInput, NotFittedError, type Transformer } from '@icepickle/core';
import { badInput } from './errors.js';
import { type ParamSpec, resolveParams, toSklearn } from './params.js';

/** Every state has the number of features X had in fit. */
export interface TableState {
  nFeaturesIn_: number;
}

export abstract class TableTransformer<P extends object, S extends TableState>
  implements Transformer<MatrixInput, DenseMatrix | CsrMatrix>
{
  abstract readonly className: string;
  protected readonly params: Readonly<P>;
  protected state: S | undefined;
  /** transform maps each row on its own (core's `Transformer.rowWise`): a pipeline may predict in row blocks. */
  readonly rowWise = true;

  protected constructor(
    private readonly spec: ParamSpec<P>,
    params: Partial<P> | undefined,
  ) {
    this.params = Object.freeze(resolveParams(spec, params));
  }

  /** The options, as given or defaulted. */
  getParams(): P {
    const out = { ...this.params } as Record<string, unknown>;
    for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = [...v];
    return out as P;
  }

  /** scikit-learn's get_params() names (snake_case) and JSON values (tuples as arrays). */
  toSklearnParams(): Record<string, unknown> {
    return toSklearn(this.spec, this.params);
  }

  /** The number of features seen in fit; undefined before fit. */
  get nFeaturesIn_(): number | undefined {
    return this.state?.nFeaturesIn_;
  }

  /** Whether fit (or setFittedState) has run. */
  isFitted(): boolean {
    return this.state !== undefined;
  }

  /** A copy of the fitted attributes; NotFittedError before fit. */
  getFittedState(): S {
    return this.copyState(this.fitted());
  }

  /** Checks every attribute (INVALID_INPUT naming the first wrong one) and keeps the state only if all is valid. */
  setFittedState(state: S): this {
    this.state = this.checkState(state);
    return this;
  }

  /**
   * One output feature per input feature, as scikit-learn's OneToOneFeatureMixin: `inputFeatures` as given
   * (one name per feature), else x0, x1, … (X carries no column names here).
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const n = this.fitted().nFeaturesIn_;
    if (inputFeatures === undefined) return Array.from({ length: n }, (_v, j) => `x${j}`);
    if (
      !Array.isArray(inputFeatures) ||
      inputFeatures.length !== n ||
      inputFeatures.some((f) => typeof f !== 'string')
    ) {
      throw badInput(this.className, `inputFeatures must be ${n} strings, one per feature seen in fit`);
    }
    return [...inputFeatures];
  }

  abstract fit(X: MatrixInput, y?: unknown): this;
  abstract transform(X: MatrixInput): DenseMatrix | CsrMatrix;

  /** fit, then transform, on the same matrix. */
  fitTransform(X: MatrixInput, y?: unknown): DenseMatrix | CsrMatrix {
    return this.fit(X, y).transform(X);
  }

  protected fitted(): S {
    if (this.state === undefined) throw new NotFittedError(this.className);
    return this.state;
  }

  /** A validated copy of an outside state (throws INVALID_INPUT naming the attribute). */
  protected abstract checkState(state: unknown): S;
  protected abstract copyState(state: S): S;
}
