import { readFileSync } from 'node:fs';
import {
  type LinearModel,
  type StorageBackend,
  createEstimator,
  isEstimatorName,
  loadCoefficients,
  readMetadata,
} from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { parseReviews } from './csv.js';
import { imdbCsv } from './paths.js';

/**
 * Any icepickle .h5 (ours or Python's): what it holds, and its predictions on a few imdb reviews when
 * its feature count fits a hashing vectorizer (the one recorded in its metadata, or the default one).
 */
export async function modelReport(path: string, backend: StorageBackend, estimatorName?: string): Promise<void> {
  const meta = await readMetadata(path, { backend });
  const file = await backend.open(path);
  let classifier = false;
  try {
    console.log(`\n${path}`);
    for (const node of file.list()) {
      if (node.kind !== 'dataset') continue;
      if (node.path === '/classes') classifier = true;
      console.log(
        `  ${node.path.padEnd(32)} ${node.dtype.padEnd(8)} (${node.shape.join(', ')})  ${node.layout}${node.filters.length ? ` ${node.filters.map((f) => f.name).join('+')}` : ''}`,
      );
    }
  } finally {
    await file.close();
  }
  console.log(
    meta.producer
      ? `  written by ${meta.producer} ${meta.producerVersion ?? ''} on ${meta.createdAt ?? '?'}`
      : '  written by Python icepickle (no icepickle metadata)',
  );
  const name = estimatorName ?? meta.estimator ?? (classifier ? 'LogisticRegression' : 'LinearRegression');
  if (!isEstimatorName(name)) throw new Error(`unknown estimator ${name}`);
  const model = (await loadCoefficients(createEstimator(name, meta.paramsCamel ?? {}), path, {
    backend,
  })) as LinearModel<object> & {
    predict(X: unknown): unknown[];
    predictProba?(X: unknown): number[][];
  };
  const nFeatures = model.nFeaturesIn_;
  console.log(
    `  ${name}, ${nFeatures.toLocaleString('en')} features${classifier ? `, classes ${JSON.stringify((model as unknown as { classes_: unknown[] }).classes_)}` : ''}`,
  );
  const recorded = (meta.user?.vectorizer as { HashingVectorizer?: Record<string, unknown> } | undefined)
    ?.HashingVectorizer;
  const vectorizer = recorded ? new HashingVectorizer(recorded) : new HashingVectorizer({ nFeatures });
  if (vectorizer.nFeatures !== nFeatures) {
    console.log(`  (no predictions: the model expects ${nFeatures} features, not hashed text)`);
    return;
  }
  const reviews = parseReviews(readFileSync(imdbCsv, 'utf8')).slice(-5);
  const X = vectorizer.transform(reviews.map((r) => r.text));
  const predictions = model.predict(X);
  const proba = classifier && typeof model.predictProba === 'function' ? safe(() => model.predictProba!(X)) : undefined;
  console.log(
    `  predictions on the last 5 imdb reviews (vectorizer: ${recorded ? 'recorded in the file' : `HashingVectorizer(nFeatures=${nFeatures})`}):`,
  );
  reviews.forEach((r, i) =>
    console.log(
      `    ${String(predictions[i]).padEnd(4)}${proba ? ` p=${proba[i]!.map((p) => p.toFixed(3)).join('/')}` : ''}  (true ${r.label})  "${r.text.slice(0, 60).replace(/\s+/g, ' ')}…"`,
    ),
  );
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
