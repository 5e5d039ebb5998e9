/**
 * How the bundled web model is chosen: the project's own GridSearchCV (5-fold StratifiedKFold, accuracy,
 * scikit-learn 1.2.1's semantics) over three pipeline families sharing one checkpoint file, each search
 * under its own key. The family and candidate with the best mean CV accuracy win (the first searched on
 * ties, as scikit-learn's rank); it is refitted on all the reviews. A rerun with the same data and grids
 * reads every finished (candidate, fold) score back from the checkpoint and only refits the winner.
 */
import {
  GridSearchCV,
  LogisticRegression,
  type ParamGridInput,
  Pipeline,
  SGDClassifier,
  type StorageBackend,
  StratifiedKFold,
} from '@icepickle/core';
import { HashingVectorizer, TfidfVectorizer } from '@icepickle/featurizers';
import type { WebModelMetadata } from './web-model-metadata.js';

interface Family {
  key: string;
  pipeline: string;
  make: () => Pipeline;
  grid: ParamGridInput;
}

/**
 * The families and their grids: kept small so the build-time search stays short. randomState fixes
 * SGDClassifier's shuffling (scikit-learn's Mersenne Twister order), so every score is reproducible.
 */
export const FAMILIES: readonly Family[] = [
  {
    key: 'tfidf-logistic',
    pipeline: 'TfidfVectorizer + LogisticRegression',
    make: () =>
      new Pipeline([
        ['tfidfvectorizer', new TfidfVectorizer()],
        ['logisticregression', new LogisticRegression()],
      ]),
    // scikit-learn's list of grids: word n-grams, and character n-grams within word boundaries
    grid: [
      {
        tfidfvectorizer__analyzer: ['word'],
        tfidfvectorizer__ngramRange: [
          [1, 1],
          [1, 2],
        ],
        tfidfvectorizer__minDf: [2],
        tfidfvectorizer__sublinearTf: [false, true],
        logisticregression__C: [1, 10],
      },
      {
        tfidfvectorizer__analyzer: ['char_wb'],
        tfidfvectorizer__ngramRange: [[2, 5]],
        tfidfvectorizer__minDf: [2],
        tfidfvectorizer__sublinearTf: [true],
        logisticregression__C: [10],
      },
    ],
  },
  {
    key: 'tfidf-sgd',
    pipeline: 'TfidfVectorizer + SGDClassifier',
    make: () =>
      new Pipeline([
        ['tfidfvectorizer', new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true })],
        ['sgdclassifier', new SGDClassifier({ loss: 'log_loss', randomState: 0 })],
      ]),
    grid: { tfidfvectorizer__minDf: [2], sgdclassifier__alpha: [1e-5, 1e-4] },
  },
  {
    key: 'hashing-sgd',
    pipeline: 'HashingVectorizer + SGDClassifier',
    make: () =>
      new Pipeline([
        ['hashingvectorizer', new HashingVectorizer({ nFeatures: 2 ** 18, ngramRange: [1, 2] })],
        ['sgdclassifier', new SGDClassifier({ loss: 'log_loss', randomState: 0 })],
      ]),
    grid: { sgdclassifier__alpha: [1e-5, 1e-4] },
  },
];

export const N_SPLITS = 5;

export interface WebModelSearchOptions {
  docs: readonly string[];
  labels: readonly number[];
  /** The checkpoint file (an HDF5 ModelCollection); rerunning resumes from it. */
  checkpoint: string;
  backend: StorageBackend;
  data: Omit<WebModelMetadata['data'], 'reviews' | 'positive' | 'negative'>;
  onFamily?: (family: string, bestScore: number, seconds: number) => void;
}

/** Runs the searches, refits the winner on all the data, and describes it. */
export async function searchWebModel(
  options: WebModelSearchOptions,
): Promise<{ pipeline: Pipeline; metadata: WebModelMetadata }> {
  const { docs, labels } = options;
  const searched: { family: Family; search: GridSearchCV }[] = [];
  for (const family of FAMILIES) {
    const started = performance.now();
    const search = new GridSearchCV(family.make(), family.grid, {
      cv: new StratifiedKFold({ nSplits: N_SPLITS }),
      scoring: 'accuracy',
      refit: false,
      checkpoint: options.checkpoint,
      checkpointKey: family.key,
      checkpointMismatch: 'restart',
      backend: options.backend,
    });
    await search.fit([...docs], [...labels]);
    searched.push({ family, search });
    options.onFamily?.(family.pipeline, search.bestScore_, (performance.now() - started) / 1000);
  }
  // strictly greater: the first family wins a tie, as the first candidate does in scikit-learn's ranking
  const best = searched.reduce((a, b) => (b.search.bestScore_ > a.search.bestScore_ ? b : a));
  const pipeline = best.family.make();
  setStepParams(pipeline, best.search.bestParams_);
  pipeline.fit([...docs], [...labels]);
  dropStopWords(pipeline);
  const folds = Array.from(
    { length: N_SPLITS },
    (_, k) => best.search.cvResults_[`split${k}_test_score`]![best.search.bestIndex_] as number,
  );
  const positive = labels.filter((l) => l === 1).length;
  const metadata: WebModelMetadata = {
    data: { ...options.data, reviews: docs.length, positive, negative: docs.length - positive },
    trainedAt: new Date().toISOString(),
    search: {
      method: 'GridSearchCV',
      cv: `StratifiedKFold(n_splits=${N_SPLITS})`,
      scoring: 'accuracy',
      families: searched.map(({ family, search }) => ({
        pipeline: family.pipeline,
        candidates: search.cvResults_.params.length,
        bestScore: search.bestScore_,
        bestParams: search.bestParams_,
      })),
    },
    chosen: {
      pipeline: best.family.pipeline,
      params: best.search.bestParams_,
      sklearnSteps: pipeline.steps.map(([name, step]) => [name, className(step), nonDefaultSklearnParams(step)]),
    },
    metrics: { cvAccuracy: best.search.bestScore_, cvAccuracyFolds: folds },
  };
  return { pipeline, metadata };
}

/** Pipeline parameters `step__param` set on each step (scikit-learn's Pipeline.set_params). */
function setStepParams(pipeline: Pipeline, params: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(params)) {
    const [stepName, param] = key.split('__') as [string, string];
    const step = pipeline.namedSteps[stepName] as unknown as { setParams(p: object): unknown };
    step.setParams({ [param]: value });
  }
}

/**
 * Empties the vectorizers' `stop_words_` (the terms min_df cut: ~100,000 here, most of the file). It
 * plays no part in transform; scikit-learn's TfidfVectorizer docstring (sklearn/feature_extraction/text.py)
 * says it "can be safely removed using delattr or set to None before pickling".
 */
function dropStopWords(pipeline: Pipeline): void {
  for (const [, step] of pipeline.steps) {
    if (step instanceof TfidfVectorizer) step.setFittedState({ ...step.getFittedState(), stopWords_: new Set() });
  }
}

type SklearnStep = { className: string; toSklearnParams?: () => object; getSklearnParams?: () => object };

function className(step: unknown): string {
  return (step as SklearnStep).className;
}

function sklearnParams(step: unknown): Record<string, unknown> {
  const s = step as SklearnStep;
  return { ...(s.toSklearnParams?.() ?? s.getSklearnParams?.() ?? {}) };
}

/** The step's scikit-learn parameters that differ from a default-constructed instance of its class. */
function nonDefaultSklearnParams(step: unknown): Record<string, unknown> {
  const defaults = sklearnParams(new ((step as object).constructor as new () => unknown)());
  const own = sklearnParams(step);
  return Object.fromEntries(Object.entries(own).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(defaults[k])));
}
