#!/usr/bin/env node
/**
 * CountVectorizer and TfidfVectorizer: icepickle (TypeScript) vs scikit-learn 1.2.1, side by side in one run.
 *
 *   pnpm --filter @icepickle/featurizers build && node bench/vectorizers.mjs
 *
 * Corpus: datasets/imdb_subset.csv (1,000 reviews) ×10, default options. For each class, `fit` and
 * `transform` (of the same 10k documents, after fit) are timed on both sides, best of RUNS (5) runs, in CPU
 * time (process.cpuUsage / time.process_time, comparable when other jobs share the machine; wall-clock
 * alongside). Before anything is timed, each side fits and transforms the 10k documents once per class,
 * untimed: a JIT compiles what it meets first, so a class timed before the other has warmed up would pay
 * for both (CountVectorizer, timed first, showed slower than TfidfVectorizer, which does more). The runs
 * then alternate the classes (fit, transform of one, then of the other), so a burst of load from other jobs
 * lands on both rather than on whichever was being timed.
 * Outputs are checked: feature names identical, CSR structure identical, values identical for
 * CountVectorizer and within 1e-12 relative for TfidfVectorizer (numpy's log may differ from V8's in the last
 * bit). Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CountVectorizer, TfidfVectorizer } from '@icepickle/featurizers';
import { imdbReviews } from './lib/imdb.mjs';

const PYTHON = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';
const REPEAT = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const PY = String.raw`
import base64, hashlib, json, sys, time
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
req = json.load(sys.stdin)
texts = req["texts"]
out = []
classes = {"CountVectorizer": CountVectorizer, "TfidfVectorizer": TfidfVectorizer}
order = req["classes"]
for name in order:
    classes[name]().fit(texts).transform(texts)  # the untimed first run both sides make
best = {name: {"fit": float("inf"), "fit_wall": float("inf"), "transform": float("inf"),
               "transform_wall": float("inf")} for name in order}
last = {}
for _ in range(req["runs"]):
    for name in order:  # classes interleaved, as on our side
        b = best[name]
        v = classes[name]()
        t0 = time.process_time(); w0 = time.perf_counter(); v.fit(texts)
        b["fit"] = min(b["fit"], time.process_time() - t0); b["fit_wall"] = min(b["fit_wall"], time.perf_counter() - w0)
        t0 = time.process_time(); w0 = time.perf_counter(); X = v.transform(texts)
        b["transform"] = min(b["transform"], time.process_time() - t0)
        b["transform_wall"] = min(b["transform_wall"], time.perf_counter() - w0)
        last[name] = (v, X)
for name in order:
    v, X = last[name]
    fit, fit_wall, transform, transform_wall = (best[name][k] for k in ("fit", "fit_wall", "transform", "transform_wall"))
    X = X.tocsr(); X.sort_indices()
    h = hashlib.sha256()
    h.update(X.indptr.astype("<i4").tobytes()); h.update(X.indices.astype("<i4").tobytes())
    names = hashlib.sha256("\n".join(v.get_feature_names_out()).encode("utf-8", "surrogatepass")).hexdigest()
    out.append({"fit": fit, "fit_wall": fit_wall, "transform": transform, "transform_wall": transform_wall,
                "structure": h.hexdigest(), "names": names, "nnz": int(X.nnz),
                "data": base64.b64encode(X.data.astype("<f8").tobytes()).decode("ascii")})
json.dump(out, sys.stdout)
`;

/** Times fn() in CPU seconds (user + system of this process) and wall seconds, keeping the least of each in `best`. */
function timeInto(best, fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  best.wall = Math.min(best.wall, (performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  best.seconds = Math.min(best.seconds, (c.user + c.system) / 1e6);
  best.result = result;
  return result;
}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** How our output compares with scikit-learn's: '' when identical (values within `rel`), else what differs. */
function compare(v, X, ref, rel) {
  if (sha256(v.getFeatureNamesOut().join('\n')) !== ref.names) return 'FEATURE NAMES DIFFER';
  const structure = sha256(
    Buffer.from(X.indptr.buffer, X.indptr.byteOffset, X.indptr.byteLength),
    Buffer.from(X.indices.buffer, X.indices.byteOffset, X.indices.byteLength),
  );
  if (structure !== ref.structure) return `CSR STRUCTURE DIFFERS (nnz ${X.nnz} vs ${ref.nnz})`;
  const b = Buffer.from(ref.data, 'base64');
  const data = new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  let worst = 0;
  for (let k = 0; k < data.length; k++) {
    if (X.data[k] !== data[k]) worst = Math.max(worst, Math.abs(X.data[k] - data[k]) / Math.abs(data[k]));
  }
  return worst <= rel ? '' : `VALUES DIFFER (worst relative ${worst.toExponential(2)})`;
}

const CLASSES = [
  ['CountVectorizer', () => new CountVectorizer(), 0],
  ['TfidfVectorizer', () => new TfidfVectorizer(), 1e-12],
];

export async function run({ log = console.log } = {}) {
  const base = imdbReviews().map((r) => r.text);
  const texts = Array.from({ length: REPEAT }, () => base).flat();
  const py = spawnSync(PYTHON, ['-c', PY], {
    input: JSON.stringify({ texts, classes: CLASSES.map((c) => c[0]), runs: RUNS }),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (py.status !== 0) throw new Error(`scikit-learn side failed (${PYTHON}):\n${py.stderr}`);
  const ref = JSON.parse(py.stdout);
  const rows = [];
  for (const [, make] of CLASSES) make().fit(texts).transform(texts); // every class warmed up before any is timed
  const times = CLASSES.map(() => ({
    fit: { seconds: Infinity, wall: Infinity, result: null },
    transform: { seconds: Infinity, wall: Infinity, result: null },
  }));
  for (let r = 0; r < RUNS; r++) {
    for (const [k, [, make]] of CLASSES.entries()) {
      const v = timeInto(times[k].fit, () => make().fit(texts)); // classes interleaved, as on the Python side
      timeInto(times[k].transform, () => v.transform(texts));
    }
  }
  for (const [k, [name, , rel]] of CLASSES.entries()) {
    const { fit, transform } = times[k];
    const v = fit.result;
    const diff = compare(v, transform.result, ref[k], rel);
    const same = diff === '' ? `identical output${rel > 0 ? ' (values within 1e-12)' : ''}` : `OUTPUT DIFFERS: ${diff}`;
    for (const [step, ours, anchorSeconds, anchorWall] of [
      ['fit', fit, ref[k].fit, ref[k].fit_wall],
      ['transform', transform, ref[k].transform, ref[k].transform_wall],
    ]) {
      const rate = texts.length / ours.seconds;
      const anchor = texts.length / anchorSeconds;
      rows.push({
        name: `${name} ${step} (${texts.length} imdb docs, default options)`,
        ours: rate,
        anchor,
        unit: 'docs/cpu-s',
        ratio: rate / anchor,
        note: `${same} (nnz ${transform.result.nnz}); load average ${loadavg()[0].toFixed(1)}; wall ${Math.round(texts.length / ours.wall)} vs ${Math.round(texts.length / anchorWall)} docs/s (${(anchorWall / ours.wall).toFixed(2)}×)`,
      });
    }
  }
  const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  log('| benchmark | icepickle | scikit-learn | unit | ratio | note |');
  log('|---|---:|---:|---|---:|---|');
  for (const r of rows)
    log(`| ${r.name} | ${fmt(r.ours)} | ${fmt(r.anchor)} | ${r.unit} | ${r.ratio.toFixed(2)}× | ${r.note} |`);
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  if (rows.some((r) => r.note.startsWith('OUTPUT DIFFERS'))) process.exitCode = 1;
}
