import { IcepickleError } from '../errors.js';

/**
 * The error of `fit` on a class we load and run but do not train: it names the Python class to train
 * with, e.g. sklearn.linear_model.Lasso.
 */
export function trainInPython(className: string, pythonPath: string): IcepickleError {
  return new IcepickleError('NOT_SUPPORTED', {
    scope: className,
    detail: `train ${className} in Python (${pythonPath}) and load it; fit is not available in TypeScript`,
  });
}
