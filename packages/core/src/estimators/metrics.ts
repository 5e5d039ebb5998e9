import { IcepickleError } from '../errors.js';

/** A class label: scikit-learn's int, float, str or bool classes. */
export type Label = number | string | boolean;

/** Fraction of exact matches, optionally weighted (scikit-learn's accuracy_score). */
export function accuracyScore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkLengths(yTrue.length, yPred.length);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = sampleWeight ? sampleWeight[i]! : 1;
    if (yTrue[i] === yPred[i]) hit += w;
    total += w;
  }
  return hit / total;
}

/**
 * Coefficient of determination (scikit-learn's r2_score), averaged uniformly over outputs. Targets are
 * (n,) or (n, T) row-major as number[][].
 */
export function r2Score(
  yTrue: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  yPred: ArrayLike<number> | ArrayLike<ArrayLike<number>>,
  sampleWeight?: ArrayLike<number>,
): number {
  const t = asColumns(yTrue);
  const p = asColumns(yPred);
  checkLengths(t.n, p.n);
  if (t.cols.length !== p.cols.length) {
    throw new IcepickleError('SHAPE_MISMATCH', {
      detail: `y has ${t.cols.length} outputs, predictions ${p.cols.length}`,
    });
  }
  let sum = 0;
  for (let k = 0; k < t.cols.length; k++) {
    const yt = t.cols[k]!;
    const yp = p.cols[k]!;
    let wsum = 0;
    let mean = 0;
    for (let i = 0; i < t.n; i++) {
      const w = sampleWeight ? sampleWeight[i]! : 1;
      mean += w * yt[i]!;
      wsum += w;
    }
    mean /= wsum;
    let num = 0;
    let den = 0;
    for (let i = 0; i < t.n; i++) {
      const w = sampleWeight ? sampleWeight[i]! : 1;
      num += w * (yt[i]! - yp[i]!) ** 2;
      den += w * (yt[i]! - mean) ** 2;
    }
    // scikit-learn: a constant target scores 1 when predicted perfectly, 0 otherwise.
    sum += den !== 0 ? 1 - num / den : num !== 0 ? 0 : 1;
  }
  return sum / t.cols.length;
}

function asColumns(y: ArrayLike<number> | ArrayLike<ArrayLike<number>>): { n: number; cols: number[][] } {
  const n = y.length;
  if (n > 0 && typeof y[0] === 'object') {
    const rows = y as ArrayLike<ArrayLike<number>>;
    const width = rows[0]!.length;
    const cols = Array.from({ length: width }, (_v, k) => Array.from({ length: n }, (_w, i) => rows[i]![k]!));
    return { n, cols };
  }
  return { n, cols: [Array.from(y as ArrayLike<number>)] };
}

function checkLengths(a: number, b: number): void {
  if (a !== b) throw new IcepickleError('SHAPE_MISMATCH', { detail: `y has ${a} values, predictions ${b}` });
}
