#!/usr/bin/env node
/**
 * Hyperparameter search: icepickle's GridSearchCV vs scikit-learn 1.2.1's, side by side in one run.
 *
 *   pnpm --filter @icepickle/core build && node bench/search.mjs
 *   (or from sources: node --conditions=@icepickle/source --import ./packages/test-utils/src/search-ts-register.mjs bench/search.mjs)
 *
 * Data: datasets/imdb_subset.csv (1,000 reviews; ×BENCH_SEARCH_REPEAT), hashed once by scikit-learn's HashingVectorizer()
 * (2^20 features) in the Python half, which writes the CSR arrays as raw little-endian binaries to
 * bench/out/; both sides search on the very same matrix (hashing is benchmarked in bench/hashing.mjs).
 * Search: SGDClassifier(random_state=0), 12 candidates (alpha × loss × penalty) × StratifiedKFold(5),
 * accuracy, refit=True — at n_jobs=1 and n_jobs=2 (joblib's default loky backend; our worker threads).
 * Wall time of `fit` including refit, best of RUNS. The split scores are compared too (they should be
 * identical: the SGD port and the fold plan are exact).
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsrMatrix, GridSearchCV, SGDClassifier, StratifiedKFold } from '@icepickle/core';
import { nodeHost } from '@icepickle/core/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
const PYTHON = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const REPEAT = Number(process.env.BENCH_SEARCH_REPEAT ?? 1);
const GRID = { alpha: [1e-5, 1e-4, 1e-3], loss: ['hinge', 'log_loss'], penalty: ['l2', 'elasticnet'] };

const PY = String.raw`
import json, sys, time, warnings
import numpy as np, pandas as pd
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
warnings.simplefilter("ignore")
req = json.load(sys.stdin)
df = pd.read_csv(req["csv"])
texts = list(df["text"]) * req["repeat"]
y = np.array(list(df["label"]) * req["repeat"])
X = HashingVectorizer().transform(texts)
X.sort_indices()
out = req["out"]
X.indptr.astype("<i4").tofile(out + "/search-indptr.bin"); X.indices.astype("<i4").tofile(out + "/search-indices.bin")
X.data.astype("<f8").tofile(out + "/search-data.bin"); y.astype("<i4").tofile(out + "/search-y.bin")
res = {"shape": list(X.shape), "nnz": int(X.nnz), "times": {}, "splits": None}
for n_jobs in (1, 2):
    best = float("inf")
    for _ in range(req["runs"]):
        s = GridSearchCV(SGDClassifier(random_state=0), req["grid"], cv=StratifiedKFold(5), scoring="accuracy", n_jobs=n_jobs)
        t0 = time.perf_counter(); s.fit(X, y); best = min(best, time.perf_counter() - t0)
    res["times"][str(n_jobs)] = best
    res["splits"] = [s.cv_results_[f"split{k}_test_score"].tolist() for k in range(5)]
json.dump(res, sys.stdout)
`;

export async function run({ log = console.log } = {}) {
  mkdirSync(out, { recursive: true });
  const py = spawnSync(PYTHON, ['-c', PY], {
    input: JSON.stringify({
      csv: join(root, 'datasets', 'imdb_subset.csv'),
      repeat: REPEAT,
      out,
      runs: RUNS,
      grid: GRID,
    }),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (py.status !== 0) throw new Error(`scikit-learn side failed (${PYTHON}):\n${py.stderr}`);
  const ref = JSON.parse(py.stdout);
  const bin = (name, Type) => {
    const b = readFileSync(join(out, name));
    return new Type(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const X = new CsrMatrix({
    indptr: bin('search-indptr.bin', Int32Array),
    indices: bin('search-indices.bin', Int32Array),
    data: bin('search-data.bin', Float64Array),
    shape: ref.shape,
  });
  const y = Array.from(bin('search-y.bin', Int32Array));
  const rows = [];
  for (const nJobs of [1, 2]) {
    let best = Infinity;
    let first = Infinity;
    let search;
    for (let i = 0; i < RUNS; i++) {
      search = new GridSearchCV(new SGDClassifier({ randomState: 0 }), GRID, {
        cv: new StratifiedKFold({ nSplits: 5 }),
        scoring: 'accuracy',
        nJobs,
        host: nodeHost,
      });
      const t0 = performance.now();
      await search.fit(X, y);
      const seconds = (performance.now() - t0) / 1000;
      if (i === 0) first = seconds;
      best = Math.min(best, seconds);
    }
    const splits = [0, 1, 2, 3, 4].map((k) => search.cvResults_[`split${k}_test_score`]);
    const same = JSON.stringify(splits) === JSON.stringify(ref.splits);
    const anchor = ref.times[String(nJobs)];
    const fallback = search.warnings_.find((w) => w.includes('running on this thread'));
    rows.push({
      name: `GridSearchCV SGDClassifier 12 candidates × 5 folds, ${y.length} hashed imdb docs, nJobs=${nJobs}`,
      ours: best,
      anchor,
      unit: 's',
      ratio: best / anchor,
      note: `${same ? 'identical split scores' : 'SPLIT SCORES DIFFER'}${fallback ? `; ${fallback}` : ''}; ratio = our time / scikit-learn's (≤ 1 is the goal); best of ${RUNS} on both sides (first run: ${first.toFixed(2)} s${nJobs > 1 ? ', starting the worker threads; later searches reuse them, as joblib reuses its loky processes' : ''})`,
    });
  }
  log('| benchmark | icepickle | scikit-learn | unit | ratio | note |');
  log('|---|---:|---:|---|---:|---|');
  for (const r of rows)
    log(
      `| ${r.name} | ${r.ours.toFixed(2)} | ${r.anchor.toFixed(2)} | ${r.unit} | ${r.ratio.toFixed(2)}× | ${r.note} |`,
    );
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  if (rows.some((r) => r.note.includes('DIFFER'))) process.exitCode = 1;
}
