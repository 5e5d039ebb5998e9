import type { Transformer } from '@icepickle/core';
import type { StepCodec } from './codec.js';
import { hashingCodec } from './hashing-codec.js';

/**
 * The closed list of transformer classes a pipeline file may name. Loading resolves a class only
 * through this table (estimators through core's registry), so a file cannot make us build anything else.
 * Each contract class joins it as `contractCodec(name, Class, STEP_STATE[name].input, STEP_STATE[name].fields)`.
 */
export const STEP_CODECS: Readonly<Record<string, StepCodec>> = {
  HashingVectorizer: hashingCodec,
};

/** The codec of a step object about to be saved, by its class. */
export function codecOf(
  step: Transformer,
  table: Readonly<Record<string, StepCodec>> = STEP_CODECS,
): StepCodec | undefined {
  return Object.values(table).find((codec) => codec.owns(step));
}
