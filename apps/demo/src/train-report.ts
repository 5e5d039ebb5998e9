import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CsrMatrix, SGDClassifier, type StorageBackend, loadCoefficients, saveCoefficients } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { parseReviews } from './csv.js';
import { imdbCsv } from './paths.js';
import { withProgress } from './progress.js';

export interface TrainOptions {
  backend: StorageBackend;
  outDir: string;
  nFeatures: number;
}

const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The main job: hash 1,000 imdb reviews, train on 800, test on 200, save model.h5 with its metadata,
 * reload it, fine-tune with partialFit on fresh reviews, and report.
 */
export async function trainReport({ backend, outDir, nFeatures }: TrainOptions): Promise<void> {
  const reviews = parseReviews(readFileSync(imdbCsv, 'utf8'));
  const texts = reviews.map((r) => r.text);
  const labels = reviews.map((r) => r.label);
  const vectorizer = new HashingVectorizer({ nFeatures, ngramRange: [1, 2] });
  console.log(
    `\nSentiment on ${reviews.length} imdb reviews, hashed to ${nFeatures.toLocaleString('en')} features (word 1-2 grams), ${backend.name} backend\n`,
  );

  const parts: CsrMatrix[] = [];
  const hashSeconds = withProgress('hashing reviews', texts, 100, (batch) => parts.push(vectorizer.transform(batch)));
  const X = CsrMatrix.vstack(parts);
  console.log(`  hashed ${texts.length} reviews in ${ms(hashSeconds)} (${X.nnz.toLocaleString('en')} stored entries)`);

  const train = X.sliceRows(0, 800);
  const test = X.sliceRows(800, 1000);
  const yTrain = labels.slice(0, 800);
  const yTest = labels.slice(800);
  const model = new SGDClassifier({ loss: 'log_loss', alpha: 1e-4, shuffle: false, maxIter: 20, tol: null });
  let t0 = performance.now();
  model.fit(train, yTrain);
  const fitSeconds = (performance.now() - t0) / 1000;
  const accuracy = model.score(test, yTest);
  console.log(
    `  trained SGDClassifier(log_loss) on 800 reviews in ${ms(fitSeconds)}: accuracy on the other 200 = ${pct(accuracy)}`,
  );

  const path = join(outDir, 'model.h5');
  t0 = performance.now();
  await saveCoefficients(model, path, {
    backend,
    metadata: {
      dataset: 'imdb_subset.csv rows 0-799',
      vectorizer: { HashingVectorizer: vectorizer.getParams() },
      metrics: { accuracy_rows_800_999: accuracy },
    },
  });
  const saveSeconds = (performance.now() - t0) / 1000;
  const size = statSync(path).size;
  console.log(`  saved ${path} (${(size / 1024).toFixed(0)} KiB) in ${ms(saveSeconds)}`);

  t0 = performance.now();
  const reloaded = await loadCoefficients(new SGDClassifier({ loss: 'log_loss', alpha: 1e-4, shuffle: false }), path, {
    backend,
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  const same = JSON.stringify(reloaded.decisionFunction(test)) === JSON.stringify(model.decisionFunction(test));
  console.log(
    `  reloaded it in ${ms(loadSeconds)}: predictions ${same ? 'identical' : 'DIFFERENT'} to the trained model`,
  );

  // Fine-tuning on fresh data: reviews 800-899 are new to the model; 900-999 measure the effect.
  const fresh = X.sliceRows(800, 900);
  const yFresh = labels.slice(800, 900);
  const heldOut = X.sliceRows(900, 1000);
  const yHeldOut = labels.slice(900);
  const before = reloaded.score(heldOut, yHeldOut);
  t0 = performance.now();
  for (let round = 0; round < 3; round++) reloaded.partialFit(fresh, yFresh);
  const tuneSeconds = (performance.now() - t0) / 1000;
  const after = reloaded.score(heldOut, yHeldOut);
  console.log(
    `  fine-tuned with 3 × partialFit on 100 fresh reviews in ${ms(tuneSeconds)}: accuracy on the last 100 ${pct(before)} → ${pct(after)}`,
  );

  const tunedPath = join(outDir, 'model-finetuned.h5');
  await saveCoefficients(reloaded, tunedPath, { backend, metadata: { finetuned_on: 'imdb_subset.csv rows 800-899' } });
  console.log(`  saved ${tunedPath}; Python icepickle's load_coefficients reads both files`);

  const examples = [
    'A wonderful, moving film with brilliant acting.',
    'Dull plot, terrible dialogue, a waste of two hours.',
  ];
  const proba = reloaded.predictProba(vectorizer.transform(examples));
  console.log('\n  Try it:');
  examples.forEach((text, i) =>
    console.log(`    ${proba[i]![1]! > 0.5 ? 'positive' : 'negative'} (p=${proba[i]![1]!.toFixed(3)})  "${text}"`),
  );
}
