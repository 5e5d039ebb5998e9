/**
 * The bundled web model (dist/web/model.h5, chosen by scripts/build-web-model.mjs): a pipeline file
 * whose metadata records how it was chosen; its cross-validated accuracy is at least 80% and is
 * scikit-learn's own cross_val_score for the same parameters (live /usr/bin/python3), and the loaded
 * pipeline predicts as scikit-learn's pipeline fitted on the same reviews. Needs `turbo run build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMetadata } from '@icepickle/core';
import { loadPipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReviews } from '../src/csv.js';
import { imdbCsv } from '../src/paths.js';
import { type WebModelMetadata, asWebModelMetadata } from '../src/web-model-metadata.js';
import { FAMILIES } from '../src/web-model-search.js';

// what the page serves (vite copies build/public/ there); dist/ is also what turbo's cache restores
const modelFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web', 'model.h5');
const backend = hdf5Wasm();

/** The chosen pipeline rebuilt in scikit-learn from the file's metadata: its 5-fold CV and its predictions. */
const SKLEARN_CV_PY = `
import csv, json, sys
import numpy as np
from sklearn import feature_extraction, linear_model
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
d = json.load(sys.stdin)
with open(d['csv'], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
docs, y = [r['text'] for r in rows], [int(r['label']) for r in rows]
def build(cls, params):
    params = {k: tuple(v) if k == 'ngram_range' else v for k, v in params.items()}
    module = feature_extraction.text if hasattr(feature_extraction.text, cls) else linear_model
    return getattr(module, cls)(**params)
make = lambda: Pipeline([(name, build(cls, params)) for name, cls, params in d['steps']])
scores = cross_val_score(make(), docs, y, cv=StratifiedKFold(n_splits=5), scoring='accuracy')
pipe = make().fit(docs, y)
print(json.dumps({'folds': scores.tolist(), 'mean': float(scores.mean()),
  'proba': pipe.predict_proba(d['probe']).tolist(), 'classes': pipe.classes_.tolist()}))
`;

describe('the bundled web model', () => {
  let meta: WebModelMetadata;
  beforeAll(async () => {
    if (!existsSync(modelFile)) throw new Error('apps/demo/dist/web/model.h5 is missing: run `turbo run build`');
    const parsed = asWebModelMetadata((await readMetadata(readFileSync(modelFile), { backend })).user);
    if (!parsed) throw new Error('model.h5 carries no web-model metadata');
    meta = parsed;
  });

  it('records its data, date, search and a 5-fold CV accuracy of at least 80%', () => {
    expect(meta.data).toMatchObject({ file: 'datasets/imdb_subset.csv', reviews: 1000, positive: 524, negative: 476 });
    expect(Date.now() - Date.parse(meta.trainedAt)).toBeGreaterThanOrEqual(0);
    expect(meta.search.families.map((f) => f.pipeline)).toEqual(FAMILIES.map((f) => f.pipeline));
    expect(meta.search.families.some((f) => f.pipeline.startsWith('TfidfVectorizer'))).toBe(true);
    const best = Math.max(...meta.search.families.map((f) => f.bestScore));
    expect(meta.metrics.cvAccuracy).toBe(best);
    expect(meta.metrics.cvAccuracyFolds).toHaveLength(5);
    expect(meta.metrics.cvAccuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('is a pipeline file that loadPipeline reads', async () => {
    const pipe = await loadPipeline(readFileSync(modelFile), { backend });
    expect(pipe.steps.map(([name]) => name)).toEqual(meta.chosen.sklearnSteps.map(([name]) => name));
    const reviews = [
      'This movie was an absolute masterpiece, the acting was superb and I loved every minute.',
      'A dull, boring plot and terrible acting. I wasted two hours and regret every minute of it.',
    ];
    expect(pipe.predict(reviews)).toEqual([1, 0]);
  });

  it.runIf(hasSklearn())(
    'has the CV accuracy of scikit-learn’s cross_val_score, and predicts as scikit-learn’s refit',
    async () => {
      const reviews = parseReviews(readFileSync(imdbCsv, 'utf8'));
      const probe = reviews.slice(0, 20).map((r) => r.text);
      const sk = runPythonCode<{ folds: number[]; mean: number; proba: number[][]; classes: number[] }>(SKLEARN_CV_PY, {
        csv: imdbCsv,
        steps: meta.chosen.sklearnSteps,
        probe,
      });
      expect(Math.abs(meta.metrics.cvAccuracy - sk.mean)).toBeLessThanOrEqual(1e-9);
      meta.metrics.cvAccuracyFolds.forEach((s, k) => expect(Math.abs(s - sk.folds[k]!)).toBeLessThanOrEqual(1e-9));
      const pipe = await loadPipeline(readFileSync(modelFile), { backend });
      expect(pipe.classes_).toEqual(sk.classes);
      const ours = pipe.predictProba(probe) as number[][];
      ours.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(p - sk.proba[i]![j]!)).toBeLessThan(1e-8)));
    },
    // scikit-learn's character n-grams on a shared two-core machine: minutes, not seconds
    600_000,
  );
});
