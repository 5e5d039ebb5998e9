#!/usr/bin/env node
/**
 * HashingVectorizer: icepickle (TypeScript) vs scikit-learn 1.2.1, side by side in one run.
 *
 *   pnpm --filter @icepickle/featurizers build && node bench/hashing.mjs
 *
 * Corpus: datasets/imdb_subset.csv (1,000 reviews) ×10. Configs: default, ngramRange [1,2],
 * char_wb [2,4]; plus single-document latency. Each side reports its best of several runs, and the
 * outputs are checked to be identical (sha256 of indptr/indices as int32 and data as float64).
 * Rates use CPU time (process.cpuUsage / time.process_time), which stays comparable when other jobs share
 * the machine; wall-clock rates are printed alongside.
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HashingVectorizer } from '@icepickle/featurizers';
import { csrDigest, imdbReviews } from './lib/imdb.mjs';

const PYTHON = process.env.ICEPICKLE_PYTHON ?? '/usr/bin/python3';
const REPEAT = 10;
const RUNS = 3;
const LATENCY_DOCS = 300;

const loadImdb = () => imdbReviews().map((r) => r.text);

const digest = csrDigest;

const PY = String.raw`
import hashlib, json, sys, time
import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
req = json.load(sys.stdin)
texts = req["texts"]
out = []
for cfg in req["configs"]:
    p = dict(cfg["params"])
    if "ngram_range" in p: p["ngram_range"] = tuple(p["ngram_range"])
    hv = HashingVectorizer(**p)
    if cfg.get("latency"):
        docs = texts[: req["latency_docs"]]
        best = wall = float("inf")
        for _ in range(req["runs"]):
            t0 = time.process_time(); w0 = time.perf_counter()
            for d in docs: hv.transform([d])
            best = min(best, (time.process_time() - t0) / len(docs)); wall = min(wall, (time.perf_counter() - w0) / len(docs))
        out.append({"seconds": best, "wall": wall})
        continue
    best = wall = float("inf")
    for _ in range(req["runs"]):
        t0 = time.process_time(); w0 = time.perf_counter(); X = hv.transform(texts)
        best = min(best, time.process_time() - t0); wall = min(wall, time.perf_counter() - w0)
    X.sort_indices()
    h = hashlib.sha256()
    h.update(X.indptr.astype("<i4").tobytes()); h.update(X.indices.astype("<i4").tobytes()); h.update(X.data.astype("<f8").tobytes())
    out.append({"seconds": best, "wall": wall, "digest": h.hexdigest(), "nnz": int(X.nnz)})
json.dump(out, sys.stdout)
`;

const CONFIGS = [
  { name: 'default', ours: {}, sklearn: {} },
  { name: 'ngramRange [1,2]', ours: { ngramRange: [1, 2] }, sklearn: { ngram_range: [1, 2] } },
  {
    name: 'char_wb [2,4]',
    ours: { analyzer: 'char_wb', ngramRange: [2, 4] },
    sklearn: { analyzer: 'char_wb', ngram_range: [2, 4] },
  },
];

/** Best of `runs`, in CPU seconds (user + system of this process) and wall seconds. */
function bestOf(runs, fn) {
  let best = Infinity;
  let wall = Infinity;
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

export async function run({ log = console.log } = {}) {
  const base = loadImdb();
  const texts = Array.from({ length: REPEAT }, () => base).flat();
  const configs = [...CONFIGS.map((c) => ({ params: c.sklearn })), { params: {}, latency: true }];
  const py = spawnSync(PYTHON, ['-c', PY], {
    input: JSON.stringify({ texts, configs, runs: RUNS, latency_docs: LATENCY_DOCS }),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (py.status !== 0) throw new Error(`scikit-learn side failed (${PYTHON}):\n${py.stderr}`);
  const ref = JSON.parse(py.stdout);
  const rows = [];
  for (const [k, cfg] of CONFIGS.entries()) {
    const hv = new HashingVectorizer(cfg.ours);
    hv.transform(texts.slice(0, 2000)); // warm up the JIT
    const { seconds, wall, result } = bestOf(RUNS, () => hv.transform(texts));
    const same = digest(result) === ref[k].digest;
    const ours = texts.length / seconds;
    const anchor = texts.length / ref[k].seconds;
    const wallRatio = ref[k].wall / wall;
    rows.push({
      name: `HashingVectorizer ${cfg.name} (${texts.length} imdb docs)`,
      ours,
      anchor,
      unit: 'docs/cpu-s',
      ratio: ours / anchor,
      note: `${same ? 'identical output' : 'OUTPUT DIFFERS'} (nnz ${result.nnz}${same ? '' : ` vs ${ref[k].nnz}`}); wall ${Math.round(texts.length / wall)} vs ${Math.round(texts.length / ref[k].wall)} docs/s (${wallRatio.toFixed(2)}×)`,
    });
  }
  {
    const hv = new HashingVectorizer();
    const docs = texts.slice(0, LATENCY_DOCS);
    for (const d of docs) hv.transform([d]);
    const { seconds, wall } = bestOf(RUNS, () => {
      for (const d of docs) hv.transform([d]);
    });
    const ours = (seconds / docs.length) * 1e6;
    const anchor = ref[CONFIGS.length].seconds * 1e6;
    const oursWall = (wall / docs.length) * 1e6;
    const anchorWall = ref[CONFIGS.length].wall * 1e6;
    rows.push({
      name: 'HashingVectorizer single-document latency (default, transform([doc]))',
      ours,
      anchor,
      unit: 'µs CPU/doc',
      ratio: anchor / ours,
      note: `ratio = speed-up; wall ${oursWall.toFixed(1)} vs ${anchorWall.toFixed(1)} µs`,
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
  if (rows.some((r) => r.note.startsWith('OUTPUT DIFFERS'))) process.exitCode = 1;
}
