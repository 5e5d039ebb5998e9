/**
 * Duck-typed step interfaces for pipelines, so core needs no featurizer package: anything with these
 * methods can be a step (our estimators, @icepickle/featurizers' HashingVectorizer, your own code).
 */

/** Options the final estimator's partialFit receives (classes on the first call, as scikit-learn). */
export interface PipelinePartialFitOptions {
  classes?: readonly (number | string)[];
  sampleWeight?: ArrayLike<number>;
  [option: string]: unknown;
}

/** A transformer: turns X into features. fit / partialFit learn nothing for stateless ones. */
export interface Transformer<In = any, Out = any> {
  transform(X: In): Out;
  /**
   * True when fit learns nothing and transform maps each row on its own from the parameters alone
   * (HashingVectorizer). Searches then featurize X once instead of once per fit (same results).
   */
  readonly stateless?: boolean;
  /**
   * True when transform maps each row on its own from the fitted state, so that transforming X in blocks of
   * rows gives X's rows (the scalers, Normalizer, the vectorizers): a Pipeline then predicts large inputs
   * block by block (row-blocks.ts).
   */
  readonly rowWise?: boolean;
  fit?(X: In, y?: any): unknown;
  partialFit?(X: In, y?: any): unknown;
  fitTransform?(X: In, y?: any): Out;
}

/** A final estimator: predicts from features, may learn incrementally. */
export interface Predictor<In = any> {
  predict(X: In): unknown;
  fit?(X: In, y: any, options?: any): unknown;
  partialFit?(X: In, y: any, options?: PipelinePartialFitOptions): unknown;
  predictProba?(X: In): unknown;
  predictLogProba?(X: In): unknown;
  decisionFunction?(X: In): unknown;
  score?(X: In, y: any, sampleWeight?: ArrayLike<number>): number;
  transform?(X: In): unknown;
}

export type Step = Transformer | Predictor;

/** [name, step], as scikit-learn's (name, estimator) tuples. */
export type NamedStep<S extends Step = Step> = readonly [string, S];
