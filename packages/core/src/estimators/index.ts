export { LinearModel, type LinearCoefficients, type DecisionWeights, type EstimatorType } from './linear-model.js';
export { LinearClassifier } from './linear-classifier.js';
export { LinearRegressor } from './linear-regressor.js';
export { consoleLogger, type EstimatorOptions, type Logger } from './logger.js';
export {
  LogisticRegression,
  logisticRegressionDefaults,
  type LogisticRegressionParams,
  type LogisticRegressionFitOptions,
  type ClassWeight,
  type FitWarning,
} from './logistic-regression.js';
export { LogisticRegressionPredictor } from './logistic-regression-predictor.js';
export { computeClassWeight, type ClassWeightOption } from './class-weight.js';
export {
  SGDClassifier,
  sgdClassifierDefaults,
  type SGDClassifierParams,
  type ClassificationLoss,
} from './sgd-classifier.js';
export type { BaseSGDParams, SGDFamilyParams, RegressionLossName, Penalty, LearningRate } from './sgd-params.js';
export { SGDClassifierPredictor } from './sgd-classifier-predictor.js';
export { SGDRegressor, sgdRegressorDefaults, type SGDRegressorParams } from './sgd-regressor.js';
export { LinearRegression, linearRegressionDefaults, type LinearRegressionParams } from './linear-regression.js';
export {
  PassiveAggressiveClassifier,
  passiveAggressiveClassifierDefaults,
  type PassiveAggressiveClassifierParams,
} from './passive-aggressive-classifier.js';
export {
  PassiveAggressiveRegressor,
  passiveAggressiveRegressorDefaults,
  type PassiveAggressiveRegressorParams,
} from './passive-aggressive-regressor.js';
export { Ridge, ridgeDefaults, type RidgeParams } from './ridge.js';
export { RidgeClassifier, ridgeClassifierDefaults, type RidgeClassifierParams } from './ridge-classifier.js';
export type { BaseRidgeParams, RidgeSolver } from './ridge-params.js';
export { Perceptron, perceptronDefaults, type PerceptronParams } from './perceptron.js';
export { Lasso, lassoDefaults, type LassoParams } from './lasso.js';
export { ElasticNet, elasticNetDefaults, type ElasticNetParams } from './elastic-net.js';
export type { CoordinateDescentFitOptions } from './coordinate-descent-regressor.js';
export { LinearSVC, linearSVCDefaults, type LinearSVCParams } from './linear-svc.js';
export { LinearSVR, linearSVRDefaults, type LinearSVRParams } from './linear-svr.js';
export { accuracyScore, r2Score, type Label } from './metrics.js';
export { uniqueLabels, encodeLabels, compareCodePoints, classDType, type ClassDType } from './labels.js';
export { toSklearnParams, fromSklearnParams, toSklearnName, fromSklearnName } from './params.js';
export type { EstimatorClass } from './estimator-table.js';
export { createEstimator, estimatorNames, isEstimatorName, type EstimatorName } from './registry.js';
export {
  BaseSGDClassifier,
  type SGDClassifierFitOptions,
  type SGDClassifierPartialFitOptions,
} from './sgd/base-sgd-classifier.js';
export {
  BaseSGDRegressor,
  type SGDRegressorFitOptions,
  type SGDRegressorPartialFitOptions,
} from './sgd/base-sgd-regressor.js';
export type { TrainingWarning } from './sgd/base-sgd.js';
export type { TrainingState } from './sgd/training-state-values.js';
export type {
  PassiveAggressiveClassifierFitOptions,
  PassiveAggressiveClassifierPartialFitOptions,
} from './passive-aggressive-classifier.js';
export type { PassiveAggressiveRegressorFitOptions } from './passive-aggressive-regressor.js';
