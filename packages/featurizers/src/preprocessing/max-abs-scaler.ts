/**
 * scikit-learn's MaxAbsScaler (1.2.1 `sklearn/preprocessing/_data.py`): x / scale_, scale_ each feature's
 * maximum absolute value; keeps CSR sparse (1 / scale_ multiplied entry by entry, as scikit-learn), NaN ignored
 * in fit and kept in transform. float32 CSR keeps scikit-learn's float32 maxAbs_ and factors.
 */
import { CsrMatrix, DenseMatrix, type MatrixInput } from '@icepickle/core';
import { csrColumnMaxAbs, denseColumnMaxAbs, nanMaximum } from './column-extrema.js';
import { checkCount, checkFeatureCount, checkVector, stateRecord } from './fitted-state.js';
import { type ParamSpec, checkBoolean, fromSklearn } from './params.js';
import { copyValues, readTable, withValues } from './table-input.js';
import { TableTransformer } from './table-transformer.js';
import { handleZerosInScale } from './zero-scales.js';

/** Options of {@link MaxAbsScaler}: scikit-learn 1.2.1's parameters, camelCased, with its defaults and meanings. */
export interface MaxAbsScalerParams {
  /**
   * Kept for scikit-learn's get_params(); transform always returns a new matrix.
   * @defaultValue true
   */
  copy: boolean;
}

/** What {@link MaxAbsScaler.fit} learns, as saved in pipeline files (scikit-learn's attributes of the same names). */
export interface MaxAbsScalerState {
  /** {@inheritDoc MaxAbsScaler.maxAbs_} */
  maxAbs_: Float64Array;
  /** {@inheritDoc MaxAbsScaler.scale_} */
  scale_: Float64Array;
  /** {@inheritDoc MaxAbsScaler.nSamplesSeen_} */
  nSamplesSeen_: number;
  /** The number of features seen by fit. */
  nFeaturesIn_: number;
}

const SCOPE = 'MaxAbsScaler';

const SPEC: ParamSpec<MaxAbsScalerParams> = {
  scope: SCOPE,
  defaults: { copy: true },
  sklearnNames: { copy: 'copy' },
  check(p) {
    checkBoolean(SCOPE, 'copy', p.copy);
  },
};

const FLOAT32_EPS = 2 ** -23;

/**
 * Scales each feature by its maximum absolute value, as scikit-learn 1.2.1's MaxAbsScaler: sparse input stays sparse.
 */
export class MaxAbsScaler extends TableTransformer<MaxAbsScalerParams, MaxAbsScalerState> {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'MaxAbsScaler' as const;
  /** True while every batch was float32 CSR: scikit-learn's maxAbs_ and scale_ are then float32 arrays. */
  private float32 = false;

  constructor(params?: Partial<MaxAbsScalerParams>) {
    super(SPEC, params);
  }

  /** A MaxAbsScaler from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): MaxAbsScaler {
    return new MaxAbsScaler(fromSklearn(SPEC, params));
  }

  /** Per-feature maximum absolute value (scikit-learn's `max_abs_`). */
  get maxAbs_(): Float64Array {
    return this.fitted().maxAbs_;
  }
  /** Per-feature relative scaling (scikit-learn's `scale_`: maxAbs_ with zeros replaced by 1). */
  get scale_(): Float64Array {
    return this.fitted().scale_;
  }
  /** The number of samples seen by fit and partialFit. */
  get nSamplesSeen_(): number {
    return this.fitted().nSamplesSeen_;
  }

  /** Forgets any earlier fit, then partialFit. */
  fit(X: MatrixInput, _y?: unknown): this {
    this.state = undefined;
    return this.partialFit(X);
  }

  /** Raises the running per-feature maximum of |x| with X's (NaN ignored; an all-NaN feature stays NaN). */
  partialFit(X: MatrixInput, _y?: unknown): this {
    const last = this.state;
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: last?.nFeaturesIn_ });
    const batch32 = matrix instanceof CsrMatrix && matrix.data instanceof Float32Array;
    let maxAbs = matrix instanceof CsrMatrix ? csrColumnMaxAbs(matrix) : denseColumnMaxAbs(matrix);
    if (last) maxAbs = maxAbs.map((v, j) => nanMaximum(last.maxAbs_[j]!, v));
    const float32 = batch32 && (last === undefined || this.float32);
    // _handle_zeros_in_scale compares with 10 · eps of the scale's own dtype.
    const tiny = 10 * (float32 ? FLOAT32_EPS : 2 ** -52);
    const scale = handleZerosInScale(maxAbs.slice(), (j) => maxAbs[j]! < tiny);
    this.float32 = float32;
    this.state = {
      maxAbs_: maxAbs,
      scale_: scale,
      nSamplesSeen_: (last?.nSamplesSeen_ ?? 0) + matrix.shape[0],
      nFeaturesIn_: matrix.shape[1],
    };
    return this;
  }

  /** x / scale_ (dense), x · (1 / scale_) entry by entry (CSR). */
  transform(X: MatrixInput): DenseMatrix | CsrMatrix {
    const state = this.fitted();
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: state.nFeaturesIn_ });
    const out = copyValues(matrix);
    if (matrix instanceof CsrMatrix) {
      const factor = state.scale_.map((s) => (this.float32 ? Math.fround(1 / s) : 1 / s));
      for (let k = 0; k < out.length; k++) out[k] = out[k]! * factor[matrix.indices[k]!]!;
      return withValues(matrix, out);
    }
    const m = state.nFeaturesIn_;
    for (let i = 0; i < out.length; i += m) for (let j = 0; j < m; j++) out[i + j] = out[i + j]! / state.scale_[j]!;
    return new DenseMatrix(out as Float64Array, matrix.shape);
  }

  /** x · scale_. */
  inverseTransform(X: MatrixInput): DenseMatrix | CsrMatrix {
    const state = this.fitted();
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: state.nFeaturesIn_ });
    const out = copyValues(matrix);
    if (matrix instanceof CsrMatrix) {
      for (let k = 0; k < out.length; k++) out[k] = out[k]! * state.scale_[matrix.indices[k]!]!;
      return withValues(matrix, out);
    }
    const m = state.nFeaturesIn_;
    for (let i = 0; i < out.length; i += m) for (let j = 0; j < m; j++) out[i + j] = out[i + j]! * state.scale_[j]!;
    return new DenseMatrix(out as Float64Array, matrix.shape);
  }

  /** A float32 maxAbs_ / scale_ (as scikit-learn fits on float32 CSR) keeps float32 factors in transform. */
  override setFittedState(state: MaxAbsScalerState): this {
    const float32 = (state as { scale_?: unknown })?.scale_ instanceof Float32Array;
    super.setFittedState(state);
    this.float32 = float32;
    return this;
  }

  protected checkState(input: unknown): MaxAbsScalerState {
    const s = stateRecord(SCOPE, input);
    const n = checkFeatureCount(SCOPE, s.nFeaturesIn_);
    return {
      maxAbs_: checkVector(SCOPE, 'maxAbs_', s.maxAbs_, n, 'nonNegative'),
      scale_: checkVector(SCOPE, 'scale_', s.scale_, n, 'positive'),
      nSamplesSeen_: checkCount(SCOPE, 'nSamplesSeen_', s.nSamplesSeen_),
      nFeaturesIn_: n,
    };
  }

  protected copyState(s: MaxAbsScalerState): MaxAbsScalerState {
    return {
      maxAbs_: s.maxAbs_.slice(),
      scale_: s.scale_.slice(),
      nSamplesSeen_: s.nSamplesSeen_,
      nFeaturesIn_: s.nFeaturesIn_,
    };
  }
}
