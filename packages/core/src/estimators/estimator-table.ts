import { IcepickleError } from '../errors.js';
import { configured } from './configured.js';
import { LinearModel } from './linear-model.js';

/** A class a caller lets a load build, e.g. `SGDClassifierPredictor` (constructible without arguments). */
export type EstimatorClass = new () => LinearModel<object>;

/**
 * Builds the estimator a file names, configured with the file's parameters; undefined when the name is not
 * one this load may build. @internal
 */
export type EstimatorFactory = (name: string, params: Record<string, unknown>) => LinearModel<object> | undefined;

/**
 * A factory over only the classes a caller passed, each known by its instances' `className`
 * (minifier-proof; a predict-only class carries its full class's name). Only those classes end up in a
 * bundle, and a file naming any other is refused: this is how a page that only predicts leaves the
 * training classes of core's full registry (registry.ts) out. @internal
 */
export function estimatorTable(classes: readonly EstimatorClass[], scope: string): EstimatorFactory {
  const table = new Map<string, EstimatorClass>();
  for (const cls of classes) {
    const probe: unknown = typeof cls === 'function' ? new cls() : undefined;
    if (!(probe instanceof LinearModel)) {
      const name = (cls as { name?: string } | undefined)?.name || String(cls);
      throw new IcepickleError('INVALID_PARAMETER', {
        scope,
        detail: `estimators: ${name} is not a linear estimator class (a LinearModel)`,
      });
    }
    table.set(probe.className, cls);
  }
  return (name, params) => {
    const cls = table.get(name);
    return cls === undefined ? undefined : configured(new cls(), params);
  };
}
