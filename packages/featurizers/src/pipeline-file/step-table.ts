import type { Transformer } from '@icepickle/core';
import { HashingVectorizer } from '../hashing-vectorizer.js';
import { CountVectorizer } from '../count-vectorizer.js';
import { MaxAbsScaler } from '../preprocessing/max-abs-scaler.js';
import { MinMaxScaler } from '../preprocessing/min-max-scaler.js';
import { Normalizer } from '../preprocessing/normalizer.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { TfidfTransformer } from '../tfidf-transformer.js';
import { TfidfVectorizer } from '../tfidf-vectorizer.js';
import { type ContractClass, type StepCodec, contractCodec } from './codec.js';
import { hashingCodec } from './hashing-codec.js';
import { STEP_STATE } from './state-tables.js';

function codec(name: keyof typeof STEP_STATE, cls: ContractClass): StepCodec {
  const { input, fields } = STEP_STATE[name]!;
  return contractCodec(name, cls, input, fields);
}

/**
 * The closed list of transformer classes a pipeline file may name. Loading resolves a class only
 * through this table (estimators through core's registry), so a file cannot make us build anything else.
 */
export const STEP_CODECS: Readonly<Record<string, StepCodec>> = {
  HashingVectorizer: hashingCodec(HashingVectorizer),
  CountVectorizer: codec('CountVectorizer', CountVectorizer as unknown as ContractClass),
  TfidfVectorizer: codec('TfidfVectorizer', TfidfVectorizer as unknown as ContractClass),
  TfidfTransformer: codec('TfidfTransformer', TfidfTransformer as unknown as ContractClass),
  StandardScaler: codec('StandardScaler', StandardScaler as unknown as ContractClass),
  MinMaxScaler: codec('MinMaxScaler', MinMaxScaler as unknown as ContractClass),
  MaxAbsScaler: codec('MaxAbsScaler', MaxAbsScaler as unknown as ContractClass),
  Normalizer: codec('Normalizer', Normalizer as unknown as ContractClass),
};

/** The codec of a step object about to be saved, by its class. */
export function codecOf(
  step: Transformer,
  table: Readonly<Record<string, StepCodec>> = STEP_CODECS,
): StepCodec | undefined {
  return Object.values(table).find((c) => c.owns(step));
}
