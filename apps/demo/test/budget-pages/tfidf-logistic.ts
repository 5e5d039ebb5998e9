/**
 * Budget page: loads a TfidfVectorizer + LogisticRegression pipeline (saved by icepickle_ts.save_pipeline
 * or savePipeline) and predicts labels for texts. loadPipelineWith names the two classes, which keeps the
 * rest of the closed list out of the bundle; a file naming any other class is refused. The estimator is
 * the predict-only LogisticRegressionPredictor (files know it as LogisticRegression): no L-BFGS.
 */
import { LogisticRegressionPredictor } from '@icepickle/core';
import { TfidfVectorizer, loadPipelineWith } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';

export async function predictTexts(model: string | Uint8Array, texts: readonly string[]) {
  const steps = [TfidfVectorizer, LogisticRegressionPredictor];
  const pipeline = await loadPipelineWith(model, { backend: hdf5Wasm(), steps });
  return pipeline.predict(texts);
}
