import { IcepickleError } from '../errors.js';
import { type MatrixInput, asMatrix } from '../math/input.js';
import type { RidgeMethod } from '../math/ridge-solver.js';
import { type ClassWeightOption, computeClassWeight } from './class-weight.js';
import { classDType, encodeLabels, uniqueLabels } from './labels.js';
import { LinearClassifier } from './linear-classifier.js';
import type { LinearCoefficients } from './linear-model.js';
import type { Label } from './metrics.js';
import { fitRidge, ridgeSampleWeight } from './ridge-fit.js';
import { type BaseRidgeParams, baseRidgeDefaults, checkBaseRidgeParams, copyAlpha } from './ridge-params.js';
import { withRowIntercept } from './scalar-intercept.js';
import { ParamChecker } from './sgd/base-sgd.js';
import type { EstimatorOptions } from './logger.js';

export interface RidgeClassifierParams extends BaseRidgeParams {
  /**
   * {label: weight}, 'balanced' or null: multiplies each sample's weight by its class's.
   * @defaultValue null
   */
  classWeight: ClassWeightOption;
}

/** The defaults of {@link RidgeClassifierParams}, scikit-learn 1.2.1's. */
export const ridgeClassifierDefaults: RidgeClassifierParams = { ...baseRidgeDefaults, classWeight: null };

/**
 * scikit-learn 1.2.1's RidgeClassifier: the labels become ±1 targets (LabelBinarizer(pos_label=1,
 * neg_label=-1): one column, +1 for the second class, for two classes; one column per class otherwise,
 * one-vs-all), a Ridge regression is fitted to them, and predict takes the sign (binary) or the largest
 * decision (multiclass). Multilabel targets are not supported. No predictProba, as scikit-learn.
 */
export class RidgeClassifier<L extends Label = Label> extends LinearClassifier<RidgeClassifierParams, L> {
  readonly className = 'RidgeClassifier';
  /** How the last fit solved the system (see Ridge.solver_). */
  solver_: RidgeMethod | undefined;

  constructor(params: EstimatorOptions<RidgeClassifierParams> = {}) {
    super('RidgeClassifier', ridgeClassifierDefaults, {
      ...params,
      alpha: copyAlpha(params.alpha) as RidgeClassifierParams['alpha'] | undefined,
    });
    this.checkParams();
  }

  /** @inheritDoc */
  override setParams(params: EstimatorOptions<RidgeClassifierParams>): this {
    return super.setParams({ ...params, alpha: copyAlpha(params.alpha) as RidgeClassifierParams['alpha'] | undefined });
  }

  protected override checkParamsOnSet(): void {
    this.checkParams();
  }

  /**
   * Fits Ridge to the ±1 coding of y with sample weights × class weights (scikit-learn's
   * `_prepare_data`); the optimum is exact, as Ridge.fit's. A call that throws leaves the model as it was.
   */
  fit(X: MatrixInput, y: ArrayLike<L>, options: { sampleWeight?: ArrayLike<number> | number } = {}): this {
    this.checkParams();
    const matrix = asMatrix(X);
    const [n, p] = matrix.shape;
    if (y === null || typeof y !== 'object' || typeof y.length !== 'number')
      throw new IcepickleError('INVALID_INPUT', { scope: this.className, detail: 'y must be an array of labels' });
    if (y.length !== n) {
      throw new IcepickleError('SHAPE_MISMATCH', {
        scope: this.className,
        detail: `y has ${y.length} labels but X has ${n} rows`,
      });
    }
    const classes = uniqueLabels(y);
    if (classes.length < 2) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `RidgeClassifier needs samples of at least 2 classes; y holds ${classes.length === 0 ? 'none' : `only ${JSON.stringify(classes[0])}`}`,
      });
    }
    const yIndex = encodeLabels(y, classes);
    const K = classes.length;
    const t = K === 2 ? 1 : K;
    const Y = new Float64Array(n * t).fill(-1);
    for (let i = 0; i < n; i++) {
      if (K === 2) Y[i] = yIndex[i] === 1 ? 1 : -1;
      else Y[i * t + yIndex[i]!] = 1;
    }
    const sw = ridgeSampleWeight(options.sampleWeight, n) ?? new Float64Array(n).fill(1);
    const cw = computeClassWeight(this.params.classWeight, classes, yIndex, this.className);
    for (let i = 0; i < n; i++) sw[i]! *= cw[yIndex[i]!]!;
    const fit = fitRidge(this.className, this.params, matrix, Y, t, sw);
    this.weights = fit.coef;
    this.coefShape = [t, p];
    this.bias = this.params.fitIntercept ? fit.intercept : new Float64Array(1);
    this.interceptShape = this.params.fitIntercept ? [t] : [];
    this.labels = classes;
    this.labelDType = classDType(classes);
    this.solver_ = fit.method;
    return this;
  }

  protected override checkCoefficients(c: LinearCoefficients): void {
    super.checkCoefficients(withRowIntercept(c));
  }

  checkParams(): void {
    checkBaseRidgeParams(this.className, this.params);
    new ParamChecker(this.className, this.params as unknown as Record<string, unknown>).classWeight('classWeight');
  }
}
