#!/usr/bin/env node
// The model bundled with the web page and the Worker: trained here at build time, as the README's main
// job does (imdb rows 0-799, HashingVectorizer n_features=2**18 word 1-2-grams, SGDClassifier log_loss),
// saved with the wasm backend to build/public/model.h5 (the page's static folder and the Worker's module).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SGDClassifier, saveCoefficients } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { parseReviews } from '../dist/csv.js';
import { imdbCsv } from '../dist/paths.js';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(demo, 'build', 'public');
mkdirSync(out, { recursive: true });

const reviews = parseReviews(readFileSync(imdbCsv, 'utf8'));
const vectorizer = new HashingVectorizer({ nFeatures: 2 ** 18, ngramRange: [1, 2] });
const X = vectorizer.transform(reviews.map((r) => r.text));
const y = reviews.map((r) => r.label);
const model = new SGDClassifier({ loss: 'log_loss', alpha: 1e-4, shuffle: false, maxIter: 20, tol: null });
model.fit(X.sliceRows(0, 800), y.slice(0, 800));
const accuracy = model.score(X.sliceRows(800, 1000), y.slice(800));
const bytes = await saveCoefficients(model, undefined, {
  backend: hdf5Wasm(),
  layout: 'gzip',
  metadata: {
    dataset: 'imdb_subset.csv rows 0-799',
    vectorizer: { HashingVectorizer: vectorizer.toSklearnParams() },
    metrics: { accuracy_rows_800_999: accuracy },
  },
});
writeFileSync(join(out, 'model.h5'), bytes);
writeFileSync(
  join(demo, 'build', 'model-info.json'),
  `${JSON.stringify({ accuracy, bytes: bytes.length, nFeatures: 2 ** 18 }, null, 2)}\n`,
);
console.log(
  `build-web-model: build/public/model.h5 (${(bytes.length / 1024).toFixed(0)} KiB), accuracy on rows 800-999 ${(accuracy * 100).toFixed(1)}%`,
);
