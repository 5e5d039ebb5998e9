/**
 * Duck-typed step interfaces for pipelines, so core needs no featurizer package: anything with these
 * methods can be a step (our estimators, @icepickle/featurizers' HashingVectorizer, your own code).
 */
import type { DecisionWeights } from '../estimators/linear-model.js';

/** Options the final estimator's partialFit receives (classes on the first call, as scikit-learn). */
export interface PipelinePartialFitOptions {
  /**
   * Every class the model will see, required on the first call (as scikit-learn's `classes`).
   * @defaultValue undefined (the estimator's existing classes_)
   */
  classes?: readonly (number | string)[];
  /**
   * Weights applied to individual samples.
   * @defaultValue undefined (every sample weighs 1)
   */
  sampleWeight?: ArrayLike<number>;
  [option: string]: unknown;
}

/** A transformer: turns X into features. fit / partialFit learn nothing for stateless ones. */
export interface Transformer<In = any, Out = any> {
  /** Turns X into features. */
  transform(X: In): Out;
  /**
   * True when fit learns nothing and transform maps each row on its own from the parameters alone
   * (HashingVectorizer). Searches then featurize X once instead of once per fit (same results).
   */
  readonly stateless?: boolean;
  /**
   * True when transform maps each row on its own from the fitted state, so that transforming X in blocks of
   * rows gives X's rows (the scalers and Normalizer): a Pipeline then predicts large tables block by block
   * (row-blocks.ts).
   */
  readonly rowWise?: boolean;
  /**
   * @internal The decisions X·Wᵀ + b of the linear model that follows this step (row-major), computed straight
   * from X with the same values, bit for bit, as `transform` then the model's decision; null to decline (the
   * Pipeline then transforms as usual). TfidfVectorizer's skips building the tf-idf matrix.
   */
  decisionThrough?(X: In, w: DecisionWeights): Float64Array | null;
  /** Learns from X (and y). */
  fit?(X: In, y?: any): unknown;
  /** Learns from one more batch of X. */
  partialFit?(X: In, y?: any): unknown;
  /** fit, then transform, on the same X. */
  fitTransform?(X: In, y?: any): Out;
}

/** A final estimator: predicts from features, may learn incrementally. */
export interface Predictor<In = any> {
  /** Predicts the rows of X. */
  predict(X: In): unknown;
  /** Learns from X and y. */
  fit?(X: In, y: any, options?: any): unknown;
  /** Learns from one more batch of X and y. */
  partialFit?(X: In, y: any, options?: PipelinePartialFitOptions): unknown;
  /** Class probabilities of the rows of X. */
  predictProba?(X: In): unknown;
  /** Log class probabilities of the rows of X. */
  predictLogProba?(X: In): unknown;
  /** Decision values of the rows of X. */
  decisionFunction?(X: In): unknown;
  /** The default score on (X, y): accuracy or R². */
  score?(X: In, y: any, sampleWeight?: ArrayLike<number>): number;
  /** Turns X into features (a final step that also transforms). */
  transform?(X: In): unknown;
}

/** A pipeline step: a transformer, or the final estimator. */
export type Step = Transformer | Predictor;

/** [name, step], as scikit-learn's (name, estimator) tuples. */
export type NamedStep<S extends Step = Step> = readonly [string, S];
