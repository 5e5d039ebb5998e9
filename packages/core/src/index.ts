/**
 * `@icepickle/core`: scikit-learn linear models (estimators, pipelines, model selection) and the file format
 * that stores them as data.
 *
 * @module @icepickle/core
 */
export {
  IcepickleError,
  NotFittedError,
  isIcepickleError,
  composeMessage,
  type IcepickleErrorCode,
  type IcepickleErrorInit,
} from './errors.js';
export { CsrMatrix, isCsrMatrix, type CsrParts, type FloatArray } from './math/csr-matrix.js';
export { DenseMatrix } from './math/dense-matrix.js';
export { asMatrix, type Matrix, type MatrixInput } from './math/input.js';
export type * from './storage/types.js';
export * from './estimators/index.js';
export * from './format/index.js';
export * from './pipeline/index.js';
export * from './model-selection/index.js';
export * from './progress/index.js';
