#!/usr/bin/env node
/**
 * Huge models at the edge (issue 17): hdf5-js reading the 560 × 505,938 model of bench/lazy.mjs (same
 * files, same hashed reviews), each configuration in its own child process for its peak RSS:
 *   - lazy predict per review on the column-chunked model: hdf5-js over fileSource and over httpSource,
 *     one range per request and with multiRange (many ranges per request, multipart/byteranges), against
 *     hdf5-node; served on localhost by nginx (bench/lib/nginx-server.mjs, Debian's nginx-light: the
 *     server a model sits behind) and by our Node range server (bench/lib/range-server.mjs), whose own
 *     CPU on the machine's two cores the plain rows mostly wait for;
 *   - a full read of the contiguous (h5py-written) coef through fileSource, against a raw read of the file;
 *   - the demo's lazy R2 Worker in workerd (miniflare, the model in a local R2 bucket on disk: the put of
 *     2.27 GB takes minutes), its isolate's peak memory read through the inspector (bench/lib/worker-r2.mjs),
 *     against Cloudflare's 128 MB; `--no-worker` leaves it out.
 *
 *   node bench/edge.mjs [--small]      (pnpm bench runs it with the others)
 *
 * --small (or BENCH_SMALL=1) uses 560 × 50,000.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeDiskBytes, outDir, peakRssBytes, percentile } from './lib/common.mjs';
import { serveNginx } from './lib/nginx-server.mjs';
import { serveRanges } from './lib/range-server.mjs';

const MIB = 2 ** 20;

async function openModel(kind, where) {
  if (kind === 'native') return { backend: (await import('@icepickle/hdf5-node')).hdf5Node(), source: where };
  const { hdf5Js, fileSource, httpSource } = await import('@icepickle/hdf5-js');
  const source =
    kind === 'file'
      ? await fileSource(where)
      : await httpSource(where, undefined, { multiRange: kind === 'http-multi' });
  // each source carries its own read hints (local: page-sized blocks; remote: 16 KiB blocks, merged)
  return { backend: hdf5Js(), source };
}

/**
 * The column cache of every lazy row, anchor included: the Worker demo's (apps/demo/worker/src/lazy-r2.ts),
 * a small share of 128 MB. Reviews hash to columns spread over the whole model, so a larger cache barely
 * hits (at 32 MiB the 200 reviews still read 209 MiB of coef) and only adds resident memory.
 */
const CACHE_BYTES = 16 * MIB;

/** Child: open lazily, predict review by review; latencies and peak RSS. */
async function lazyChild(kind, where, docsPath) {
  const { CsrMatrix, openLinearModel } = await import('@icepickle/core');
  const { cols, docs } = JSON.parse(readFileSync(docsPath, 'utf8'));
  const t0 = performance.now();
  const { backend, source } = await openModel(kind, where);
  const model = await openLinearModel(source, { backend, estimator: 'SGDClassifier', cacheBytes: CACHE_BYTES });
  const openMs = performance.now() - t0;
  const times = [];
  for (const d of docs) {
    const X = new CsrMatrix({ indptr: [0, d.indices.length], indices: d.indices, data: d.data, shape: [1, cols] });
    const s = performance.now();
    await model.predict(X);
    times.push(performance.now() - s);
  }
  const stats = model.stats;
  await model.close();
  return { openMs, times, rss: peakRssBytes(), stats };
}

/** Child: the whole coef through hdf5-js over fileSource, or the file's bytes read raw. */
async function fullChild(kind, file) {
  const s = performance.now();
  if (kind === 'raw') {
    const fd = openSync(file, 'r');
    const out = new Uint8Array(fstatSync(fd).size);
    for (let at = 0; at < out.length; ) at += readSync(fd, out, at, Math.min(64 * MIB, out.length - at), at);
    closeSync(fd);
  } else {
    const { hdf5Js, fileSource } = await import('@icepickle/hdf5-js');
    const f = await hdf5Js().open(await fileSource(file));
    const coef = await f.read('/coef');
    if (coef.data.length !== coef.shape[0] * coef.shape[1]) throw new Error('short read');
    await f.close();
  }
  return { ms: performance.now() - s, rss: peakRssBytes() };
}

function runChild(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return resolve({ error: (err || `exit ${code}`).trim().split('\n').slice(-3).join(' ') });
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Cloudflare's memory limit for one Worker isolate. */
const ISOLATE_LIMIT = 128 * MIB;
const failed = (name, unit, error) => ({ name, ours: null, anchor: null, unit, ratio: null, note: `failed: ${error}` });

async function lazyRows(file, docsPath, tag) {
  const node = await serveRanges(outDir);
  const nginx = await serveNginx(outDir);
  try {
    // a first, unmeasured pass brings the chunks the reviews touch into the page cache: measured cold,
    // the anchor paid the disk and the sources after it did not, so the ratio swung with the cache's state
    await runChild(['lazy', 'native', file, docsPath]);
    const native = await runChild(['lazy', 'native', file, docsPath]);
    if (native.error) return [failed(`lazy predict, hdf5-node, column-chunked (${tag})`, 'ms/doc', native.error)];
    const model = basename(file);
    const servers = [...(nginx ? [[nginx.url, nginx.version]] : []), [node.url, 'Node range server']];
    const configs = [['file', file, 'fileSource']];
    for (const [url, server] of servers) {
      configs.push(['http', `${url}${model}`, `httpSource on localhost (${server})`]);
      configs.push(['http-multi', `${url}${model}`, `httpSource multiRange on localhost (${server})`]);
    }
    const rows = [];
    if (!nginx)
      rows.push(
        failed(
          'lazy predict, hdf5-js httpSource on localhost (nginx)',
          'ms/doc',
          'skipped: nginx is not installed (apt-get install nginx-light)',
        ),
      );
    for (const [kind, where, label] of configs) {
      const name = `lazy predict, hdf5-js ${label}, column-chunked (${tag})`;
      const r = await runChild(['lazy', kind, where, docsPath]);
      if (r.error) {
        rows.push(failed(name, 'ms/doc', r.error));
        continue;
      }
      rows.push({
        name,
        ours: mean(r.times),
        anchor: mean(native.times),
        unit: 'ms/doc',
        ratio: mean(r.times) / mean(native.times),
        note: `open ${r.openMs.toFixed(0)} ms (native ${native.openMs.toFixed(0)}); p50 ${percentile(r.times, 50).toFixed(2)} p95 ${percentile(r.times, 95).toFixed(2)} ms; peak RSS ${(r.rss / MIB).toFixed(0)} MiB (native ${(native.rss / MIB).toFixed(0)} MiB); ${(r.stats.bytesRead / MIB).toFixed(0)} MiB of coef read; cache ${CACHE_BYTES / MIB} MiB; load average ${loadavg()[0].toFixed(1)}; anchor: hdf5-node, warm page cache`,
      });
    }
    return rows;
  } finally {
    await node.close();
    await nginx?.close();
  }
}

async function fullReadRow(file, tag) {
  const name = `full read of coef, hdf5-js fileSource, contiguous (${tag})`;
  const best = async (kind) => {
    let top;
    for (let i = 0; i < 2; i++) {
      const r = await runChild(['full', kind, file]);
      if (r.error) return r;
      if (!top || r.ms < top.ms) top = r;
    }
    return top;
  };
  const raw = await best('raw');
  const ours = await best('js');
  if (raw.error || ours.error) return failed(name, 'ms', raw.error ?? ours.error);
  return {
    name,
    ours: ours.ms,
    anchor: raw.ms,
    unit: 'ms',
    ratio: ours.ms / raw.ms,
    note: `peak RSS ${(ours.rss / MIB).toFixed(0)} MiB (raw ${(raw.rss / MIB).toFixed(0)} MiB); best of 2, warm page cache; anchor: one read of the whole file into memory`,
  };
}

/** The lazy R2 Worker on the column-chunked model, one review a request: its isolate's peak against 128 MB. */
async function workerRow(file, tag) {
  const name = `lazy R2 Worker (workerd), isolate peak, column-chunked (${tag})`;
  const size = statSync(file).size;
  if (freeDiskBytes(outDir) < size * 1.1)
    return failed(name, 'MiB', `skipped: the bucket needs ${((size * 1.1) / 1e9).toFixed(1)} GB free disk`);
  try {
    const { imdbReviews } = await import('./lib/imdb.mjs');
    const { measureWorkerR2 } = await import('./lib/worker-r2.mjs');
    const texts = imdbReviews()
      .slice(0, 200)
      .map((r) => r.text);
    const r = await measureWorkerR2(file, texts, join(outDir, `worker-r2-${tag}`));
    const p = r.peak;
    return {
      name,
      ours: r.isolate / MIB,
      anchor: ISOLATE_LIMIT / MIB,
      unit: 'MiB',
      ratio: r.isolate / ISOLATE_LIMIT,
      note: `heap ${(p.usedSize / MIB).toFixed(1)} used of ${(p.totalSize / MIB).toFixed(1)} MiB + ArrayBuffers ${(p.backingStorageSize / MIB).toFixed(1)} + embedder ${((p.embedderHeapUsedSize ?? 0) / MIB).toFixed(1)} MiB, ${r.samples} samples; ${mean(r.times).toFixed(0)} ms/doc in miniflare's R2 (first request, with the open, ${r.firstMs.toFixed(0)} ms); put ${(r.putMs / 1000).toFixed(0)} s; load average ${loadavg()[0].toFixed(1)}; anchor: Cloudflare's 128 MB`,
    };
  } catch (error) {
    return failed(name, 'MiB', String(error?.message ?? error));
  }
}

export async function run({
  small = process.env.BENCH_SMALL === '1',
  worker = !process.argv.includes('--no-worker'),
} = {}) {
  // imported here, not at the top: lazy.mjs runs its own child when argv says --child, as ours do
  const { config, generate, hashDocs } = await import('./lazy.mjs');
  const { cols, tag, bytes } = config(small);
  mkdirSync(outDir, { recursive: true });
  const files = {
    contiguous: join(outDir, `lazy-${tag}-contiguous.h5`),
    'column-chunked': join(outDir, `lazy-${tag}-column-chunked.h5`),
  };
  const missing = Object.values(files).filter((f) => !existsSync(f)).length;
  if (freeDiskBytes(outDir) < bytes * 1.1 * missing)
    return [failed(`edge (${tag})`, '', `skipped: needs ${((bytes * missing) / 1e9).toFixed(1)} GB free disk`)];
  for (const [layout, path] of Object.entries(files)) generate(path, cols, layout);
  const docsPath = join(outDir, `lazy-${tag}-docs.json`);
  await hashDocs(cols, docsPath);
  const rows = [...(await lazyRows(files['column-chunked'], docsPath, tag)), await fullReadRow(files.contiguous, tag)];
  if (worker) rows.push(await workerRow(files['column-chunked'], tag));
  return rows;
}

if (process.argv[2] === '--child') {
  const [mode, kind, where, docsPath] = process.argv.slice(3);
  const result = mode === 'lazy' ? await lazyChild(kind, where, docsPath) : await fullChild(kind, where);
  console.log(JSON.stringify(result));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const small = process.argv.includes('--small') || process.env.BENCH_SMALL === '1';
  const rows = await run({ small });
  console.table(
    rows.map((r) => ({ ...r, ours: r.ours?.toFixed(3), anchor: r.anchor?.toFixed(3), ratio: r.ratio?.toFixed(2) })),
  );
}
