/**
 * scikit-learn's StandardScaler (1.2.1 `sklearn/preprocessing/_data.py`): z = (x − mean_) / scale_ per feature,
 * with the running mean and variance of fit / partialFit (NaN ignored in fit and kept in transform), near-constant
 * features left unscaled, and CSR input when withMean is false.
 */
import { CsrMatrix, type DecisionWeights, DenseMatrix, type MatrixInput, affineDecision } from '@icepickle/core';
import { incrementalMeanAndVar, type Moments } from './dense-moments.js';
import { badInput } from './errors.js';
import {
  checkCount,
  checkFeatureCount,
  checkOptionalVector,
  checkVector,
  isNumberArray,
  stateRecord,
} from './fitted-state.js';
import { type ParamSpec, checkBoolean, fromSklearn } from './params.js';
import { csrIncrementalMeanVariance, csrMeanVariance } from './sparse-moments.js';
import { pairwiseSum } from './numpy-sums.js';
import { checkCell, copyValues, readSampleWeight, readTable, withValues } from './table-input.js';
import { TableTransformer } from './table-transformer.js';
import { handleZerosInScale, isConstantFeature } from './zero-scales.js';

/** Options of {@link StandardScaler}: scikit-learn 1.2.1's parameters, camelCased, with its defaults and meanings. */
export interface StandardScalerParams {
  /**
   * Center each feature (dense input only).
   * @defaultValue true
   */
  withMean: boolean;
  /**
   * Divide each feature by its standard deviation.
   * @defaultValue true
   */
  withStd: boolean;
  /**
   * Kept for scikit-learn's get_params(); transform always returns a new matrix.
   * @defaultValue true
   */
  copy: boolean;
}

/** What {@link StandardScaler.fit} learns, as saved in pipeline files. */
export interface StandardScalerState {
  /** null when neither withMean nor withStd (scikit-learn's None). */
  mean_: Float64Array | null;
  /** The variance of each feature (null when withStd is false). */
  var_: Float64Array | null;
  /** The per-feature scaling, sqrt(var_) with zeros replaced by 1 (null when withStd is false). */
  scale_: Float64Array | null;
  /** One count for every feature, or one per feature when NaN made them differ (scikit-learn's int or array). */
  nSamplesSeen_: number | Float64Array;
  /** The number of features seen by fit. */
  nFeaturesIn_: number;
}

/** Options of {@link StandardScaler.fit} and partialFit. */
export interface StandardScalerFitOptions {
  /**
   * Individual weights for each sample (scikit-learn's sample_weight).
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
}

const SCOPE = 'StandardScaler';

const SPEC: ParamSpec<StandardScalerParams> = {
  scope: SCOPE,
  defaults: { withMean: true, withStd: true, copy: true },
  sklearnNames: { withMean: 'with_mean', withStd: 'with_std', copy: 'copy' },
  check(p) {
    checkBoolean(SCOPE, 'withMean', p.withMean);
    checkBoolean(SCOPE, 'withStd', p.withStd);
    checkBoolean(SCOPE, 'copy', p.copy);
  },
};

const CANNOT_CENTER =
  'cannot center sparse matrices: pass `withMean: false` instead (centering would make every implicit zero non-zero)';

/**
 * Standardizes features by removing the mean and scaling to unit variance, z = (x - u) / s, as scikit-learn 1.2.1's
 * StandardScaler, up to the last bits (its incremental mean and variance).
 */
export class StandardScaler extends TableTransformer<StandardScalerParams, StandardScalerState> {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'StandardScaler' as const;
  /** Per-feature counts behind nSamplesSeen_, for the next partialFit. */
  private counts: Float64Array | undefined;

  constructor(params?: Partial<StandardScalerParams>) {
    super(SPEC, params);
  }

  /** A StandardScaler from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): StandardScaler {
    return new StandardScaler(fromSklearn(SPEC, params));
  }

  /** {@inheritDoc StandardScalerParams.withMean} */
  get withMean(): boolean {
    return this.params.withMean;
  }
  /** {@inheritDoc StandardScalerParams.withStd} */
  get withStd(): boolean {
    return this.params.withStd;
  }
  /** The mean of each feature (scikit-learn's `mean_`); null when neither withMean nor withStd. */
  get mean_(): Float64Array | null {
    return this.fitted().mean_;
  }
  /** The variance of each feature (scikit-learn's `var_`); null when withStd is false. */
  get var_(): Float64Array | null {
    return this.fitted().var_;
  }
  /** The per-feature scaling (scikit-learn's `scale_`); null when withStd is false. */
  get scale_(): Float64Array | null {
    return this.fitted().scale_;
  }
  /** The number of samples seen: one count, or one per feature when NaN made them differ. */
  get nSamplesSeen_(): number | Float64Array {
    return this.fitted().nSamplesSeen_;
  }

  /** Forgets any earlier fit, then partialFit. */
  fit(X: MatrixInput, _y?: unknown, options: StandardScalerFitOptions = {}): this {
    this.state = undefined;
    this.counts = undefined;
    return this.partialFit(X, _y, options);
  }

  /** Merges X into the running mean and variance (Chan, Golub & LeVeque, as scikit-learn's partial_fit). */
  partialFit(X: MatrixInput, _y?: unknown, options: StandardScalerFitOptions = {}): this {
    const last = this.state;
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: last?.nFeaturesIn_ });
    const [n, m] = matrix.shape;
    const weights = readSampleWeight(options.sampleWeight, n, SCOPE);
    const counts = this.counts ?? new Float64Array(m);
    let moments: { mean: Float64Array | null; variance: Float64Array | null; count: Float64Array };
    if (matrix instanceof CsrMatrix) {
      if (this.withMean) throw badInput(SCOPE, CANNOT_CENTER);
      moments = this.withStd
        ? last?.scale_
          ? csrIncrementalMeanVariance(matrix, { mean: last.mean_!, variance: last.var_!, count: counts }, weights)
          : csrMeanVariance(matrix, weights)
        : { mean: null, variance: null, count: addCsrCounts(counts, matrix, weights) };
    } else if (!this.withMean && !this.withStd) {
      // scikit-learn counts rows here, sample weights or not (1.2.1 `partial_fit`, dense branch).
      moments = { mean: null, variance: null, count: addDenseCounts(counts, matrix) };
    } else {
      const previous: Moments = {
        mean: last?.mean_ ?? new Float64Array(m),
        variance: this.withStd ? (last?.var_ ?? new Float64Array(m)) : null,
        count: counts,
      };
      moments = incrementalMeanAndVar(matrix, previous, weights);
    }
    this.counts = moments.count;
    this.state = this.stateFrom(moments.mean, moments.variance, moments.count, m);
    return this;
  }

  private stateFrom(
    mean: Float64Array | null,
    variance: Float64Array | null,
    count: Float64Array,
    nFeatures: number,
  ): StandardScalerState {
    const nSamplesSeen_ = count.every((c) => c === count[0]) ? count[0]! : count.slice();
    let scale_: Float64Array | null = null;
    if (this.withStd && variance) {
      // Constant features are found on the variances, before the square root (scikit-learn's order).
      const n = (j: number) => (typeof nSamplesSeen_ === 'number' ? nSamplesSeen_ : nSamplesSeen_[j]!);
      scale_ = handleZerosInScale(variance.map(Math.sqrt), (j) => isConstantFeature(variance[j]!, mean![j]!, n(j)));
    }
    return { mean_: mean, var_: this.withStd ? variance : null, scale_, nSamplesSeen_, nFeaturesIn_: nFeatures };
  }

  /** (x − mean_) / scale_; CSR (withMean false only) is multiplied by 1 / scale_ entry by entry, as scikit-learn. */
  transform(X: MatrixInput): DenseMatrix | CsrMatrix {
    const state = this.fitted();
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: state.nFeaturesIn_, callerChecksDense: true });
    if (matrix instanceof CsrMatrix) {
      if (this.withMean) throw badInput(SCOPE, CANNOT_CENTER);
      const out = copyValues(matrix);
      const scale = state.scale_;
      if (scale)
        scaleCsrColumns(
          matrix,
          out,
          scale.map((s) => 1 / s),
        );
      return withValues(matrix, out);
    }
    const zeros = new Float64Array(state.nFeaturesIn_);
    const ones = new Float64Array(state.nFeaturesIn_).fill(1);
    // x − 0 and x / 1 are exact, so one loop serves every option (scikit-learn skips those steps).
    return standardizeDense(matrix, this.withMean ? state.mean_! : zeros, this.withStd ? state.scale_! : ones);
  }

  /**
   * @internal What transform does to a dense X, (x − shift[j]) / divisor[j] per column (mean_ and scale_, or
   * 0 and 1 where withMean or withStd is off); null before fit. decisionThrough reads it to compute a linear
   * model's decisions straight from X (core's pipeline/affine-decision.ts), with the same values.
   */
  columnAffine(): { shift: Float64Array; divisor: Float64Array } | null {
    if (this.state === undefined) return null;
    const n = this.state.nFeaturesIn_;
    return {
      shift: this.withMean ? this.state.mean_! : new Float64Array(n),
      divisor: this.withStd ? this.state.scale_! : new Float64Array(n).fill(1),
    };
  }

  /**
   * @internal core's `Transformer.decisionThrough`: a single-output linear model's decisions on a dense X,
   * computed from X and columnAffine() without the scaled copy (core's affineDecision).
   */
  decisionThrough(X: unknown, w: DecisionWeights): Float64Array | null {
    return affineDecision(X, this.columnAffine(), w);
  }

  /** x · scale_ + mean_ (scikit-learn checks X's shape only by broadcasting; here it must match). */
  inverseTransform(X: MatrixInput): DenseMatrix | CsrMatrix {
    const state = this.fitted();
    const matrix = readTable(X, SCOPE, { allowNan: true, nFeatures: state.nFeaturesIn_ });
    const out = copyValues(matrix);
    if (matrix instanceof CsrMatrix) {
      if (this.withMean) throw badInput(SCOPE, CANNOT_CENTER.replace('center', 'uncenter'));
      if (state.scale_) scaleCsrColumns(matrix, out, state.scale_);
      return withValues(matrix, out);
    }
    const m = state.nFeaturesIn_;
    for (let i = 0; i < out.length; i += m) {
      for (let j = 0; j < m; j++) {
        let x = out[i + j]!;
        if (this.withStd) x *= state.scale_![j]!;
        if (this.withMean) x += state.mean_![j]!;
        out[i + j] = x;
      }
    }
    return new DenseMatrix(out as Float64Array, matrix.shape);
  }

  override fitTransform(X: MatrixInput, y?: unknown, options: StandardScalerFitOptions = {}): DenseMatrix | CsrMatrix {
    return this.fit(X, y, options).transform(X);
  }

  protected checkState(input: unknown): StandardScalerState {
    const s = stateRecord(SCOPE, input);
    const n = checkFeatureCount(SCOPE, s.nFeaturesIn_);
    const std = { expected: this.withStd, because: `when withStd is ${this.withStd}` };
    const hasMean = this.withMean || this.withStd;
    const mean = { expected: hasMean, because: `when withMean is ${this.withMean} and withStd is ${this.withStd}` };
    const state: StandardScalerState = {
      mean_: checkOptionalVector(SCOPE, 'mean_', s.mean_, n, 'finite', mean),
      var_: checkOptionalVector(SCOPE, 'var_', s.var_, n, 'nonNegative', std),
      scale_: checkOptionalVector(SCOPE, 'scale_', s.scale_, n, 'positive', std),
      nSamplesSeen_: isNumberArray(s.nSamplesSeen_)
        ? checkVector(SCOPE, 'nSamplesSeen_', s.nSamplesSeen_, n, 'nonNegative')
        : checkCount(SCOPE, 'nSamplesSeen_', s.nSamplesSeen_),
      nFeaturesIn_: n,
    };
    const seen = state.nSamplesSeen_;
    this.counts = typeof seen === 'number' ? new Float64Array(n).fill(seen) : seen.slice();
    return state;
  }

  protected copyState(s: StandardScalerState): StandardScalerState {
    return {
      mean_: s.mean_?.slice() ?? null,
      var_: s.var_?.slice() ?? null,
      scale_: s.scale_?.slice() ?? null,
      nSamplesSeen_: typeof s.nSamplesSeen_ === 'number' ? s.nSamplesSeen_ : s.nSamplesSeen_.slice(),
      nFeaturesIn_: s.nFeaturesIn_,
    };
  }
}

/**
 * (x − mean) / scale for every cell of X into a new matrix, X's values checked on the way (the hot path:
 * one flat loop with a wrapping column index, which V8 runs faster than a nested row × column loop).
 */
function standardizeDense(X: DenseMatrix, mean: Float64Array, scale: Float64Array): DenseMatrix {
  const data = X.data;
  const m = X.shape[1];
  const out = new Float64Array(data.length);
  let j = 0;
  for (let k = 0; k < data.length; k++) {
    const x = data[k]!;
    if (x - x !== 0) checkCell(x, k, X, SCOPE, true);
    out[k] = (x - mean[j]!) / scale[j]!;
    if (++j === m) j = 0;
  }
  return new DenseMatrix(out, X.shape);
}

/** data[k] ·= factor[column of k] (scikit-learn's inplace_column_scale); float32 data stays float32. */
function scaleCsrColumns(X: CsrMatrix, data: Float64Array | Float32Array, factor: Float64Array): void {
  const indices = X.indices;
  for (let k = 0; k < data.length; k++) data[k] = data[k]! * factor[indices[k]!]!;
}

/** counts + (weight of the rows) − (weight of the rows where the feature is NaN), for CSR X. */
function addCsrCounts(counts: Float64Array, X: CsrMatrix, weights: Float64Array | undefined): Float64Array {
  const [n, m] = X.shape;
  const total = weights ? pairwiseSum(weights, 0, n) : n;
  const nanWeight = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) {
      if (Number.isNaN(X.data[k])) nanWeight[X.indices[k]!]! += weights ? weights[i]! : 1;
    }
  }
  return counts.map((c, j) => c + (total - nanWeight[j]!));
}

/** counts + the number of rows where each feature is not NaN, for dense X. */
function addDenseCounts(counts: Float64Array, X: DenseMatrix): Float64Array {
  const [n, m] = X.shape;
  const out = counts.slice();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) if (!Number.isNaN(X.data[i * m + j])) out[j]! += 1;
  }
  return out;
}
