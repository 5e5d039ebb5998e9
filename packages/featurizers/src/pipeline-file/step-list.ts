import { IcepickleError, LinearModel } from '@icepickle/core';
import type { HashingVectorizer } from '../hashing-vectorizer.js';
import { type ContractClass, type StepCodec, contractCodec } from './codec.js';
import { hashingCodec } from './hashing-codec.js';
import { STEP_STATE } from './state-tables.js';

/** A class loadPipeline may build: a transformer of the closed list, or a linear estimator of core's. */
export type StepClass = new () => object;

/** The classes one load may build, by the name a file gives them. */
export interface StepTable {
  transformers: Readonly<Record<string, StepCodec>>;
  estimators: Readonly<Record<string, (params: Record<string, unknown>) => LinearModel<object>>>;
}

/**
 * The table of the classes a caller passed (`loadPipeline(source, { steps: [TfidfVectorizer,
 * LogisticRegression] })`). Each class is known by its instances' `className` (minifier-proof) and must
 * be one of the closed list: a transformer with a stored-state entry, or a LinearModel. Only the
 * classes passed end up in a bundle, and a file naming any other class is refused as unknown.
 */
export function stepTable(classes: readonly StepClass[]): StepTable {
  const transformers: Record<string, StepCodec> = {};
  const estimators: Record<string, (params: Record<string, unknown>) => LinearModel<object>> = {};
  for (const cls of classes) {
    const probe = typeof cls === 'function' ? (new cls() as { className?: unknown }) : undefined;
    const name = probe?.className;
    if (probe instanceof LinearModel) {
      estimators[probe.className] = (params) => (new cls() as LinearModel<object>).setParams(params);
    } else if (name === 'HashingVectorizer') {
      transformers[name] = hashingCodec(cls as unknown as typeof HashingVectorizer);
    } else if (typeof name === 'string' && Object.hasOwn(STEP_STATE, name)) {
      const { input, fields } = STEP_STATE[name]!;
      transformers[name] = contractCodec(name, cls as unknown as ContractClass, input, fields);
    } else {
      throw new IcepickleError('INVALID_PARAMETER', {
        scope: 'loadPipeline',
        detail: `steps: ${typeof name === 'string' ? name : (cls as { name?: string })?.name || String(cls)} is not a class a pipeline file may name (a transformer of the closed list or a linear estimator)`,
      });
    }
  }
  return { transformers, estimators };
}
