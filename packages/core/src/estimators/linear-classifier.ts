import { IcepickleError } from '../errors.js';
import { expit, toNumbers, toRows } from '../math/decision.js';
import type { MatrixInput } from '../math/input.js';
import { type ClassDType, classDType, labelKind } from './labels.js';
import { type LinearCoefficients, LinearModel } from './linear-model.js';
import { type Label, accuracyScore } from './metrics.js';

/**
 * Classifiers: classes_, decision → labels, accuracy. `L` is the label type (`SGDClassifier<string>`):
 * it types `fit`, `classes_` and `predict`. Labels loaded from a file are whatever the file holds; the
 * type is the caller's promise, as with a JSON.parse result.
 */
export abstract class LinearClassifier<P extends object, L extends Label = Label> extends LinearModel<P> {
  /** Always 'classifier'. */
  readonly estimatorType = 'classifier' as const;
  protected labels: Label[] | undefined;
  protected labelDType: ClassDType = 'int64';

  /** The class labels, sorted (scikit-learn's `classes_`); throws NOT_FITTED before fit. */
  get classes_(): L[] {
    this.checkFitted();
    return [...this.labels!] as L[];
  }

  /** Whether the model has coefficients and classes. */
  override isFitted(): boolean {
    return super.isFitted() && this.labels !== undefined;
  }

  override getCoefficients(): LinearCoefficients {
    return { ...super.getCoefficients(), classes: [...this.labels!], classDType: this.labelDType };
  }

  override setCoefficients(c: LinearCoefficients): this {
    this.checkCoefficients(c);
    super.setCoefficients(c);
    this.labels = [...c.classes!];
    this.labelDType = c.classDType ?? classDType(this.labels);
    return this;
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(c);
    if (c.coefShape.length !== 2)
      throw this.shapeError(
        `a classifier's coef must be 2-D (n_classes, n_features), got shape (${c.coefShape.join(', ')})`,
      );
    if (c.classes === undefined) throw this.shapeError('a classifier needs classes');
    const rows = c.coefShape[0]!;
    const k = c.classes.length;
    if (k < 2) throw this.shapeError(`a classifier needs at least 2 classes, got ${k}`);
    if (rows === 1 ? k !== 2 : rows !== k) {
      throw this.shapeError(
        `coef has ${rows} row${rows === 1 ? '' : 's'} but there are ${k} classes (binary models have 1 row and 2 classes)`,
      );
    }
    if (c.interceptShape.length !== 1) throw this.shapeError("a classifier's intercept must be 1-D");
    labelKind(c.classes, 'classes');
    if (new Set(c.classes).size !== k) throw this.shapeError('classes contains duplicates');
  }

  /** Confidence scores: (n,) for binary problems, (n, K) otherwise, as scikit-learn. */
  decisionFunction(X: MatrixInput): number[] | number[][] {
    const values = this.decide(X);
    return this.nOutputs === 1 ? toNumbers(values) : toRows(values, this.nOutputs);
  }

  /** The class of each row: the one with the largest decision (the positive class when a binary decision is > 0). */
  predict(X: MatrixInput): L[] {
    const values = this.decide(X);
    const classes = this.labels!;
    const k = this.nOutputs;
    const out: Label[] = new Array(values.length / k);
    if (k === 1) {
      for (let i = 0; i < out.length; i++) out[i] = values[i]! > 0 ? classes[1]! : classes[0]!;
    } else {
      for (let i = 0; i < out.length; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (values[i * k + c]! > values[i * k + best]!) best = c;
        out[i] = classes[best]!;
      }
    }
    return out as L[];
  }

  /** Mean accuracy, as scikit-learn's ClassifierMixin.score. */
  score(X: MatrixInput, y: ArrayLike<L>, sampleWeight?: ArrayLike<number>): number {
    return accuracyScore(y, this.predict(X), sampleWeight);
  }

  /** One-vs-rest logistic probabilities, as scikit-learn's `_predict_proba_lr`. */
  protected probaOvrLogistic(X: MatrixInput): number[][] {
    return ovrLogisticRows(this.decide(X), this.nOutputs);
  }

  /**
   * SGDClassifier's predict_proba (scikit-learn's `_check_proba` first): only for loss 'log_loss' (or its deprecated
   * 'log') and 'modified_huber'; NOT_SUPPORTED for the others, before X is looked at. Shared by SGDClassifier and
   * SGDClassifierPredictor.
   */
  protected probaSgd(X: MatrixInput, loss: string): number[][] {
    if (!sgdHasProba(loss)) {
      throw this.notSupported(
        `probability estimates are not available for loss='${loss}' (use 'log_loss' or 'modified_huber')`,
      );
    }
    return sgdProbaRows(loss, this.decide(X), this.nOutputs);
  }

  protected notSupported(what: string): IcepickleError {
    return new IcepickleError('NOT_SUPPORTED', { scope: this.className, detail: what });
  }
}

/** [1 - p, p], computed as scikit-learn does (not expit(-d)). */
export function binaryRow(p: number): number[] {
  return [1 - p, p];
}

/** Divides each row by its sum; rows summing to 0 become uniform (modified_huber's rule). */
export function normaliseRows(values: Float64Array, k: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += k) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += values[i + c]!;
    const row = new Array<number>(k);
    for (let c = 0; c < k; c++) row[c] = sum === 0 ? 1 / k : values[i + c]! / sum;
    rows.push(row);
  }
  return rows;
}

/** One-vs-rest logistic probabilities from decision values (k per row), as `_predict_proba_lr`; reuses `values`. */
export function ovrLogisticRows(values: Float64Array, k: number): number[][] {
  if (k === 1) return Array.from(values, (d) => binaryRow(expit(d)));
  for (let i = 0; i < values.length; i++) values[i] = expit(values[i]!);
  return normaliseRows(values, k);
}

/**
 * SGDClassifier's predict_proba from decision values (k per row): one-vs-rest logistic for 'log_loss' (and
 * the deprecated 'log'), (clip(d, -1, 1) + 1) / 2 normalised for 'modified_huber'. Call `sgdHasProba` first.
 */
function sgdProbaRows(loss: string, values: Float64Array, k: number): number[][] {
  if (loss === 'log_loss' || loss === 'log') return ovrLogisticRows(values, k);
  for (let i = 0; i < values.length; i++) values[i] = (Math.min(1, Math.max(-1, values[i]!)) + 1) / 2;
  if (k === 1) return Array.from(values, binaryRow);
  return normaliseRows(values, k);
}

/** Whether an SGD loss has probabilities (scikit-learn raises for the others before looking at X). */
function sgdHasProba(loss: string): boolean {
  return loss === 'log_loss' || loss === 'log' || loss === 'modified_huber';
}
