/**
 * Budget page: loads an SGDClassifier trained on HashingVectorizer features (saved by Python icepickle
 * or saveCoefficients) and predicts labels for texts. The model is the predict-only SGDClassifierPredictor
 * (files know it as SGDClassifier), which carries none of the SGD training loops.
 */
import { SGDClassifierPredictor, loadCoefficients } from '@icepickle/core';
import { HashingVectorizer, type HashingVectorizerParams } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

export async function predictTexts(
  model: string | Uint8Array,
  vectorizer: Partial<HashingVectorizerParams>,
  texts: readonly string[],
) {
  const classifier = await loadCoefficients(new SGDClassifierPredictor(), model, { backend: hdf5Wasm() });
  return classifier.predict(new HashingVectorizer(vectorizer).transform(texts));
}
