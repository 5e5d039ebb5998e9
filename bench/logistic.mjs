#!/usr/bin/env node
/**
 * LogisticRegression.fit (lbfgs): icepickle (TypeScript) vs scikit-learn 1.2.1, side by side in one run.
 *
 *   pnpm --filter @icepickle/core --filter @icepickle/featurizers build && node bench/logistic.mjs
 *
 * Data: datasets/imdb_subset.csv, the first 1,000 reviews hashed with HashingVectorizer() (2^20
 * features, l2 rows; both sides hash independently and the matrices are checked identical), labels
 * from the csv. Each side fits LogisticRegression() with default parameters (C=1, tol=1e-4,
 * max_iter=100) and reports its best of several runs; both also fit with tol=1e-10, where scipy's fixed
 * ftol (2.2e-9) stops both sides before the gradient test, as scikit-learn 1.2.1 passes only gtol; the
 * rows report how close each lands to the optimum (max |gradient|, and max |coef difference|).
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LogisticRegression } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { csrDigest, imdbReviews } from './lib/imdb.mjs';

const PYTHON = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';
const DOCS = 1000;
const RUNS = 5;

function loadImdb() {
  const good = imdbReviews().slice(0, DOCS);
  return { texts: good.map((r) => r.text), y: good.map((r) => r.label) };
}

const digest = csrDigest;

const PY = String.raw`
import hashlib, json, sys, time, warnings
import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
req = json.load(sys.stdin)
X = HashingVectorizer().transform(req["texts"]); X.sort_indices()
y = np.array(req["y"])
h = hashlib.sha256()
h.update(X.indptr.astype("<i4").tobytes()); h.update(X.indices.astype("<i4").tobytes()); h.update(X.data.astype("<f8").tobytes())
out = {"digest": h.hexdigest(), "fits": []}
for tol in req["tols"]:
    best = float("inf")
    for _ in range(req["runs"]):
        m = LogisticRegression(tol=tol)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter(); m.fit(X, y); best = min(best, time.perf_counter() - t0)
    nz = np.flatnonzero(m.coef_[0])
    out["fits"].append({"seconds": best, "n_iter": int(m.n_iter_[0]), "intercept": float(m.intercept_[0]),
                        "nz": nz.tolist(), "values": m.coef_[0][nz].tolist()})
json.dump(out, sys.stdout)
`;

/** max |∂F/∂w|, ∂F/∂b of F = Σ log(1+exp(z)) − y z + ‖w‖²/2 at (coef, b), for the CSR X. */
function gradMaxAbs(X, y, coef, b) {
  const g = new Float64Array(coef.length);
  let gb = 0;
  for (let i = 0; i < X.shape[0]; i++) {
    let z = b;
    for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) z += X.data[k] * coef[X.indices[k]];
    const r = 1 / (1 + Math.exp(-z)) - y[i];
    gb += r;
    for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) g[X.indices[k]] += X.data[k] * r;
  }
  let m = Math.abs(gb);
  for (let j = 0; j < coef.length; j++) m = Math.max(m, Math.abs(g[j] + coef[j]));
  return m;
}

export async function run({ log = console.log } = {}) {
  const { texts, y } = loadImdb();
  const X = new HashingVectorizer().transform(texts);
  const tols = [1e-4, 1e-10];
  const py = spawnSync(PYTHON, ['-c', PY], {
    input: JSON.stringify({ texts, y, tols, runs: RUNS }),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (py.status !== 0) throw new Error(`scikit-learn side failed (${PYTHON}):\n${py.stderr}`);
  const ref = JSON.parse(py.stdout);
  const same = digest(X) === ref.digest;
  new LogisticRegression().fit(X, y); // warm up the JIT
  const rows = [];
  for (const [k, tol] of tols.entries()) {
    let best = Infinity;
    let model;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      model = new LogisticRegression({ tol }).fit(X, y);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    const sk = ref.fits[k];
    const skCoef = new Float64Array(X.shape[1]);
    sk.nz.forEach((j, i) => (skCoef[j] = sk.values[i]));
    const ours = Float64Array.from(model.coef_[0]);
    let diff = 0;
    for (let j = 0; j < ours.length; j++) diff = Math.max(diff, Math.abs(ours[j] - skCoef[j]));
    const gOurs = gradMaxAbs(X, y, ours, model.intercept_[0]);
    const gSk = gradMaxAbs(X, y, skCoef, sk.intercept);
    rows.push({
      name: `LogisticRegression fit, tol=${tol} (${X.shape[0]} imdb docs, 2^20 features)`,
      ours: best * 1000,
      anchor: sk.seconds * 1000,
      unit: 'ms',
      ratio: best / sk.seconds,
      note:
        `ratio = our time / theirs (goal ≤ 0.5); n_iter ${model.nIter_[0]} vs ${sk.n_iter}; max|grad| ${gOurs.toExponential(1)} vs ${gSk.toExponential(1)}; ` +
        `max|coef diff| ${diff.toExponential(1)}${same ? '' : '; INPUT MATRICES DIFFER'}`,
    });
  }
  const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
  log('| benchmark | icepickle | scikit-learn | unit | ratio | note |');
  log('|---|---:|---:|---|---:|---|');
  for (const r of rows)
    log(`| ${r.name} | ${fmt(r.ours)} | ${fmt(r.anchor)} | ${r.unit} | ${r.ratio.toFixed(2)}× | ${r.note} |`);
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  if (rows.some((r) => r.note.includes('DIFFER'))) process.exitCode = 1;
}
