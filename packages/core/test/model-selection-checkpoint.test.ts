import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  GridSearchCV,
  KFold,
  ModelCollection,
  PartialPipeline,
  RandomizedSearchCV,
  SGDClassifier,
  type SearchDocument,
  StratifiedKFold,
  crossValScore,
  isIcepickleError,
} from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { nodeHost } from '@icepickle/core/node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
// @ts-expect-error plain .mjs shared with the kill test's child process
import { killBase, killData } from './fixtures/search-kill/data.mjs';

const backend = hdf5Wasm();
const dir = mkdtempSync(join(tmpdir(), 'icepickle-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const { X, y } = killData() as { X: number[][]; y: number[] };
const grid = { alpha: [1e-4, 1e-2], loss: ['hinge', 'log_loss'] };
const make = (options: object = {}) =>
  new GridSearchCV(new SGDClassifier(killBase), grid, {
    cv: new StratifiedKFold({ nSplits: 3 }),
    scoring: 'accuracy',
    ...options,
  });

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (e) {
    return isIcepickleError(e) ? e.code : `not typed: ${String(e)}`;
  }
  return undefined;
}

describe('bad input: typed errors before any work', () => {
  it('unknown parameter, empty grid, too many folds, unwritable checkpoint, no backend', async () => {
    const fit = vi.spyOn(SGDClassifier.prototype, 'fit');
    const path = join(dir, 'never.h5');
    const bad = new GridSearchCV(new SGDClassifier(), { alpah: [1] }, { checkpoint: path, backend });
    await expect(bad.fit(X, y)).rejects.toThrow(/invalid parameter 'alpah' for estimator SGDClassifier/);
    expect(await code(bad.fit(X, y))).toBe('INVALID_PARAMETER');
    expect(await code(new GridSearchCV(new SGDClassifier(), {}).fit(X, y))).toBe('INVALID_PARAMETER');
    expect(await code(new GridSearchCV(new SGDClassifier(), []).fit(X, y))).toBe('INVALID_PARAMETER');
    expect(await code(new GridSearchCV(new SGDClassifier(), { alpha: [] }).fit(X, y))).toBe('INVALID_PARAMETER');
    const few = [0, 0, 0, 1, 1, 1, 1];
    await expect(
      new GridSearchCV(new SGDClassifier(), { alpha: [1] }, { cv: 5 }).fit(
        few.map((v) => [v]),
        few,
      ),
    ).rejects.toThrow(/nSplits=5 cannot be greater than the number of members in each class/);
    expect(
      await code(
        new GridSearchCV(new SGDClassifier(), { alpha: [1] }, { cv: 5 }).fit(
          few.map((v) => [v]),
          few,
        ),
      ),
    ).toBe('INVALID_INPUT');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await code(make({ checkpoint: join(file, 'search.h5'), backend }).fit(X, y))).toBe('WRITE_FAILED');
    expect(await code(make({ checkpoint: join(dir, 'x.h5') }).fit(X, y))).toBe('INVALID_PARAMETER');
    expect(await code(make({ scoring: 'neg_brier_score' }).fit(X, y))).toBe('INVALID_PARAMETER');
    expect(await code(make({ nJobs: 0 }).fit(X, y))).toBe('INVALID_PARAMETER');
    expect(await code(make().fit(X, y.slice(1)))).toBe('INVALID_INPUT');
    expect(fit).not.toHaveBeenCalled();
    expect(() => make().cvResults_).toThrow(/not fitted/);
  });
});

describe('checkpoint', () => {
  it('resumes without refitting finished pairs; keeps the best model; refuses or restarts on a different search', async () => {
    const path = join(dir, 'resume.h5');
    const progress: number[] = [];
    const first = make({
      checkpoint: path,
      backend,
      onProgress: (p: { done: number; total: number; etaMs?: number }) => progress.push(p.done),
    });
    await first.fit(X, y);
    expect(progress).toEqual(Array.from({ length: 12 }, (_v, i) => i + 1));

    const c = await ModelCollection.open(path, { backend });
    const doc = c.getDocument<SearchDocument>('search')!;
    expect(doc.results).toHaveLength(12);
    expect(doc.best.SGDClassifier!.candidate).toBe(first.bestIndex_);
    const best = c.load<SGDClassifier>('search-best-SGDClassifier');
    expect(best.coef_).toEqual((first.bestEstimator_ as SGDClassifier).coef_);

    // Everything finished: a rerun only refits the best candidate.
    const fit = vi.spyOn(SGDClassifier.prototype, 'fit');
    const again = make({ checkpoint: path, backend });
    await again.fit(X, y);
    expect(fit).toHaveBeenCalledTimes(1);
    expect(again.cvResults_).toEqual(first.cvResults_);

    // Drop three finished pairs (as if killed before they were written): only those run again.
    doc.results = doc.results.filter(([cand, fold]) => !(cand === 1 || (cand === 3 && fold === 2)));
    c.putDocument('search', doc);
    await c.save();
    fit.mockClear();
    const resumed = make({ checkpoint: path, backend });
    await resumed.fit(X, y);
    const {
      mean_fit_time: _a,
      std_fit_time: _b,
      mean_score_time: _c,
      std_score_time: _d,
      ...scores
    } = resumed.cvResults_;
    const {
      mean_fit_time: _e,
      std_fit_time: _f,
      mean_score_time: _g,
      std_score_time: _h,
      ...firstScores
    } = first.cvResults_;
    expect(scores).toEqual(firstScores);
    expect(fit.mock.calls.length).toBe(4 + 1);

    // Another search on the same file: typed error, or a restart when asked.
    const other = new GridSearchCV(
      new SGDClassifier(killBase),
      { alpha: [1e-3] },
      { cv: 3, checkpoint: path, backend },
    );
    await expect(other.fit(X, y)).rejects.toThrow(/different search/);
    expect(await code(other.fit(X, y))).toBe('INVALID_INPUT');
    const changedData = make({ checkpoint: path, backend });
    expect(
      await code(
        changedData.fit(
          X.map((r) => r.map((v) => v + 1)),
          y,
        ),
      ),
    ).toBe('INVALID_INPUT');
    const restart = new GridSearchCV(
      new SGDClassifier(killBase),
      { alpha: [1e-3] },
      { cv: 3, checkpoint: path, backend, checkpointMismatch: 'restart' },
    );
    await restart.fit(X, y);
    expect((await ModelCollection.open(path, { backend })).getDocument<SearchDocument>('search')!.results).toHaveLength(
      3,
    );
  });

  it('RandomizedSearchCV resumes with a seed and refuses a checkpoint without one', async () => {
    const path = join(dir, 'random.h5');
    const dists = { alpha: [1e-5, 1e-4, 1e-3, 1e-2], loss: ['hinge', 'log_loss', 'modified_huber'] };
    const unseeded = new RandomizedSearchCV(new SGDClassifier(killBase), dists, {
      nIter: 4,
      cv: 3,
      checkpoint: path,
      backend,
    });
    expect(await code(unseeded.fit(X, y))).toBe('INVALID_PARAMETER');
    const first = new RandomizedSearchCV(new SGDClassifier(killBase), dists, {
      nIter: 4,
      randomState: 1,
      cv: 3,
      checkpoint: path,
      backend,
    });
    await first.fit(X, y);
    const fit = vi.spyOn(SGDClassifier.prototype, 'fit');
    const again = new RandomizedSearchCV(new SGDClassifier(killBase), dists, {
      nIter: 4,
      randomState: 1,
      cv: 3,
      checkpoint: path,
      backend,
    });
    await again.fit(X, y);
    expect(fit).toHaveBeenCalledTimes(1);
    expect(again.cvResults_).toEqual(first.cvResults_);
  });

  it('draws a progress bar with ETA on a terminal', async () => {
    const writes: string[] = [];
    const stderr = process.stderr as unknown as { isTTY: boolean; write: (s: string) => boolean };
    const isTTY = stderr.isTTY;
    stderr.isTTY = true;
    const spy = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation(((s: string) => writes.push(String(s)) > 0) as never);
    try {
      await make({ progress: true }).fit(X, y);
    } finally {
      spy.mockRestore();
      stderr.isTTY = isTTY;
    }
    expect(writes.some((w) => /\[#+-*\] 6\/12 fits, \d+s elapsed, ETA \d+s/.test(w))).toBe(true);
    expect(writes.at(-1)).toBe('\n');
  });

  it('nJobs without a host, or with workers that cannot load here (TypeScript sources), falls back identically', async () => {
    const one = make();
    await one.fit(X, y);
    const noHost = make({ nJobs: 2 });
    await noHost.fit(X, y);
    expect(noHost.warnings_.filter((w) => w.includes('needs a host with worker threads'))).toHaveLength(1);
    const nodeWorkers = make({ nJobs: -1, host: nodeHost });
    await nodeWorkers.fit(X, y);
    expect(nodeWorkers.warnings_.filter((w) => w.includes('worker threads are not available here'))).toHaveLength(1);
    for (const two of [noHost, nodeWorkers]) {
      expect(two.cvResults_.split0_test_score).toEqual(one.cvResults_.split0_test_score);
      expect(two.cvResults_.rank_test_score).toEqual(one.cvResults_.rank_test_score);
    }
  });
});

const PY_TEXT = String.raw`
import json, sys, warnings
import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
warnings.simplefilter("ignore")
req = json.load(sys.stdin)
docs, y = req["docs"], np.array(req["y"])
pipe = make_pipeline(HashingVectorizer(n_features=2**10), SGDClassifier(shuffle=False, random_state=0, max_iter=20, tol=None))
g = GridSearchCV(pipe, {"sgdclassifier__alpha": [1e-4, 1e-2], "hashingvectorizer__ngram_range": [(1, 1), (1, 2)]}, cv=StratifiedKFold(3), scoring="roc_auc").fit(docs, y)
X, yk = np.array(req["X"]), np.array(req["yk"])
est = SGDClassifier(shuffle=False, random_state=0, max_iter=40, tol=None)
rs = RandomizedSearchCV(est, {"alpha": [1e-5, 1e-4, 1e-3, 1e-2, 1e-1], "loss": ["hinge", "log_loss", "modified_huber"], "penalty": ["l2", "l1"]}, n_iter=7, random_state=3, cv=KFold(4), scoring="f1").fit(X, yk)
cvs = cross_val_score(est, X, yk, cv=StratifiedKFold(5), scoring="roc_auc")
print(json.dumps({
  "text": [g.cv_results_[f"split{k}_test_score"].tolist() for k in range(3)], "text_best": int(g.best_index_),
  "rand_params": rs.cv_results_["params"], "rand": [rs.cv_results_[f"split{k}_test_score"].tolist() for k in range(4)],
  "rand_rank": rs.cv_results_["rank_test_score"].tolist(), "cvs": cvs.tolist()}))
`;

describe.runIf(hasSklearn())('pipelines, RandomizedSearchCV and crossValScore equal scikit-learn', () => {
  const words = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'movie', 'plot', 'acting', 'not', 'very', 'really'];
  let s = 5;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const docs: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 60; i++) {
    const label = rand() < 0.5 ? 1 : 0;
    const n = 4 + Math.floor(rand() * 8);
    docs.push(
      Array.from(
        { length: n },
        () => words[Math.floor(rand() * (rand() < 0.3 ? 12 : 6)) + (label ? 0 : rand() < 0.6 ? 3 : 0)],
      ).join(' '),
    );
    labels.push(label);
  }
  const ref = runPythonCode<{
    text: number[][];
    text_best: number;
    rand_params: object[];
    rand: number[][];
    rand_rank: number[];
    cvs: number[];
  }>(PY_TEXT, {
    docs,
    y: labels,
    X,
    yk: y,
  });

  it('HashingVectorizer + SGDClassifier pipeline on raw documents, nested step parameters', async () => {
    const pipe = new PartialPipeline([
      ['hashingvectorizer', new HashingVectorizer({ nFeatures: 2 ** 10 })],
      ['sgdclassifier', new SGDClassifier({ shuffle: false, randomState: 0, maxIter: 20, tol: null })],
    ]);
    const search = new GridSearchCV(
      pipe,
      {
        sgdclassifier__alpha: [1e-4, 1e-2],
        hashingvectorizer__ngramRange: [
          [1, 1],
          [1, 2],
        ],
      },
      { cv: new StratifiedKFold({ nSplits: 3 }), scoring: 'roc_auc' },
    );
    await search.fit(docs, labels);
    for (let k = 0; k < 3; k++) {
      (search.cvResults_[`split${k}_test_score`] as number[]).forEach((v, c) =>
        expect(Math.abs(v - ref.text[k]![c]!)).toBeLessThanOrEqual(1e-12),
      );
    }
    expect(search.bestIndex_).toBe(ref.text_best);
    expect(search.predict(docs.slice(0, 3))).toHaveLength(3);
    await expect(new GridSearchCV(pipe, { sgdclassifier__alpah: [1] }).fit(docs, labels)).rejects.toThrow(
      /invalid parameter 'sgdclassifier__alpah'/,
    );
    await expect(new GridSearchCV(pipe, { nosuchstep__alpha: [1] }).fit(docs, labels)).rejects.toThrow(
      /invalid parameter 'nosuchstep__alpha'/,
    );
  });

  it("RandomizedSearchCV over lists draws scikit-learn's candidates (random_state=3) and scores them identically", async () => {
    const search = new RandomizedSearchCV(
      new SGDClassifier({ shuffle: false, randomState: 0, maxIter: 40, tol: null }),
      { alpha: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1], loss: ['hinge', 'log_loss', 'modified_huber'], penalty: ['l2', 'l1'] },
      { nIter: 7, randomState: 3, cv: new KFold({ nSplits: 4 }), scoring: 'f1' },
    );
    await search.fit(X, y);
    expect(search.cvResults_.params).toEqual(ref.rand_params);
    for (let k = 0; k < 4; k++) expect(search.cvResults_[`split${k}_test_score`]).toEqual(ref.rand[k]);
    expect(search.cvResults_.rank_test_score).toEqual(ref.rand_rank);
  });

  it('crossValScore', async () => {
    const scores = await crossValScore(
      new SGDClassifier({ shuffle: false, randomState: 0, maxIter: 40, tol: null }),
      X,
      y,
      { cv: new StratifiedKFold({ nSplits: 5 }), scoring: 'roc_auc' },
    );
    scores.forEach((v, k) => expect(Math.abs(v - ref.cvs[k]!)).toBeLessThanOrEqual(1e-12));
  });
});
