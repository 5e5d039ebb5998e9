import type { HashingVectorizer } from '../hashing-vectorizer.js';
import type { StepCodec } from './codec.js';

/**
 * HashingVectorizer: parameters only; it learns nothing, and its output width is n_features. Made from
 * the class it is given, so a page that never names HashingVectorizer does not bundle it.
 */
export function hashingCodec(cls: typeof HashingVectorizer): StepCodec {
  return {
    className: 'HashingVectorizer',
    input: 'text',
    owns: (step) => step instanceof cls,
    create: (params) => cls.fromSklearnParams(params),
    params: (step) => (step as HashingVectorizer).toSklearnParams() as unknown as Record<string, unknown>,
    content: () => ({ datasets: [], attrs: {} }),
    read: async () => undefined,
    features: (_state, step) => ({ nOut: (step as HashingVectorizer).getParams().nFeatures }),
    install: () => {},
  };
}
