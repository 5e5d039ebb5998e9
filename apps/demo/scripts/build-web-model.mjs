#!/usr/bin/env node
// The model bundled with the web page and the Worker, chosen at build time by the project's own
// checkpointed GridSearchCV (src/web-model-search.ts) over TfidfVectorizer / HashingVectorizer +
// LogisticRegression / SGDClassifier on the 1,000 imdb reviews, refitted on all of them and saved with
// savePipeline (embedded wasm backend) to build/public/model.h5: the page's static folder and the
// Worker's module. The checkpoint (build/web-model-search.h5) makes a rebuild reuse every finished fold.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SGDClassifier, saveCoefficients } from '@icepickle/core';
import { HashingVectorizer, savePipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { parseReviews } from '../dist/csv.js';
import { imdbCsv } from '../dist/paths.js';
import { searchWebModel } from '../dist/web-model-search.js';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(demo, 'build', 'public');
mkdirSync(out, { recursive: true });

const started = performance.now();
const backend = hdf5Wasm();
const reviews = parseReviews(readFileSync(imdbCsv, 'utf8'));
const { pipeline, metadata } = await searchWebModel({
  docs: reviews.map((r) => r.text),
  labels: reviews.map((r) => r.label),
  checkpoint: join(demo, 'build', 'web-model-search.h5'),
  backend,
  data: {
    file: 'datasets/imdb_subset.csv',
    description: 'IMDb movie reviews labelled positive (1) or negative (0)',
  },
  onFamily: (name, score, seconds) =>
    console.log(
      `build-web-model: ${name}: best 5-fold CV accuracy ${(score * 100).toFixed(1)}% (${seconds.toFixed(1)} s)`,
    ),
});
const bytes = await savePipeline(pipeline, undefined, { backend, layout: 'gzip', metadata });
writeFileSync(join(out, 'model.h5'), bytes);
writeFileSync(
  join(demo, 'build', 'model-info.json'),
  `${JSON.stringify({ bytes: bytes.length, ...metadata.metrics, pipeline: metadata.chosen.pipeline, params: metadata.chosen.params }, null, 2)}\n`,
);
console.log(
  `build-web-model: build/public/model.h5 (${(bytes.length / 1024).toFixed(0)} KiB): ${metadata.chosen.pipeline} ${JSON.stringify(metadata.chosen.params)}, ` +
    `5-fold CV accuracy ${(metadata.metrics.cvAccuracy * 100).toFixed(1)}%, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// url.html opens a coefficient file lazily by URL (hdf5-js over HTTP Range requests), which a pipeline file
// is not: a HashingVectorizer + SGDClassifier model of the same reviews, its vectorizer in the metadata.
const hashing = new HashingVectorizer({ nFeatures: 2 ** 18, ngramRange: [1, 2] });
const hashed = hashing.transform(reviews.map((r) => r.text));
const labels = reviews.map((r) => r.label);
const sgd = new SGDClassifier({ loss: 'log_loss', alpha: 1e-4, shuffle: false, maxIter: 20, tol: null });
sgd.fit(hashed.sliceRows(0, 800), labels.slice(0, 800));
const hashedBytes = await saveCoefficients(sgd, undefined, {
  backend,
  layout: 'column-chunked',
  metadata: {
    dataset: 'imdb_subset.csv rows 0-799',
    vectorizer: { HashingVectorizer: hashing.toSklearnParams() },
    metrics: { accuracy_rows_800_999: sgd.score(hashed.sliceRows(800, 1000), labels.slice(800)) },
  },
});
writeFileSync(join(out, 'hashed-model.h5'), hashedBytes);
