import { IcepickleError } from '../errors.js';
import { configured } from './configured.js';
import { ElasticNet } from './elastic-net.js';
import { Lasso } from './lasso.js';
import { LinearRegression } from './linear-regression.js';
import { LinearSVC } from './linear-svc.js';
import { LinearSVR } from './linear-svr.js';
import type { LinearModel } from './linear-model.js';
import { LogisticRegression } from './logistic-regression.js';
import { PassiveAggressiveClassifier } from './passive-aggressive-classifier.js';
import { PassiveAggressiveRegressor } from './passive-aggressive-regressor.js';
import { Perceptron } from './perceptron.js';
import { Ridge } from './ridge.js';
import { RidgeClassifier } from './ridge-classifier.js';
import { SGDClassifier } from './sgd-classifier.js';
import { SGDRegressor } from './sgd-regressor.js';

/**
 * The closed list of estimators a file may name. Loading never resolves a class from a string by any
 * other means, so a file cannot make us construct anything else.
 */
const ESTIMATORS = {
  LogisticRegression: (p: Record<string, unknown>) => new LogisticRegression(p),
  SGDClassifier: (p: Record<string, unknown>) => new SGDClassifier(p),
  SGDRegressor: (p: Record<string, unknown>) => new SGDRegressor(p),
  LinearRegression: (p: Record<string, unknown>) => new LinearRegression(p),
  PassiveAggressiveClassifier: (p: Record<string, unknown>) => new PassiveAggressiveClassifier(p),
  PassiveAggressiveRegressor: (p: Record<string, unknown>) => new PassiveAggressiveRegressor(p),
  Ridge: (p: Record<string, unknown>) => new Ridge(p),
  RidgeClassifier: (p: Record<string, unknown>) => new RidgeClassifier(p),
  Perceptron: (p: Record<string, unknown>) => new Perceptron(p),
  Lasso: (p: Record<string, unknown>) => new Lasso(p),
  ElasticNet: (p: Record<string, unknown>) => new ElasticNet(p),
  LinearSVC: (p: Record<string, unknown>) => new LinearSVC(p),
  LinearSVR: (p: Record<string, unknown>) => new LinearSVR(p),
} as const;

/** The class names of the estimators core can create from a file. */
export type EstimatorName = keyof typeof ESTIMATORS;
/** Every {@link EstimatorName}. */
export const estimatorNames = Object.keys(ESTIMATORS) as EstimatorName[];

/** Whether `name` is an {@link EstimatorName}. */
export function isEstimatorName(name: unknown): name is EstimatorName {
  return typeof name === 'string' && Object.hasOwn(ESTIMATORS, name);
}

/** A new unfitted estimator of a listed class; unknown parameters and invalid values are refused. */
export function createEstimator(name: string, params: Record<string, unknown> = {}): LinearModel<object> {
  if (!isEstimatorName(name)) {
    throw new IcepickleError('NOT_SUPPORTED', {
      detail: `unknown estimator "${name}"; supported: ${estimatorNames.join(', ')}`,
    });
  }
  return configured(ESTIMATORS[name]({}) as LinearModel<object>, params);
}
