import { IcepickleError } from '../errors.js';
import type { Label } from '../estimators/metrics.js';
import { numpyMean, numpySum } from './numpy-sum.js';

/**
 * How per-class scores are averaged: 'binary' (the positive class only), 'micro', 'macro', 'weighted' (scikit-learn's).
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** unique_labels(y_true, y_pred): sorted (numbers by value, strings by code point). */
export function sortedLabels(...ys: ArrayLike<Label>[]): Label[] {
  const set = new Set<Label>();
  for (const y of ys) for (let i = 0; i < y.length; i++) set.add(y[i]!);
  const labels = [...set];
  if (labels.some((l) => typeof l !== typeof labels[0])) throw error('y mixes numbers and strings');
  return labels.sort((a, b) => (typeof a === 'number' ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0));
}

/**
 * precision_recall_fscore_support(beta=1, zero_division="warn" → 0) as scikit-learn 1.2.1 computes it:
 * per-label counts, `_prf_divide`, F = 2·p·r / (p + r), then the average (binary: pos_label=1).
 */
export function precisionRecallFscore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  average: Average,
  posLabel: Label = 1,
): { precision: number; recall: number; f1: number } {
  if (yTrue.length !== yPred.length)
    throw new IcepickleError('SHAPE_MISMATCH', {
      scope: 'scoring',
      detail: `y has ${yTrue.length} values, predictions ${yPred.length}`,
    });
  const present = sortedLabels(yTrue, yPred);
  let labels: Label[];
  if (average === 'binary') {
    if (present.length > 2)
      throw error(
        `target is multiclass (${present.length} labels) but average='binary'; use a _macro, _micro or _weighted scorer`,
      );
    if (!present.includes(posLabel) && present.length >= 2)
      throw error(
        `pos_label=${JSON.stringify(posLabel)} is not a valid label; it should be one of ${JSON.stringify(present)}`,
      );
    labels = [posLabel];
  } else labels = present;
  const index = new Map(labels.map((l, i) => [l, i]));
  let tp = new Float64Array(labels.length);
  let predSum = new Float64Array(labels.length);
  let trueSum = new Float64Array(labels.length);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined) trueSum[t]!++;
    if (p !== undefined) predSum[p]!++;
    if (t !== undefined && yTrue[i] === yPred[i]) tp[t]!++;
  }
  if (average === 'micro') {
    tp = Float64Array.of(numpySum(tp));
    predSum = Float64Array.of(numpySum(predSum));
    trueSum = Float64Array.of(numpySum(trueSum));
  }
  const k = tp.length;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    precision[j] = predSum[j] === 0 ? 0 : tp[j]! / predSum[j]!;
    recall[j] = trueSum[j] === 0 ? 0 : tp[j]! / trueSum[j]!;
    const denom = precision[j]! + recall[j]!;
    f[j] = (2 * precision[j]! * recall[j]!) / (denom === 0 ? 1 : denom);
  }
  if (average === 'weighted') {
    const wsum = numpySum(trueSum);
    // No true samples of any label: scikit-learn's zero_division value (0).
    if (wsum === 0) return { precision: 0, recall: 0, f1: 0 };
    const avg = (a: Float64Array) => numpySum(a.map((v, j) => v * trueSum[j]!)) / wsum;
    return { precision: avg(precision), recall: avg(recall), f1: avg(f) };
  }
  return { precision: numpyMean(precision), recall: numpyMean(recall), f1: numpyMean(f) };
}

/** balanced_accuracy_score: mean per-class recall over the classes present in y_true. */
export function balancedAccuracyScore(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  const labels = sortedLabels(yTrue, yPred);
  const index = new Map(labels.map((l, i) => [l, i]));
  const hits = new Float64Array(labels.length);
  const rows = new Float64Array(labels.length);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!)!;
    rows[t]!++;
    if (yTrue[i] === yPred[i]) hits[t]!++;
  }
  const perClass: number[] = [];
  for (let j = 0; j < labels.length; j++) if (rows[j] !== 0) perClass.push(hits[j]! / rows[j]!);
  return numpyMean(perClass);
}

function error(what: string): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: 'scoring', detail: what });
}
