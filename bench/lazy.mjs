#!/usr/bin/env node
/**
 * Lazy prediction on a big model (issue 8): an SGDClassifier-shaped coef of 560 × 505,938 float64
 * (2.27 GB, the blog's model) and imdb reviews hashed straight to 505,938 columns (HashingVectorizer
 * nFeatures=505938, word 1-2 grams, ~300 touched columns per review). Per-document latency and the
 * whole process's peak RSS, each configuration in its own child process:
 *   native + column-chunked (chunks 560×3, our 'column-chunked'), native + contiguous (as h5py writes),
 *   wasm (only when the file fits its 2 GiB heap), and h5py reading the same columns as the anchor.
 *
 *   pnpm bench            (all benchmarks)     node bench/lazy.mjs [--small]
 *
 * --small (or BENCH_SMALL=1) uses 560 × 50,000 for development. The 2.27 GB files are generated once
 * into bench/out/ (skipped, with a message, when disk or memory is short).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freeDiskBytes,
  freeMemoryBytes,
  outDir,
  percentile,
  python,
  peakRssBytes,
  PY_PEAK_RSS,
} from './lib/common.mjs';
import { imdbReviews } from './lib/imdb.mjs';

const ROWS = 560;
const DOCS = 200;

export function config(small) {
  const cols = small ? 50_000 : 505_938;
  return { cols, tag: small ? 'small' : 'full', bytes: ROWS * cols * 8 };
}

export function generate(path, cols, layout) {
  if (existsSync(path)) return;
  const chunkCols = Math.max(1, Math.floor(16384 / (ROWS * 8)));
  python(
    `
import h5py, numpy as np, json, sys
path, rows, cols, layout, k = ${JSON.stringify(path)}, ${ROWS}, ${cols}, ${JSON.stringify(layout)}, ${chunkCols}
rng = np.random.default_rng(0)
with h5py.File(path + ".tmp", "w") as f:
    if layout == "contiguous":
        ds = f.create_dataset("coef", shape=(rows, cols), dtype="<f8")
        for r in range(0, rows, 8):
            ds[r:r + 8] = np.random.default_rng(r).standard_normal((min(8, rows - r), cols))
    else:
        ds = f.create_dataset("coef", shape=(rows, cols), dtype="<f8", chunks=(rows, k))
        # Whole chunk columns at a time (the values differ from the contiguous file's; both are random).
        step = k * 1024
        for c in range(0, cols, step):
            ds[:, c:c + min(step, cols - c)] = np.random.default_rng(c).standard_normal((rows, min(step, cols - c)))
    f.create_dataset("intercept", data=np.zeros(rows))
    f.create_dataset("classes", data=np.arange(rows, dtype="<i8"))
import os; os.replace(path + ".tmp", path)
print(json.dumps({"ok": True}))`,
    null,
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
}

export async function hashDocs(cols, path) {
  if (existsSync(path)) return;
  const { HashingVectorizer } = await import('@icepickle/featurizers');
  const hv = new HashingVectorizer({ nFeatures: cols, ngramRange: [1, 2] });
  const docs = imdbReviews()
    .slice(0, DOCS)
    .map(({ text }) => {
      const X = hv.transform([text]);
      return { indices: Array.from(X.indices), data: Array.from(X.data) };
    });
  writeFileSync(path, JSON.stringify({ cols, docs }));
}

/** Child: open lazily, predict document by document, report latencies and peak RSS. */
async function child(file, backendName, docsPath) {
  const { CsrMatrix, openLinearModel } = await import('@icepickle/core');
  const backend =
    backendName === 'native'
      ? (await import('@icepickle/hdf5-node')).hdf5Node()
      : (await import('@icepickle/hdf5-wasm')).hdf5Wasm();
  const { cols, docs } = JSON.parse(readFileSync(docsPath, 'utf8'));
  const t0 = performance.now();
  const model = await openLinearModel(file, { backend, estimator: 'SGDClassifier', cacheBytes: 32 * 2 ** 20 });
  const openMs = performance.now() - t0;
  const times = [];
  let touched = 0;
  for (const d of docs) {
    const X = new CsrMatrix({ indptr: [0, d.indices.length], indices: d.indices, data: d.data, shape: [1, cols] });
    touched += d.indices.length;
    const s = performance.now();
    await model.predict(X);
    times.push(performance.now() - s);
  }
  await model.close();
  const rss = peakRssBytes();
  console.log(JSON.stringify({ openMs, times, rss, touched: touched / docs.length, stats: model.stats }));
}

function runChild(file, backend, docsPath) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, backend, docsPath], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) return { error: (r.stderr || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function h5pyPerDoc(file, docsPath) {
  return python(
    `
import h5py, numpy as np, json, sys, time, resource
${PY_PEAK_RSS}
docs = json.load(open(${JSON.stringify(docsPath)}))["docs"]
times = []
with h5py.File(${JSON.stringify(file)}, "r") as f:
    ds = f["coef"]
    for d in docs:
        s = time.perf_counter()
        idx = np.asarray(d["indices"]); order = np.argsort(idx)
        cols = ds[:, idx[order]]
        dec = cols @ np.asarray(d["data"])[order]
        times.append((time.perf_counter() - s) * 1000)
print(json.dumps({"times": times, "rss": peak_rss()}))`,
  );
}

export async function run({ small = process.env.BENCH_SMALL === '1' } = {}) {
  const { cols, tag, bytes } = config(small);
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  const need = bytes * 2.2;
  if (freeDiskBytes(outDir) < need) {
    return [
      {
        name: `lazy predict (${tag})`,
        ours: null,
        anchor: null,
        unit: 'ms/doc',
        ratio: null,
        note: `skipped: needs ${(need / 1e9).toFixed(1)} GB free disk in bench/out`,
      },
    ];
  }
  const files = {
    contiguous: join(outDir, `lazy-${tag}-contiguous.h5`),
    'column-chunked': join(outDir, `lazy-${tag}-column-chunked.h5`),
  };
  for (const [layout, path] of Object.entries(files)) {
    process.stderr.write(`  generating ${path} (${(bytes / 1e9).toFixed(2)} GB, ${layout}) with h5py…\n`);
    generate(path, cols, layout);
  }
  const docsPath = join(outDir, `lazy-${tag}-docs.json`);
  await hashDocs(cols, docsPath);
  for (const [layout, path] of Object.entries(files)) {
    const anchor = h5pyPerDoc(path, docsPath);
    const configs = [['native', path]];
    if (bytes < 1.5 * 2 ** 30) configs.push(['wasm', path]);
    for (const [backend, file] of configs) {
      process.stderr.write(`  ${backend} + ${layout}: ${DOCS} documents…\n`);
      const r = runChild(file, backend, docsPath);
      if (r.error) {
        rows.push({
          name: `lazy predict, ${backend}, ${layout} (${tag})`,
          ours: null,
          anchor: null,
          unit: 'ms/doc',
          ratio: null,
          note: `failed: ${r.error}`,
        });
        continue;
      }
      const mean = r.times.reduce((a, b) => a + b, 0) / r.times.length;
      const anchorMean = anchor.times.reduce((a, b) => a + b, 0) / anchor.times.length;
      rows.push({
        name: `lazy predict, ${backend}, ${layout} (${tag})`,
        ours: mean,
        anchor: anchorMean,
        unit: 'ms/doc',
        ratio: mean / anchorMean,
        note: `open ${r.openMs.toFixed(0)} ms; p50 ${percentile(r.times, 50).toFixed(2)} p95 ${percentile(r.times, 95).toFixed(2)} ms; peak RSS ${(r.rss / 2 ** 20).toFixed(0)} MB (h5py ${(anchor.rss / 2 ** 20).toFixed(0)} MB); ~${r.touched.toFixed(0)} columns/doc; anchor: h5py ds[:, cols]`,
      });
    }
    if (bytes >= 1.5 * 2 ** 30) {
      rows.push({
        name: `lazy predict, wasm, ${layout} (${tag})`,
        ours: null,
        anchor: null,
        unit: 'ms/doc',
        ratio: null,
        note: 'not run: the wasm backend copies the file into its 2 GiB heap; a 2.27 GB model needs the native backend',
      });
    }
  }
  return rows;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const small = process.argv.includes('--small') || process.env.BENCH_SMALL === '1';
  if (!small && freeMemoryBytes() < 1e9) console.warn('low free memory; results may suffer');
  const rows = await run({ small });
  console.table(
    rows.map((r) => ({ ...r, ours: r.ours?.toFixed(3), anchor: r.anchor?.toFixed(3), ratio: r.ratio?.toFixed(2) })),
  );
}
