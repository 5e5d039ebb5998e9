/**
 * The size budget's pages (test/budget-pages/) work: each loads a model saved here and predicts what the
 * model it was saved from predicts; the Tfidf page refuses a pipeline naming a class it was not given; the
 * url page reads its model over HTTP Range requests through the predict-only SGDClassifierPredictor.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogisticRegression, SGDClassifier, makePipeline, saveCoefficients } from '@icepickle/core';
import { CountVectorizer, HashingVectorizer, TfidfVectorizer, savePipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { describe, expect, it } from 'vitest';
import { predictTexts as hashingPage } from './budget-pages/hashing-sgd.js';
import { predictTexts as tfidfPage } from './budget-pages/tfidf-logistic.js';
import { predictTexts as urlPage } from './budget-pages/url-lazy.js';
import { serveRanges } from './edge/range-server.js';

const texts = [
  'a wonderful, moving film',
  'dull and far too long',
  'great acting and a great story',
  'the worst film of the year',
  'I loved every minute',
  'boring, predictable, badly acted',
];
const labels = [1, 0, 1, 0, 1, 0];
const probes = ['a great film', 'badly acted and boring', 'nothing to say'];

describe('budget pages', () => {
  it('hashing-sgd predicts what the saved SGDClassifier predicts', async () => {
    const params = { nFeatures: 2 ** 10 };
    const X = new HashingVectorizer(params).transform(texts);
    const model = new SGDClassifier({ loss: 'log_loss', randomState: 0 }).fit(X, labels);
    const bytes = await saveCoefficients(model, undefined, { backend: hdf5Wasm() });
    const expected = model.predict(new HashingVectorizer(params).transform(probes));
    expect(await hashingPage(bytes!, params, probes)).toEqual(expected);
  });

  it('tfidf-logistic predicts what the saved pipeline predicts, and refuses other classes', async () => {
    const pipeline = makePipeline(new TfidfVectorizer(), new LogisticRegression()).fit(texts, labels);
    const bytes = await savePipeline(pipeline, undefined, { backend: hdf5Wasm() });
    const expected = pipeline.predict(probes);
    expect(await tfidfPage(bytes!, probes)).toEqual(expected);
    const counts = makePipeline(new CountVectorizer(), new LogisticRegression()).fit(texts, labels);
    const other = await savePipeline(counts, undefined, { backend: hdf5Wasm() });
    const error = await tfidfPage(other!, probes).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', scope: 'loadPipeline' });
    expect((error as { detail: string }).detail).toMatch(/CountVectorizer.*unknown step class.*TfidfVectorizer/);
  });

  it('url-lazy predicts over HTTP ranges what the saved SGDClassifier predicts', async () => {
    const hv = new HashingVectorizer({ nFeatures: 2 ** 10, ngramRange: [1, 2] });
    const model = new SGDClassifier({ loss: 'log_loss', randomState: 0 }).fit(hv.transform(texts), labels);
    const dir = mkdtempSync(join(tmpdir(), 'icepickle-url-page-'));
    const server = await serveRanges(dir);
    try {
      writeFileSync(join(dir, 'model.h5'), (await saveCoefficients(model, undefined, { backend: hdf5Wasm() }))!);
      const answers = await urlPage(`${server.url}model.h5`, probes);
      const p1 = model.predictProba(hv.transform(probes)).map((row) => row[1]!);
      expect(answers.map((a) => a.label)).toEqual(p1.map((p) => (p > 0.5 ? 'positive' : 'negative')));
      expect(answers.map((a) => a.probability)).toEqual(p1.map((p) => (p > 0.5 ? p : 1 - p)));
      expect(answers[0]!.bytesRead).toBeGreaterThan(0);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
