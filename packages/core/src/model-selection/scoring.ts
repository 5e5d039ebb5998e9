import { IcepickleError } from '../errors.js';
import type { Label } from '../estimators/metrics.js';
import { numpyMean, numpySum } from './numpy-sum.js';
import type { SearchInput, Targets } from './rows.js';
import { type Average, balancedAccuracyScore, precisionRecallFscore, sortedLabels } from './classification-metrics.js';
import { estimatorType } from './estimator-params.js';

/** What a search needs from an estimator (a LinearModel or a pipeline ending in one). */
export interface SearchEstimator {
  /** scikit-learn's class name. */
  readonly className?: string;
  /** 'classifier' or 'regressor': decides the default folds and the scorers that apply. */
  readonly estimatorType?: 'classifier' | 'regressor';
  /** Pipelines without clone/getParams/setParams are handled through their `steps` (estimator-params.ts). */
  clone?(): SearchEstimator;
  /** Sets a candidate's parameters. */
  setParams?(params: Record<string, unknown>): unknown;
  /** The parameters. */
  getParams?(): object;
  /** A pipeline's steps (parameters then go by `step__name`). */
  steps?: unknown;
  /** Fits on the training rows. */
  fit(X: never, y: never): unknown;
  /** Predicts the rows. */
  predict(X: never): unknown;
  /** Decision values, for the ranking scorers. */
  decisionFunction?(X: never): unknown;
  /** Probabilities, for the probabilistic scorers. */
  predictProba?(X: never): unknown;
  /** The default score (accuracy or R²). */
  score?(X: never, y: never): unknown;
}

/** The scorer names scikit-learn's `scoring` accepts that apply to our estimators. */
export type ScoringName =
  | 'accuracy'
  | 'balanced_accuracy'
  | 'f1'
  | 'f1_macro'
  | 'f1_micro'
  | 'f1_weighted'
  | 'precision'
  | 'precision_macro'
  | 'precision_micro'
  | 'precision_weighted'
  | 'recall'
  | 'recall_macro'
  | 'recall_micro'
  | 'recall_weighted'
  | 'roc_auc'
  | 'neg_log_loss'
  | 'r2'
  | 'neg_mean_squared_error'
  | 'neg_root_mean_squared_error'
  | 'neg_mean_absolute_error';
/** A scorer: greater is better, as scikit-learn's scorers. */
export type ScoringFunction = (estimator: SearchEstimator, X: SearchInput, y: Targets) => number | Promise<number>;
/** A scorer name, or a function (estimator, X, y) => number (greater is better). */
export type Scoring = ScoringName | ScoringFunction;

/** Every {@link ScoringName}. */
export const scoringNames: readonly ScoringName[] = [
  'accuracy',
  'balanced_accuracy',
  'f1',
  'f1_macro',
  'f1_micro',
  'f1_weighted',
  'precision',
  'precision_macro',
  'precision_micro',
  'precision_weighted',
  'recall',
  'recall_macro',
  'recall_micro',
  'recall_weighted',
  'roc_auc',
  'neg_log_loss',
  'r2',
  'neg_mean_squared_error',
  'neg_root_mean_squared_error',
  'neg_mean_absolute_error',
];

/** The scorer for a `scoring` option; undefined means the estimator's own `score` (scikit-learn's default). */
export function getScorer(scoring: Scoring | undefined, scope = 'scoring'): ScoringFunction {
  if (typeof scoring === 'function') return scoring;
  switch (scoring) {
    case undefined:
      return async (est, X, y) => {
        if (typeof est.score !== 'function')
          throw new IcepickleError('INVALID_PARAMETER', {
            scope,
            detail: 'the estimator has no score method; pass scoring',
          });
        return Number(await est.score(X as never, y as never));
      };
    case 'accuracy':
      return async (est, X, y) => accuracy(y as ArrayLike<Label>, (await est.predict(X as never)) as ArrayLike<Label>);
    case 'f1':
      return async (est, X, y) => f1Score(y as ArrayLike<Label>, (await est.predict(X as never)) as ArrayLike<Label>);
    case 'balanced_accuracy':
      return async (est, X, y) =>
        balancedAccuracyScore(y as ArrayLike<Label>, (await est.predict(X as never)) as ArrayLike<Label>);
    case 'f1_macro':
    case 'f1_micro':
    case 'f1_weighted':
    case 'precision':
    case 'precision_macro':
    case 'precision_micro':
    case 'precision_weighted':
    case 'recall':
    case 'recall_macro':
    case 'recall_micro':
    case 'recall_weighted': {
      const [metric, average = 'binary'] = scoring.split('_') as ['f1' | 'precision' | 'recall', Average | undefined];
      return async (est, X, y) =>
        precisionRecallFscore(y as ArrayLike<Label>, (await est.predict(X as never)) as ArrayLike<Label>, average)[
          metric
        ];
    }
    case 'neg_root_mean_squared_error':
      return async (est, X, y) =>
        -Math.sqrt(meanSquaredError(y as ArrayLike<number>, (await est.predict(X as never)) as ArrayLike<number>));
    case 'neg_mean_absolute_error':
      return async (est, X, y) =>
        -meanAbsoluteError(y as ArrayLike<number>, (await est.predict(X as never)) as ArrayLike<number>);
    case 'neg_log_loss':
      return async (est, X, y) => {
        if (typeof est.predictProba !== 'function') throw scoreError('neg_log_loss: the estimator has no predictProba');
        return -logLoss(y as ArrayLike<Label>, (await est.predictProba(X as never)) as number[][]);
      };
    case 'roc_auc':
      return async (est, X, y) => rocAucScore(y as ArrayLike<Label>, await thresholdScores(est, X));
    case 'r2':
      return async (est, X, y) => r2(y as ArrayLike<number>, (await est.predict(X as never)) as ArrayLike<number>);
    case 'neg_mean_squared_error':
      return async (est, X, y) =>
        -meanSquaredError(y as ArrayLike<number>, (await est.predict(X as never)) as ArrayLike<number>);
    default:
      throw new IcepickleError('INVALID_PARAMETER', {
        scope,
        detail: `unknown scoring ${JSON.stringify(scoring)}; use one of ${scoringNames.join(', ')} or a function (estimator, X, y) => number`,
      });
  }
}

/** accuracy_score: exact matches over n. */
export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  checkLengths(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

/** f1_score(average='binary', pos_label=1), computed as scikit-learn 1.2.1: 2·p·r / (p + r). */
export function f1Score(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, posLabel: Label = 1): number {
  checkLengths(yTrue, yPred);
  const present = new Set<Label>([...Array.from(yTrue), ...Array.from(yPred)]);
  if (present.size > 2) throw scoreError(`f1: target is multiclass (${present.size} labels) but average='binary'`);
  if (!present.has(posLabel) && present.size >= 2) {
    throw scoreError(
      `f1: pos_label=${JSON.stringify(posLabel)} is not a valid label; it should be one of ${JSON.stringify([...present])}`,
    );
  }
  let tp = 0;
  let predSum = 0;
  let trueSum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === posLabel;
    const p = yPred[i] === posLabel;
    if (t && p) tp++;
    if (p) predSum++;
    if (t) trueSum++;
  }
  const precision = predSum === 0 ? 0 : tp / predSum;
  const recall = trueSum === 0 ? 0 : tp / trueSum;
  const denom = precision + recall;
  return (2 * precision * recall) / (denom === 0 ? 1 : denom);
}

/**
 * What roc_auc ranks by (scikit-learn's _ThresholdScorer): a regressor's predictions, else
 * decision_function, else predict_proba[:, 1].
 */
async function thresholdScores(est: SearchEstimator, X: SearchInput): Promise<ArrayLike<number>> {
  if (estimatorType(est) === 'regressor') return (await est.predict(X as never)) as ArrayLike<number>;
  if (typeof est.decisionFunction === 'function') {
    try {
      const d = (await est.decisionFunction(X as never)) as ArrayLike<number> | number[][];
      if (d.length > 0 && typeof d[0] === 'object') throw scoreError('roc_auc: multiclass format is not supported');
      return d as ArrayLike<number>;
    } catch (error) {
      if (!(typeof est.predictProba === 'function' && (error as { code?: string }).code === 'NOT_SUPPORTED'))
        throw error;
    }
  }
  if (typeof est.predictProba === 'function') {
    const p = (await est.predictProba(X as never)) as number[][];
    return p.map((row) => {
      if (row.length !== 2) throw scoreError('roc_auc: multiclass format is not supported');
      return row[1]!;
    });
  }
  throw scoreError('roc_auc: the estimator has neither decisionFunction nor predictProba');
}

/**
 * roc_auc_score for a binary target: the larger label is positive; the curve is scikit-learn's
 * `roc_curve(drop_intermediate=True)` (ties form one threshold) and the area is `np.trapz`.
 */
export function rocAucScore(yTrue: ArrayLike<Label>, yScore: ArrayLike<number>): number {
  checkLengths(yTrue, yScore);
  const labels = [...new Set(Array.from(yTrue))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length > 2) throw scoreError('roc_auc: multiclass format is not supported');
  if (labels.length !== 2)
    throw scoreError('roc_auc: only one class present in y_true; ROC AUC score is not defined in that case');
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_v, i) => i).sort((a, b) => yScore[b]! - yScore[a]! || b - a);
  const pos = labels[1];
  // Cumulative true/false positives at the end of each run of equal scores.
  let fps: number[] = [];
  let tps: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    if (yTrue[order[k]!] === pos) tp++;
    if (k === n - 1 || yScore[order[k]!] !== yScore[order[k + 1]!]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
    }
  }
  if (fps.length > 2) {
    const keepF: number[] = [fps[0]!];
    const keepT: number[] = [tps[0]!];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      if (d2f !== 0 || d2t !== 0) {
        keepF.push(fps[i]!);
        keepT.push(tps[i]!);
      }
    }
    keepF.push(fps[fps.length - 1]!);
    keepT.push(tps[tps.length - 1]!);
    fps = keepF;
    tps = keepT;
  }
  fps.unshift(0);
  tps.unshift(0);
  const fpr = fps.map((v) => v / fps[fps.length - 1]!);
  const tpr = tps.map((v) => v / tps[tps.length - 1]!);
  const terms = new Float64Array(fpr.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = ((fpr[i + 1]! - fpr[i]!) * (tpr[i + 1]! + tpr[i]!)) / 2.0;
  return numpySum(terms);
}

/** r2_score (single output): 1 − Σ(y − ŷ)² / Σ(y − ȳ)², with scikit-learn's constant-target rules. */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  const t = toNumbers(yTrue, 'r2');
  const p = toNumbers(yPred, 'r2');
  const mean = numpyMean(t);
  const num = new Float64Array(t.length);
  const den = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const e = t[i]! - p[i]!;
    const d = t[i]! - mean;
    num[i] = e * e;
    den[i] = d * d;
  }
  const numerator = numpySum(num);
  const denominator = numpySum(den);
  if (denominator !== 0) return 1 - numerator / denominator;
  return numerator !== 0 ? 0 : 1;
}

/** Mean squared error regression loss (scikit-learn's mean_squared_error). */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  const t = toNumbers(yTrue, 'neg_mean_squared_error');
  const p = toNumbers(yPred, 'neg_mean_squared_error');
  const sq = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const e = t[i]! - p[i]!;
    sq[i] = e * e;
  }
  return numpyMean(sq);
}

/**
 * log_loss as the neg_log_loss scorer calls it (scikit-learn 1.2.1): classes are y_true's sorted
 * labels; a binary problem uses [1 − p₁, p₁]; probabilities are clipped to [eps, 1 − eps] (float64 eps)
 * and renormalised per row; the mean of −log p(true class).
 */
export function logLoss(yTrue: ArrayLike<Label>, proba: readonly (readonly number[])[]): number {
  checkLengths(yTrue, proba);
  const labels = sortedLabels(yTrue);
  if (labels.length === 1)
    throw scoreError(`neg_log_loss: y_true contains only one label (${String(labels[0])}); log loss is not defined`);
  const k = proba[0]?.length ?? 0;
  const binary = labels.length === 2 && k <= 2;
  if (!binary && k !== labels.length)
    throw scoreError(`neg_log_loss: y_true has ${labels.length} classes but predictProba gives ${k} columns`);
  const eps = 2.220446049250313e-16;
  const clip = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  const index = new Map(labels.map((l, i) => [l, i]));
  const losses = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const row = binary ? [clip(1 - proba[i]![k - 1]!), clip(proba[i]![k - 1]!)] : proba[i]!.map(clip);
    let sum = 0;
    for (const v of row) sum += v;
    losses[i] = -(0 + Math.log(row[index.get(yTrue[i]!)!]! / sum));
  }
  return numpyMean(losses);
}

/** Mean absolute error regression loss (scikit-learn's mean_absolute_error). */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths(yTrue, yPred);
  const t = toNumbers(yTrue, 'neg_mean_absolute_error');
  const p = toNumbers(yPred, 'neg_mean_absolute_error');
  return numpyMean(t.map((v, i) => Math.abs(v - p[i]!)));
}

function toNumbers(y: ArrayLike<unknown>, scope: string): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number')
      throw scoreError(
        `${scope}: targets and predictions must be single numbers (multi-output is not supported), got ${typeof v} at ${i}`,
      );
    out[i] = v;
  }
  return out;
}

function checkLengths(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length)
    throw new IcepickleError('SHAPE_MISMATCH', {
      scope: 'scoring',
      detail: `y has ${a.length} values, predictions ${b.length}`,
    });
}

function scoreError(what: string): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: 'scoring', detail: what });
}
