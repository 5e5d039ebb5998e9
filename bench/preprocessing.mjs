#!/usr/bin/env node
/**
 * StandardScaler + LogisticRegression predict: icepickle (TypeScript) vs scikit-learn 1.2.1's
 * make_pipeline(StandardScaler(), LogisticRegression()).predict, side by side in one run (issue 16, "Speed").
 *
 *   pnpm --filter @icepickle/core --filter @icepickle/featurizers build && node bench/preprocessing.mjs
 *
 * Data: make_classification(100,000 × 30, random_state=0) with features shifted and stretched (offsets up to
 * ±100, scales up to 1,000) so the scaler matters, passed to Node as raw float64 bytes. scikit-learn fits the
 * pipeline; ours fits its StandardScaler on the same rows (mean_ and scale_ must be bit-identical) and takes
 * the LogisticRegression coefficients from Python (setCoefficients). Each side predicts all rows several
 * times and keeps its best CPU time; labels must be equal.
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DenseMatrix, LogisticRegression } from '@icepickle/core';
import { StandardScaler } from '@icepickle/featurizers';

const PYTHON = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';
const ROWS = 100_000;
const FEATURES = 30;
const RUNS = 15;

const PY = String.raw`
import json, sys, time
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
req = json.load(sys.stdin)
X, y = make_classification(n_samples=req["rows"], n_features=req["features"], n_informative=12, random_state=0)
rng = np.random.RandomState(1)
X = np.ascontiguousarray(X * rng.uniform(1, 1000, size=X.shape[1]) + rng.uniform(-100, 100, size=X.shape[1]))
pipe = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
pipe.predict(X[:1000])
best = wall = float("inf")
for _ in range(req["runs"]):
    t0 = time.process_time(); w0 = time.perf_counter(); labels = pipe.predict(X)
    best = min(best, time.process_time() - t0); wall = min(wall, time.perf_counter() - w0)
with open(req["path"], "wb") as f:
    f.write(X.astype("<f8").tobytes())
scaler, lr = pipe[0], pipe[1]
json.dump({"seconds": best, "wall": wall, "labels": labels.tolist(), "mean": scaler.mean_.tolist(),
           "scale": scaler.scale_.tolist(), "coef": lr.coef_.ravel().tolist(), "intercept": lr.intercept_.tolist(),
           "classes": lr.classes_.tolist()}, sys.stdout)
`;

/** Best of `runs`, in CPU seconds (user + system of this process) and wall seconds. */
function bestOf(runs, fn) {
  let best = Number.POSITIVE_INFINITY;
  let wall = Number.POSITIVE_INFINITY;
  let result;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = fn();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  return { seconds: best, wall, result };
}

const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

export async function run({ log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'icepickle-bench-'));
  const path = join(dir, 'X.f64');
  let ref;
  let X;
  try {
    const py = spawnSync(PYTHON, ['-c', PY], {
      input: JSON.stringify({ rows: ROWS, features: FEATURES, runs: RUNS, path }),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (py.status !== 0) throw new Error(`scikit-learn side failed (${PYTHON}):\n${py.stderr}`);
    ref = JSON.parse(py.stdout);
    const bytes = readFileSync(path);
    X = new DenseMatrix(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8).slice(), [ROWS, FEATURES]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const scaler = new StandardScaler().fit(X);
  const state = scaler.getFittedState();
  const sameScaler = sameBits(Array.from(state.mean_), ref.mean) && sameBits(Array.from(state.scale_), ref.scale);
  const lr = new LogisticRegression().setCoefficients({
    coef: Float64Array.from(ref.coef),
    coefShape: [1, FEATURES],
    intercept: Float64Array.from(ref.intercept),
    interceptShape: [1],
    classes: ref.classes,
  });
  const predict = (rows) => lr.predict(scaler.transform(rows));
  predict(X.sliceRows(0, 1000)); // warm up the JIT
  const { seconds, wall, result } = bestOf(RUNS, () => predict(X));
  const mismatches = result.reduce((n, label, i) => n + (label === ref.labels[i] ? 0 : 1), 0);
  const ours = ROWS / seconds;
  const anchor = ROWS / ref.seconds;
  const rows = [
    {
      name: `StandardScaler + LogisticRegression predict (${ROWS.toLocaleString('en')} × ${FEATURES} dense rows)`,
      ours,
      anchor,
      unit: 'rows/cpu-s',
      ratio: ours / anchor,
      note: `${mismatches === 0 ? 'labels equal' : `LABELS DIFFER (${mismatches})`}; scaler fitted in TS ${sameScaler ? 'bit-identical to' : 'DIFFERS FROM'} scikit-learn's; wall ${Math.round(ROWS / wall)} vs ${Math.round(ROWS / ref.wall)} rows/s (${(ref.wall / wall).toFixed(2)}×)`,
    },
  ];
  const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
  log('| benchmark | icepickle | scikit-learn | unit | ratio | note |');
  log('|---|---:|---:|---|---:|---|');
  for (const r of rows)
    log(`| ${r.name} | ${fmt(r.ours)} | ${fmt(r.anchor)} | ${r.unit} | ${r.ratio.toFixed(2)}× | ${r.note} |`);
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  if (rows.some((r) => /DIFFER/.test(r.note))) process.exitCode = 1;
}
