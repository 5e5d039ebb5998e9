/**
 * scikit-learn's Normalizer (1.2.1 `sklearn/preprocessing/_data.py`, `normalize`): each row divided by its
 * l1, l2 or max norm; rows of (near) zero norm are left as they are. Stateless: fit only records the number of
 * features. Dense norms are summed in numpy's orders, CSR ones as `sparsefuncs_fast.pyx` does.
 */
import { CsrMatrix, DenseMatrix, type MatrixInput } from '@icepickle/core';
import { badParameter } from './errors.js';
import { checkFeatureCount, stateRecord } from './fitted-state.js';
import { einsumSquares, pairwiseSum } from './numpy-sums.js';
import { type ParamSpec, checkBoolean, fromSklearn } from './params.js';
import { readTable } from './table-input.js';
import { TableTransformer } from './table-transformer.js';
import { handleZerosInScale } from './zero-scales.js';

/**
 * The norm each row is scaled to: sum of absolute values ('l1'), Euclidean ('l2'), or largest absolute value ('max').
 */
export type Norm = 'l1' | 'l2' | 'max';

/** Options of {@link Normalizer}: scikit-learn 1.2.1's parameters, camelCased, with its defaults and meanings. */
export interface NormalizerParams {
  /**
   * The norm each non-zero sample (row) is scaled to: 'l1', 'l2' or 'max'.
   * @defaultValue 'l2'
   */
  norm: Norm;
  /**
   * Kept for scikit-learn's get_params(); transform always returns a new matrix.
   * @defaultValue true
   */
  copy: boolean;
}

/** What {@link Normalizer.fit} records (it learns nothing but the number of features). */
export interface NormalizerState {
  /** The number of features seen by fit. */
  nFeaturesIn_: number;
}

const SCOPE = 'Normalizer';
const NORMS: readonly string[] = ['l1', 'l2', 'max'];

const SPEC: ParamSpec<NormalizerParams> = {
  scope: SCOPE,
  defaults: { norm: 'l2', copy: true },
  sklearnNames: { norm: 'norm', copy: 'copy' },
  check(p) {
    if (!NORMS.includes(p.norm)) {
      throw badParameter(SCOPE, `norm must be one of 'l1', 'l2', 'max', got ${JSON.stringify(p.norm)}`);
    }
    checkBoolean(SCOPE, 'copy', p.copy);
  },
};

/** Scales each sample (row) to unit norm, independently of the others, as scikit-learn 1.2.1's Normalizer. */
export class Normalizer extends TableTransformer<NormalizerParams, NormalizerState> {
  /** The scikit-learn class name, as saved in pipeline files. */
  readonly className = 'Normalizer' as const;
  /** fit learns nothing and each row is normalised on its own (core's pipeline `Transformer.stateless`). */
  readonly stateless = true;

  constructor(params?: Partial<NormalizerParams>) {
    super(SPEC, params);
  }

  /** A Normalizer from scikit-learn's parameter names and values (snake_case). */
  static fromSklearnParams(params: Record<string, unknown>): Normalizer {
    return new Normalizer(fromSklearn(SPEC, params));
  }

  /** {@inheritDoc NormalizerParams.norm} */
  get norm(): Norm {
    return this.params.norm;
  }

  /** Checks X (finite numbers) and records its number of features. */
  fit(X: MatrixInput, _y?: unknown): this {
    const matrix = readTable(X, SCOPE, { allowNan: false });
    this.state = { nFeaturesIn_: matrix.shape[1] };
    return this;
  }

  /** Each row over its norm; works unfitted too (scikit-learn's Normalizer is stateless). */
  transform(X: MatrixInput): DenseMatrix | CsrMatrix {
    const matrix = readTable(X, SCOPE, { allowNan: false, nFeatures: this.state?.nFeaturesIn_ });
    return matrix instanceof CsrMatrix ? normalizeCsr(matrix, this.norm) : normalizeDense(matrix, this.norm);
  }

  protected checkState(input: unknown): NormalizerState {
    return { nFeaturesIn_: checkFeatureCount(SCOPE, stateRecord(SCOPE, input).nFeaturesIn_) };
  }

  protected copyState(s: NormalizerState): NormalizerState {
    return { nFeaturesIn_: s.nFeaturesIn_ };
  }
}

/** X / norms[:, None] with norms of ~0 set to 1 (`_handle_zeros_in_scale`). */
function normalizeDense(X: DenseMatrix, norm: Norm): DenseMatrix {
  const [n, m] = X.shape;
  const data = X.data;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (norm === 'l1') norms[i] = pairwiseSum(data, i * m, m, Math.abs);
    else if (norm === 'l2') norms[i] = Math.sqrt(einsumSquares(data, i * m, m));
    else {
      let max = Math.abs(data[i * m]!);
      for (let j = 1; j < m; j++) max = Math.max(max, Math.abs(data[i * m + j]!));
      norms[i] = max;
    }
  }
  handleZerosInScale(norms);
  const out = new Float64Array(data.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = data[i * m + j]! / norms[i]!;
  return new DenseMatrix(out, X.shape);
}

/** l1 / l2: `inplace_csr_row_normalize_l1/l2` (rows summing to 0 untouched); max: on the canonical CSR. */
function normalizeCsr(X: CsrMatrix, norm: Norm): CsrMatrix {
  if (norm === 'max') return normalizeCsrMax(X);
  const float32 = X.data instanceof Float32Array;
  const data = X.data.slice(0, X.nnz);
  const { indptr } = X;
  for (let i = 0; i < X.shape[0]; i++) {
    let sum = 0;
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) {
      const x = data[k]!;
      // float32 · float32 is a float32 product in the Cython kernel, added to a double sum.
      sum += norm === 'l1' ? Math.abs(x) : float32 ? Math.fround(x * x) : x * x;
    }
    if (sum === 0) continue;
    if (norm === 'l2') sum = Math.sqrt(sum);
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) data[k] = data[k]! / sum;
  }
  return new CsrMatrix(
    { indptr: indptr.slice(), indices: X.indices.slice(0, X.nnz), data, shape: X.shape },
    {
      validate: false,
    },
  );
}

/**
 * scikit-learn's max norm goes through `min_max_axis`, which sums duplicates and sorts X's indices in place
 * first, so the output is canonical; each row's norm is max(|min|, max) with 0 among the values of a row
 * that has implicit zeros, and rows of norm 0 are untouched.
 */
function normalizeCsrMax(X: CsrMatrix): CsrMatrix {
  const canonical = canonicalCsr(X);
  const { indptr, data } = canonical;
  const cols = X.shape[1];
  for (let i = 0; i < X.shape[0]; i++) {
    const start = indptr[i]!;
    const end = indptr[i + 1]!;
    if (start === end) continue;
    let lo = data[start]!;
    let hi = data[start]!;
    for (let k = start + 1; k < end; k++) {
      lo = Math.min(lo, data[k]!);
      hi = Math.max(hi, data[k]!);
    }
    if (end - start < cols) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    const rowNorm = Math.max(Math.abs(lo), hi);
    if (rowNorm === 0) continue;
    for (let k = start; k < end; k++) data[k] = data[k]! / rowNorm;
  }
  return canonical;
}

/** Indices sorted within each row and duplicates summed (scipy's sum_duplicates), dtype kept. */
function canonicalCsr(X: CsrMatrix): CsrMatrix {
  const { indptr, indices } = X;
  const n = X.shape[0];
  if (isCanonical(X)) {
    const parts = { indptr: indptr.slice(), indices: indices.slice(0, X.nnz), data: X.data.slice(0, X.nnz) };
    return new CsrMatrix({ ...parts, shape: X.shape }, { validate: false });
  }
  const outIndptr = new Int32Array(n + 1);
  const outIndices = new Int32Array(X.nnz);
  const outData = X.data instanceof Float32Array ? new Float32Array(X.nnz) : new Float64Array(X.nnz);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const order: number[] = [];
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) order.push(k);
    order.sort((a, b) => indices[a]! - indices[b]! || a - b);
    for (const k of order) {
      if (at > outIndptr[i]! && outIndices[at - 1] === indices[k]) outData[at - 1] = outData[at - 1]! + X.data[k]!;
      else {
        outIndices[at] = indices[k]!;
        outData[at++] = X.data[k]!;
      }
    }
    outIndptr[i + 1] = at;
  }
  return new CsrMatrix(
    { indptr: outIndptr, indices: outIndices.slice(0, at), data: outData.slice(0, at), shape: X.shape },
    { validate: false },
  );
}

/** Strictly increasing column indices in every row. */
function isCanonical(X: CsrMatrix): boolean {
  const { indptr, indices } = X;
  for (let i = 0; i < X.shape[0]; i++) {
    for (let k = indptr[i]! + 1; k < indptr[i + 1]!; k++) if (indices[k]! <= indices[k - 1]!) return false;
  }
  return true;
}
