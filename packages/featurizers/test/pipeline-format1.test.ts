/** Format 1 files (savePipeline before format 2; packages/test-utils/fixtures/sklearn/pipeline/generate_format1.ts) still load. */
import { FeatureUnion, SGDClassifier } from '@icepickle/core';
import { HashingVectorizer, loadPipeline, savePipeline } from '@icepickle/featurizers';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { fixturePath, loadFixture } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

const expected = loadFixture<{ probe: string[]; predict: number[]; decision: number[]; proba: number[][] }>(
  'pipeline/format1_partial_pipeline.json',
);
const readme = loadFixture<{ texts: string[]; y: number[] }>('pipeline/readme_partial_pipeline.json');

describe('format 1 pipeline files', () => {
  for (const [name, backend] of [
    ['hdf5-wasm', hdf5Wasm()],
    ['hdf5-node', hdf5Node()],
  ] as const) {
    it(`load as a Pipeline and predict what they predicted when saved (${name})`, async () => {
      const pipe = await loadPipeline(fixturePath('pipeline/format1_partial_pipeline.h5'), { backend });
      expect(pipe.steps.map(([n]) => n)).toEqual(['partialfeatureunion', 'sgdclassifier']);
      const union = pipe.steps[0]![1] as FeatureUnion;
      expect(union).toBeInstanceOf(FeatureUnion);
      expect(union.transformerList.map(([, t]) => t instanceof HashingVectorizer)).toEqual([true, true]);
      expect(pipe.finalEstimator).toBeInstanceOf(SGDClassifier);
      expect(pipe.predict(expected.probe)).toEqual(expected.predict);
      expect(pipe.decisionFunction(expected.probe)).toEqual(expected.decision);
      expect(pipe.predictProba(expected.probe)).toEqual(expected.proba);
      // re-saved, it is a format 2 file that predicts the same
      const again = await loadPipeline((await savePipeline(pipe, undefined, { backend }))!, { backend });
      expect(again.decisionFunction(expected.probe)).toEqual(expected.decision);
      // and it keeps learning from its saved SGD state, in both forms
      pipe.partialFit(readme.texts, readme.y);
      again.partialFit(readme.texts, readme.y);
      expect(again.decisionFunction(expected.probe)).toEqual(pipe.decisionFunction(expected.probe));
      expect(pipe.decisionFunction(expected.probe)).not.toEqual(expected.decision);
    });
  }
});
