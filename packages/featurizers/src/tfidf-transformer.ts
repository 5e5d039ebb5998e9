/**
 * scikit-learn's TfidfTransformer (1.2.1, sklearn/feature_extraction/text.py): counts → tf-idf.
 * fit: idf = ln((1 + n) / (1 + df)) + 1 with smoothIdf, ln(n / df) + 1 without, computed in the input's
 * float type (float32 counts give float32 idf, as numpy does). transform: sublinear tf (ln(tf) + 1), times
 * idf, then l1 / l2 row normalisation. scikit-learn multiplies by a sparse diagonal matrix, whose product
 * (scipy's csr_matmat) lists each row's columns in reverse order and `normalize` (sklearn/preprocessing/
 * _data.py) sums the squares in that order; ours sums in the same order, so the values agree to the bit.
 */
import {
  CsrMatrix,
  type DenseMatrix,
  IcepickleError,
  NotFittedError,
  asMatrix,
  type MatrixInput,
} from '@icepickle/core';
import { badParameter, checkOptionNames, fromSklearnNames, toSklearnNames } from './sklearn-params.js';

/**
 * Options of {@link TfidfTransformer} (and TfidfVectorizer's tf-idf ones): scikit-learn 1.2.1's, camelCased, with its
 * defaults and meanings.
 */
export interface TfidfParams {
  /**
   * Each output row gets unit norm: 'l2' (sum of squares 1: the dot product of two rows is their cosine similarity),
   * 'l1' (sum of absolute values 1), or `null` for no normalization.
   * @defaultValue 'l2'
   */
  norm: 'l1' | 'l2' | null;
  /**
   * Enables inverse-document-frequency reweighting; if false, idf(t) = 1.
   * @defaultValue true
   */
  useIdf: boolean;
  /**
   * Smooths idf weights by adding one to document frequencies, as if an extra document contained every term exactly
   * once (prevents zero divisions).
   * @defaultValue true
   */
  smoothIdf: boolean;
  /**
   * Applies sublinear tf scaling: tf is replaced with 1 + log(tf).
   * @defaultValue false
   */
  sublinearTf: boolean;
}

/** What {@link TfidfTransformer.fit} learns, as saved in pipeline files. */
export interface TfidfTransformerState {
  /** null when useIdf is false. */
  idf_: Float64Array | null;
}

/** The defaults of {@link TfidfParams}, scikit-learn 1.2.1's. */
export const TFIDF_DEFAULTS: TfidfParams = { norm: 'l2', useIdf: true, smoothIdf: true, sublinearTf: false };

/** camelCase option → scikit-learn parameter name. */
export const TFIDF_SKLEARN_NAMES: Readonly<Record<keyof TfidfParams, string>> = {
  norm: 'norm',
  useIdf: 'use_idf',
  smoothIdf: 'smooth_idf',
  sublinearTf: 'sublinear_tf',
};

const SCOPE = 'TfidfTransformer';
/** Restored without idf (useIdf false): the number of features is not known, any is accepted. */
const ANY_WIDTH = -1;

/**
 */
export function checkTfidfParams(p: TfidfParams, scope: string): void {
  if (!(p.norm === null || p.norm === 'l1' || p.norm === 'l2'))
    throw badParameter(scope, `norm must be 'l1', 'l2' or null, got ${JSON.stringify(p.norm)}`);
  for (const key of ['useIdf', 'smoothIdf', 'sublinearTf'] as const) {
    if (typeof p[key] !== 'boolean')
      throw badParameter(scope, `${key} must be a boolean, got ${JSON.stringify(p[key])}`);
  }
}

/** idf from document frequencies (float32 arithmetic when `float32`, as numpy on float32 counts). */
export function computeIdf(df: Float64Array, nSamples: number, smooth: boolean, float32: boolean): Float64Array {
  const s = smooth ? 1 : 0;
  const n = nSamples + s;
  const idf = new Float64Array(df.length);
  if (float32) {
    for (let j = 0; j < df.length; j++) idf[j] = Math.fround(Math.fround(Math.log(Math.fround(n / (df[j]! + s)))) + 1);
  } else for (let j = 0; j < df.length; j++) idf[j] = Math.log(n / (df[j]! + s)) + 1;
  return idf;
}

/** Checks an idf vector given from outside (setFittedState): finite and not negative. */
export function checkIdf(idf: unknown, scope: string): Float64Array {
  if (!(idf instanceof Float64Array)) {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: 'idf_ must be a Float64Array (or null when useIdf is false)',
    });
  }
  for (let j = 0; j < idf.length; j++) {
    if (!Number.isFinite(idf[j]) || idf[j]! < 0) {
      throw new IcepickleError('INVALID_INPUT', {
        scope,
        detail: `idf_[${j}] is ${idf[j]}; idf must be finite and >= 0`,
      });
    }
  }
  return idf;
}

/**
 * sublinear tf, idf and normalisation (scikit-learn's transform), on a copy of X, or on X's own arrays when
 * `inPlace` (the caller owns them: TfidfVectorizer's fresh counts).
 */
export function applyTfidf(X: CsrMatrix, idf: Float64Array | null, p: TfidfParams, inPlace = false): CsrMatrix {
  const float32 = X.data instanceof Float32Array;
  const nnz = X.nnz;
  const { indptr, indices } = X;
  const data = inPlace && !float32 ? (X.data as Float64Array) : Float64Array.from(X.data.subarray(0, nnz));
  if (float32) scaleFloat32(data, indices, idf, p.sublinearTf);
  else {
    if (p.sublinearTf) for (let k = 0; k < nnz; k++) data[k] = Math.log(data[k]!) + 1;
    if (idf !== null) for (let k = 0; k < nnz; k++) data[k] = data[k]! * idf[indices[k]!]!;
  }
  if (p.norm !== null) normalizeRows(data, indptr, X.nRows, p.norm, float32, idf !== null);
  return new CsrMatrix(
    {
      indptr: inPlace ? indptr : indptr.slice(0, X.nRows + 1),
      indices: inPlace ? indices : indices.slice(0, nnz),
      data: float32 ? Float32Array.from(data) : data,
      shape: [X.nRows, X.nCols],
    },
    { validate: false },
  );
}

/** numpy's float32 arithmetic: every result rounded to float32. */
function scaleFloat32(data: Float64Array, indices: Int32Array, idf: Float64Array | null, sublinear: boolean): void {
  for (let k = 0; k < data.length; k++) {
    let v = data[k]!;
    if (sublinear) v = Math.fround(Math.fround(Math.log(v)) + 1);
    if (idf !== null) v = Math.fround(v * idf[indices[k]!]!);
    data[k] = v;
  }
}

/**
 * sklearn.utils.sparsefuncs_fast `inplace_csr_row_normalize_l1 / _l2`: a double sum per row, rows of zero
 * norm left alone. `reversed`: sum in reverse storage order (the order of scikit-learn's X * idf product).
 */
function normalizeRows(
  data: Float64Array,
  indptr: Int32Array,
  nRows: number,
  norm: 'l1' | 'l2',
  float32: boolean,
  reversed: boolean,
): void {
  for (let i = 0; i < nRows; i++) {
    const a = indptr[i]!;
    const b = indptr[i + 1]!;
    let s = 0;
    if (norm === 'l2') {
      if (reversed)
        for (let k = b - 1; k >= a; k--) s += float32 ? Math.fround(data[k]! * data[k]!) : data[k]! * data[k]!;
      else for (let k = a; k < b; k++) s += float32 ? Math.fround(data[k]! * data[k]!) : data[k]! * data[k]!;
      if (s === 0) continue;
      s = Math.sqrt(s);
    } else {
      if (reversed) for (let k = b - 1; k >= a; k--) s += Math.abs(data[k]!);
      else for (let k = a; k < b; k++) s += Math.abs(data[k]!);
      if (s === 0) continue;
    }
    for (let k = a; k < b; k++) data[k] = float32 ? Math.fround(data[k]! / s) : data[k]! / s;
  }
}

/** Column-wise count of stored non-zero entries (scikit-learn's `_document_frequency`, bincount of indices). */
export function documentFrequency(X: CsrMatrix): Float64Array {
  const df = new Float64Array(X.nCols);
  for (let k = 0; k < X.nnz; k++) df[X.indices[k]!]! += 1;
  return df;
}

function asCsr(X: MatrixInput | CsrMatrix): CsrMatrix {
  const m = asMatrix(X);
  if (m instanceof CsrMatrix) return m;
  return denseToCsr(m);
}

function denseToCsr(m: DenseMatrix): CsrMatrix {
  const [rows, cols] = m.shape;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = m.data[i * cols + j]!;
      if (v !== 0) {
        indices.push(j);
        data.push(v);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return new CsrMatrix({ indptr, indices, data, shape: [rows, cols] }, { validate: false });
}

/**
 * A count matrix to a normalized tf or tf-idf representation, as scikit-learn 1.2.1's TfidfTransformer, up to the last
 * bits.
 */
export class TfidfTransformer {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'TfidfTransformer' as const;
  private params: TfidfParams;
  private idf: Float64Array | null | undefined;
  private nFeatures: number | undefined;

  constructor(params: Partial<TfidfParams> = {}) {
    checkOptionNames(SCOPE, params, TFIDF_DEFAULTS);
    const p = { ...TFIDF_DEFAULTS, ...params };
    checkTfidfParams(p, SCOPE);
    this.params = p;
  }

  /** Every option, as given. */
  getParams(): TfidfParams {
    return { ...this.params };
  }

  /** Changes options (checked as the constructor does); a fitted idf is kept until the next fit. */
  setParams(params: Partial<TfidfParams>): this {
    checkOptionNames(SCOPE, params, TFIDF_DEFAULTS);
    const next = { ...this.params, ...params };
    checkTfidfParams(next, SCOPE);
    this.params = next;
    return this;
  }

  /** The options as scikit-learn's `get_params()` names them (snake_case). */
  toSklearnParams(): Record<string, unknown> {
    return toSklearnNames(SCOPE, this.params, TFIDF_SKLEARN_NAMES);
  }

  /** A TfidfTransformer from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): TfidfTransformer {
    return new TfidfTransformer(fromSklearnNames(SCOPE, params, TFIDF_SKLEARN_NAMES) as Partial<TfidfParams>);
  }

  /** Learns idf from a count matrix (CSR, or rows of numbers). */
  fit(X: MatrixInput): this {
    const csr = asCsr(X);
    this.idf = this.params.useIdf
      ? computeIdf(documentFrequency(csr), csr.nRows, this.params.smoothIdf, csr.data instanceof Float32Array)
      : null;
    this.nFeatures = csr.nCols;
    return this;
  }

  /** Reweights a count matrix by idf and normalizes its rows, as fitted. */
  transform(X: MatrixInput): CsrMatrix {
    const csr = asCsr(X);
    if (this.nFeatures === undefined) throw new NotFittedError(SCOPE);
    if (this.nFeatures !== ANY_WIDTH && csr.nCols !== this.nFeatures) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: SCOPE,
        detail: `X has ${csr.nCols} features, but TfidfTransformer is expecting ${this.nFeatures} features as input.`,
      });
    }
    return applyTfidf(csr, this.idf ?? null, this.params);
  }

  /** fit, then transform, on the same matrix. */
  fitTransform(X: MatrixInput): CsrMatrix {
    return this.fit(X).transform(X);
  }

  /** The number of columns seen by fit, or undefined before. */
  get nFeaturesIn_(): number | undefined {
    return this.nFeatures === ANY_WIDTH ? undefined : this.nFeatures;
  }

  /** The idf vector (NotFittedError before fit, or when useIdf is false, as scikit-learn's property). */
  get idf_(): Float64Array {
    if (this.idf === undefined || this.idf === null) throw new NotFittedError(SCOPE);
    return this.idf;
  }

  /** What fit learned, for saving. */
  getFittedState(): TfidfTransformerState {
    if (this.nFeatures === undefined) throw new NotFittedError(SCOPE);
    return { idf_: this.idf === null || this.idf === undefined ? null : this.idf.slice() };
  }

  /** Restores idf_ (null when useIdf is false); the number of features is its length. */
  setFittedState(state: TfidfTransformerState): this {
    if (typeof state !== 'object' || state === null || !('idf_' in state)) {
      throw new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: 'the fitted state must be { idf_ }' });
    }
    if (this.params.useIdf) {
      const idf = checkIdf(state.idf_, SCOPE).slice();
      this.idf = idf;
      this.nFeatures = idf.length;
    } else {
      if (state.idf_ !== null) {
        throw new IcepickleError('INVALID_INPUT', { scope: SCOPE, detail: 'idf_ must be null when useIdf is false' });
      }
      this.idf = null;
      this.nFeatures = ANY_WIDTH;
    }
    return this;
  }
}
