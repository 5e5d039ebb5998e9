/**
 * Budget page: loads an SGDClassifier trained on HashingVectorizer features (saved by Python icepickle
 * or saveCoefficients) and predicts labels for texts, as the demo page does.
 */
import { SGDClassifier, loadCoefficients } from '@icepickle/core';
import { HashingVectorizer, type HashingVectorizerParams } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

export async function predictTexts(
  model: string | Uint8Array,
  vectorizer: Partial<HashingVectorizerParams>,
  texts: readonly string[],
) {
  const classifier = await loadCoefficients(new SGDClassifier(), model, { backend: hdf5Wasm() });
  return classifier.predict(new HashingVectorizer(vectorizer).transform(texts));
}
