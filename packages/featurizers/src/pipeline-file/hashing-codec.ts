import { HashingVectorizer } from '../hashing-vectorizer.js';
import type { StepCodec } from './codec.js';

/** HashingVectorizer: parameters only; it learns nothing, and its output width is n_features. */
export const hashingCodec: StepCodec = {
  className: 'HashingVectorizer',
  input: 'text',
  owns: (step) => step instanceof HashingVectorizer,
  create: (params) => HashingVectorizer.fromSklearnParams(params),
  params: (step) => (step as HashingVectorizer).toSklearnParams() as unknown as Record<string, unknown>,
  content: () => ({ datasets: [], attrs: {} }),
  read: async () => undefined,
  features: (_state, step) => ({ nOut: (step as HashingVectorizer).getParams().nFeatures }),
  install: () => {},
};
