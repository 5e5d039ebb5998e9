import { CsrMatrix } from '../math/csr-matrix.js';
import type { Matrix } from '../math/input.js';
import type { ObjectiveWithGradient } from '../math/lbfgs.js';

/**
 * What scikit-learn 1.2.1's lbfgs minimises (LinearModelLoss with HalfBinomialLoss /
 * HalfMultinomialLoss, unnormalised):
 *
 *   F(W, b) = Σᵢ sᵢ·lossᵢ + ‖W‖²_F / (2C)
 *
 * binary lossᵢ = log(1 + exp(zᵢ)) − yᵢ·zᵢ with y ∈ {0, 1}; multinomial lossᵢ = logsumexp(zᵢ) − zᵢ[yᵢ].
 * sᵢ is the sample weight times the class weight; the intercept is not penalised.
 *
 * Parameter layout. Binary: [w₀ … w_{p−1}, b]. Multinomial (K classes): feature-major
 * x[j·K + k] = W[k][j], then the K intercepts — so each stored entry of X meets its K weights in one
 * contiguous run. (L-BFGS does not care how coordinates are ordered.)
 */
export interface LogisticProblem {
  X: Matrix;
  /** Binary: 0/1 targets. Multinomial: class index per sample. */
  target: Float64Array | Int32Array;
  /** 1 for binary, K ≥ 2 for multinomial. */
  nClasses: number;
  sampleWeight: Float64Array;
  /** 1 / C (0 without penalty). */
  l2: number;
  fitIntercept: boolean;
}

export function parameterCount(p: LogisticProblem): number {
  const K = p.nClasses;
  return (p.X.shape[1] + (p.fitIntercept ? 1 : 0)) * K;
}

export function logisticObjective(problem: LogisticProblem): ObjectiveWithGradient {
  return problem.nClasses === 1 ? binaryObjective(problem) : multinomialObjective(problem);
}

function binaryObjective({ X, target, sampleWeight, l2, fitIntercept }: LogisticProblem): ObjectiveWithGradient {
  const [n, p] = X.shape;
  const z = new Float64Array(n);
  return (x, grad) => {
    const b = fitIntercept ? x[p]! : 0;
    decisionInto(X, x, b, z);
    let loss = 0;
    let gb = 0;
    // z becomes the residual rᵢ = sᵢ(σ(zᵢ) − yᵢ).
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      const yi = target[i]!;
      const si = sampleWeight[i]!;
      let log1pexp: number;
      let sigma: number;
      if (zi > 0) {
        const e = Math.exp(-zi);
        log1pexp = zi + Math.log1p(e);
        sigma = 1 / (1 + e);
      } else {
        const e = Math.exp(zi);
        log1pexp = Math.log1p(e);
        sigma = e / (1 + e);
      }
      loss += si * (log1pexp - yi * zi);
      const r = si * (sigma - yi);
      z[i] = r;
      gb += r;
    }
    transposeTimes(X, z, grad);
    let sq = 0;
    for (let j = 0; j < p; j++) {
      const w = x[j]!;
      sq += w * w;
      grad[j]! += l2 * w;
    }
    if (fitIntercept) grad[p] = gb;
    return loss + 0.5 * l2 * sq;
  };
}

function multinomialObjective({
  X,
  target,
  nClasses: K,
  sampleWeight,
  l2,
  fitIntercept,
}: LogisticProblem): ObjectiveWithGradient {
  const [n, p] = X.shape;
  const Z = new Float64Array(n * K);
  return (x, grad) => {
    // Z = X·W (n × K, row-major) + b
    Z.fill(0);
    blockProduct(X, x, K, Z, false);
    const bOff = p * K;
    if (fitIntercept) for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) Z[i * K + k]! += x[bOff + k]!;

    // Loss, and Z becomes the residual R = s·(softmax(Z) − onehot(y)).
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, Z[row + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(Z[row + k]! - max);
      const yi = target[i]!;
      const si = sampleWeight[i]!;
      loss += si * (max + Math.log(sum) - Z[row + yi]!);
      for (let k = 0; k < K; k++) Z[row + k] = (si * Math.exp(Z[row + k]! - max)) / sum;
      Z[row + yi]! -= si;
    }

    grad.fill(0);
    blockProduct(X, Z, K, grad, true);
    let sq = 0;
    for (let t = 0; t < bOff; t++) {
      const w = x[t]!;
      sq += w * w;
      grad[t]! += l2 * w;
    }
    if (fitIntercept) for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) grad[bOff + k]! += Z[i * K + k]!;
    return loss + 0.5 * l2 * sq;
  };
}

/** z = X·w + b for the first p entries of x. */
function decisionInto(X: Matrix, x: Float64Array, b: number, z: Float64Array): void {
  const [n, p] = X.shape;
  if (X instanceof CsrMatrix) {
    const { indptr, indices, data } = X;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let q = indptr[i]!; q < indptr[i + 1]!; q++) s += data[q]! * x[indices[q]!]!;
      z[i] = s + b;
    }
  } else {
    const data = X.data;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const off = i * p;
      for (let j = 0; j < p; j++) s += data[off + j]! * x[j]!;
      z[i] = s + b;
    }
  }
}

/** grad[0..p) = Xᵀ·r. */
function transposeTimes(X: Matrix, r: Float64Array, grad: Float64Array): void {
  const [n, p] = X.shape;
  grad.fill(0, 0, p);
  if (X instanceof CsrMatrix) {
    const { indptr, indices, data } = X;
    for (let i = 0; i < n; i++) {
      const ri = r[i]!;
      if (ri === 0) continue;
      for (let q = indptr[i]!; q < indptr[i + 1]!; q++) grad[indices[q]!]! += data[q]! * ri;
    }
  } else {
    const data = X.data;
    for (let i = 0; i < n; i++) {
      const ri = r[i]!;
      if (ri === 0) continue;
      const off = i * p;
      for (let j = 0; j < p; j++) grad[j]! += data[off + j]! * ri;
    }
  }
}

/**
 * The two products of the multinomial objective over X's non-zeros, with K values per row of W:
 * out (n × K) += X·W, or (transpose) out (p × K) += Xᵀ·R for R (n × K). Both walk X row by row.
 */
function blockProduct(
  X: LogisticProblem['X'],
  A: Float64Array,
  K: number,
  out: Float64Array,
  transpose: boolean,
): void {
  const [n, p] = X.shape;
  const add = (v: number, row: number, base: number) => {
    if (transpose) for (let k = 0; k < K; k++) out[base + k]! += v * A[row + k]!;
    else for (let k = 0; k < K; k++) out[row + k]! += v * A[base + k]!;
  };
  if (X instanceof CsrMatrix) {
    const { indptr, indices, data } = X;
    for (let i = 0; i < n; i++) for (let q = indptr[i]!; q < indptr[i + 1]!; q++) add(data[q]!, i * K, indices[q]! * K);
    return;
  }
  const data = X.data;
  for (let i = 0; i < n; i++) {
    const off = i * p;
    for (let j = 0; j < p; j++) {
      const v = data[off + j]!;
      if (v !== 0) add(v, i * K, j * K);
    }
  }
}
