/**
 * scikit-learn's MinMaxScaler (1.2.1 `sklearn/preprocessing/_data.py`): x · scale_ + min_ maps each feature's
 * [dataMin_, dataMax_] onto featureRange; NaN is ignored in fit and kept in transform; dense input only.
 */
import { CsrMatrix, DenseMatrix, type MatrixInput } from '@icepickle/core';
import { denseColumnMinMax, nanMaximum, nanMinimum } from './column-extrema.js';
import { badInput, badParameter } from './errors.js';
import { checkCount, checkFeatureCount, checkVector, stateRecord } from './fitted-state.js';
import { type ParamSpec, checkBoolean, fromSklearn } from './params.js';
import { readTable } from './table-input.js';
import { TableTransformer } from './table-transformer.js';
import { handleZerosInScale } from './zero-scales.js';

/** Options of {@link MinMaxScaler}: scikit-learn 1.2.1's parameters, camelCased, with its defaults and meanings. */
export interface MinMaxScalerParams {
  /**
   * The range [min, max] each feature is mapped onto; min < max.
   * @defaultValue [0, 1]
   */
  featureRange: readonly [number, number];
  /**
   * Kept for scikit-learn's get_params(); transform always returns a new matrix.
   * @defaultValue true
   */
  copy: boolean;
  /**
   * Clip transformed values to featureRange (for data outside the fitted range).
   * @defaultValue false
   */
  clip: boolean;
}

/** What {@link MinMaxScaler.fit} learns, as saved in pipeline files (scikit-learn's attributes of the same names). */
export interface MinMaxScalerState {
  /** {@inheritDoc MinMaxScaler.min_} */
  min_: Float64Array;
  /** {@inheritDoc MinMaxScaler.scale_} */
  scale_: Float64Array;
  /** {@inheritDoc MinMaxScaler.dataMin_} */
  dataMin_: Float64Array;
  /** {@inheritDoc MinMaxScaler.dataMax_} */
  dataMax_: Float64Array;
  /** {@inheritDoc MinMaxScaler.dataRange_} */
  dataRange_: Float64Array;
  /** {@inheritDoc MinMaxScaler.nSamplesSeen_} */
  nSamplesSeen_: number;
  /** The number of features seen by fit. */
  nFeaturesIn_: number;
}

const SCOPE = 'MinMaxScaler';

const SPEC: ParamSpec<MinMaxScalerParams> = {
  scope: SCOPE,
  defaults: { featureRange: [0, 1], copy: true, clip: false },
  sklearnNames: { featureRange: 'feature_range', copy: 'copy', clip: 'clip' },
  check(p) {
    const r = p.featureRange as unknown;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw badParameter(SCOPE, `featureRange must be two finite numbers [min, max], got ${JSON.stringify(r)}`);
    }
    if (!(r[0] < r[1])) {
      throw badParameter(
        SCOPE,
        `minimum of desired feature range must be smaller than maximum, got [${r[0]}, ${r[1]}]`,
      );
    }
    checkBoolean(SCOPE, 'copy', p.copy);
    checkBoolean(SCOPE, 'clip', p.clip);
  },
};

/**
 * Scales each feature to `featureRange`, X * scale_ + min_, as scikit-learn 1.2.1's MinMaxScaler, up to the last bits.
 */
export class MinMaxScaler extends TableTransformer<MinMaxScalerParams, MinMaxScalerState> {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'MinMaxScaler' as const;

  constructor(params?: Partial<MinMaxScalerParams>) {
    super(SPEC, params?.featureRange ? { ...params, featureRange: copyRange(params.featureRange) } : params);
  }

  /** A MinMaxScaler from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): MinMaxScaler {
    return new MinMaxScaler(fromSklearn(SPEC, params));
  }

  /** {@inheritDoc MinMaxScalerParams.featureRange} */
  get featureRange(): readonly [number, number] {
    return this.params.featureRange;
  }
  /** {@inheritDoc MinMaxScalerParams.clip} */
  get clip(): boolean {
    return this.params.clip;
  }
  /** Per-feature adjustment for the minimum (scikit-learn's `min_`). */
  get min_(): Float64Array {
    return this.fitted().min_;
  }
  /** Per-feature relative scaling (scikit-learn's `scale_`). */
  get scale_(): Float64Array {
    return this.fitted().scale_;
  }
  /** Per-feature minimum seen in the data (NaN ignored). */
  get dataMin_(): Float64Array {
    return this.fitted().dataMin_;
  }
  /** Per-feature maximum seen in the data (NaN ignored). */
  get dataMax_(): Float64Array {
    return this.fitted().dataMax_;
  }
  /** Per-feature range, dataMax_ - dataMin_. */
  get dataRange_(): Float64Array {
    return this.fitted().dataRange_;
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

  /** Widens the running per-feature minimum and maximum with X's (NaN ignored; an all-NaN feature stays NaN). */
  partialFit(X: MatrixInput, _y?: unknown): this {
    const last = this.state;
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: last?.nFeaturesIn_ });
    if (matrix instanceof CsrMatrix) {
      throw badInput(SCOPE, 'MinMaxScaler does not support sparse input; consider using MaxAbsScaler instead');
    }
    const [n, m] = matrix.shape;
    let { min: dataMin, max: dataMax } = denseColumnMinMax(matrix);
    if (last) {
      dataMin = dataMin.map((v, j) => nanMinimum(last.dataMin_[j]!, v));
      dataMax = dataMax.map((v, j) => nanMaximum(last.dataMax_[j]!, v));
    }
    const [lo, hi] = this.featureRange;
    const dataRange = dataMax.map((v, j) => v - dataMin[j]!);
    const scale = handleZerosInScale(dataRange.slice()).map((r) => (hi - lo) / r);
    const min = dataMin.map((v, j) => lo - v * scale[j]!);
    this.state = {
      min_: min,
      scale_: scale,
      dataMin_: dataMin,
      dataMax_: dataMax,
      dataRange_: dataRange,
      nSamplesSeen_: (last?.nSamplesSeen_ ?? 0) + n,
      nFeaturesIn_: m,
    };
    return this;
  }

  /** x · scale_ + min_, then clipped to featureRange if clip (NaN stays NaN). */
  transform(X: MatrixInput): DenseMatrix {
    const state = this.fitted();
    const matrix = this.readDense(X, state);
    const out = matrix.data.slice();
    const m = state.nFeaturesIn_;
    const [lo, hi] = this.featureRange;
    const { scale_, min_ } = state;
    for (let i = 0; i < out.length; i += m) {
      for (let j = 0; j < m; j++) {
        let x = out[i + j]! * scale_[j]! + min_[j]!;
        if (this.clip) x = Math.min(Math.max(x, lo), hi); // NaN stays NaN, as np.clip
        out[i + j] = x;
      }
    }
    return new DenseMatrix(out, matrix.shape);
  }

  /** (x − min_) / scale_. */
  inverseTransform(X: MatrixInput): DenseMatrix {
    const state = this.fitted();
    const matrix = this.readDense(X, state);
    const out = matrix.data.slice();
    const m = state.nFeaturesIn_;
    for (let i = 0; i < out.length; i += m) {
      for (let j = 0; j < m; j++) out[i + j] = (out[i + j]! - state.min_[j]!) / state.scale_[j]!;
    }
    return new DenseMatrix(out, matrix.shape);
  }

  private readDense(X: MatrixInput, state: MinMaxScalerState): DenseMatrix {
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: state.nFeaturesIn_ });
    if (matrix instanceof CsrMatrix) throw badInput(SCOPE, 'MinMaxScaler does not support sparse input');
    return matrix;
  }

  protected checkState(input: unknown): MinMaxScalerState {
    const s = stateRecord(SCOPE, input);
    const n = checkFeatureCount(SCOPE, s.nFeaturesIn_);
    const state: MinMaxScalerState = {
      min_: checkVector(SCOPE, 'min_', s.min_, n, 'finite'),
      scale_: checkVector(SCOPE, 'scale_', s.scale_, n, 'positive'),
      dataMin_: checkVector(SCOPE, 'dataMin_', s.dataMin_, n, 'finite'),
      dataMax_: checkVector(SCOPE, 'dataMax_', s.dataMax_, n, 'finite'),
      dataRange_: checkVector(SCOPE, 'dataRange_', s.dataRange_, n, 'nonNegative'),
      nSamplesSeen_: checkCount(SCOPE, 'nSamplesSeen_', s.nSamplesSeen_),
      nFeaturesIn_: n,
    };
    const j = state.dataMax_.findIndex((v, k) => v < state.dataMin_[k]!);
    if (j >= 0) throw badInput(SCOPE, `dataMax_[${j}] (${state.dataMax_[j]}) is below dataMin_[${j}]`);
    return state;
  }

  protected copyState(s: MinMaxScalerState): MinMaxScalerState {
    return {
      min_: s.min_.slice(),
      scale_: s.scale_.slice(),
      dataMin_: s.dataMin_.slice(),
      dataMax_: s.dataMax_.slice(),
      dataRange_: s.dataRange_.slice(),
      nSamplesSeen_: s.nSamplesSeen_,
      nFeaturesIn_: s.nFeaturesIn_,
    };
  }
}

function copyRange(range: readonly [number, number]): readonly [number, number] {
  return Array.isArray(range) ? ([...range] as unknown as readonly [number, number]) : range;
}
