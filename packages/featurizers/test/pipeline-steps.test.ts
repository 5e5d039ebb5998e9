/**
 * loadPipeline's `steps` and loadPipelineWith: the closed list narrowed to the classes passed. A file
 * naming a transformer or an estimator that is not in the list is refused with a typed error naming the
 * step; a class that is not in the closed list cannot be passed.
 */
import { LogisticRegression, SGDClassifier, makePipeline } from '@icepickle/core';
import {
  CountVectorizer,
  HashingVectorizer,
  StandardScaler,
  TfidfVectorizer,
  loadPipeline,
  loadPipelineWith,
  savePipeline,
} from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { describe, expect, it } from 'vitest';

const backend = hdf5Wasm();
const texts = ['good film', 'bad film', 'very good', 'very bad', 'good good', 'bad bad'];
const labels = [1, 0, 1, 0, 1, 0];
const probes = ['good', 'bad', 'film'];

async function saved(...steps: object[]): Promise<Uint8Array> {
  const pipeline = makePipeline(...(steps as never[])).fit(texts, labels);
  return (await savePipeline(pipeline, undefined, { backend }))!;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; scope: string; detail: string }> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as { code: string; scope: string; detail: string },
  );
}

describe('loadPipeline with steps', () => {
  it('loads with the classes given and predicts as the full list does', async () => {
    const bytes = await saved(new TfidfVectorizer(), new LogisticRegression());
    const full = await loadPipeline(bytes, { backend });
    const narrowed = await loadPipeline(bytes, { backend, steps: [TfidfVectorizer, LogisticRegression] });
    const lean = await loadPipelineWith(bytes, { backend, steps: [TfidfVectorizer, LogisticRegression] });
    expect(narrowed.predictProba(probes)).toEqual(full.predictProba(probes));
    expect(lean.predictProba(probes)).toEqual(full.predictProba(probes));
    const hashed = await saved(new HashingVectorizer({ nFeatures: 64 }), new SGDClassifier({ randomState: 0 }));
    const model = await loadPipelineWith(hashed, { backend, steps: [HashingVectorizer, SGDClassifier] });
    expect(model.predict(probes)).toEqual((await loadPipeline(hashed, { backend })).predict(probes));
  });

  it('refuses a transformer or an estimator that is not in the list', async () => {
    const bytes = await saved(new CountVectorizer(), new LogisticRegression());
    const transformer = await failure(
      loadPipelineWith(bytes, { backend, steps: [TfidfVectorizer, LogisticRegression] }),
    );
    expect(transformer).toMatchObject({ code: 'INVALID_INPUT', scope: 'loadPipeline' });
    expect(transformer.detail).toMatch(/^step '.*' \(CountVectorizer\): unknown step class; .*only TfidfVectorizer, /);
    const estimator = await failure(loadPipeline(bytes, { backend, steps: [CountVectorizer, SGDClassifier] }));
    expect(estimator).toMatchObject({ code: 'INVALID_INPUT', scope: 'loadPipeline' });
    expect(estimator.detail).toMatch(/\(LogisticRegression\): unknown estimator class; .*one of SGDClassifier$/);
  });

  it('refuses classes outside the closed list', async () => {
    const bytes = await saved(new TfidfVectorizer(), new LogisticRegression());
    class Custom {
      readonly className = 'Custom';
    }
    for (const cls of [Custom, Map, StandardScaler]) {
      const steps = cls === StandardScaler ? [cls, TfidfVectorizer, LogisticRegression] : [cls, LogisticRegression];
      const result = loadPipelineWith(bytes, { backend, steps: steps as never });
      if (cls === StandardScaler) {
        expect((await result).predict(probes)).toHaveLength(3); // listed, merely unused
      } else {
        expect(await failure(result)).toMatchObject({ code: 'INVALID_PARAMETER', scope: 'loadPipeline' });
      }
    }
  });
});
