#!/usr/bin/env node
/**
 * Streaming writes (issue 8): a 560 × 505,938 float64 coef (2.27 GB) written block by block with
 * createCoefficientWriter, through each backend, each run in its own child process: wall time and the
 * child's peak RSS (the whole process: Node, the addon or the wasm instance, and one block). Row
 * blocks (8 rows, 32 MB) for 'contiguous', column blocks (1,023 columns = 341 chunks, 4.6 MB) for
 * 'column-chunked'. Anchor: h5py writing the same values in the same blocks. The rows compare the
 * writers: each side's time making the values (a scalar loop here, numpy in Python) is left out, and
 * the totals with it are in the note. Each file is spot-checked with h5py, then deleted.
 *
 *   node bench/streaming-write.mjs [--small]     (--small: 560 × 50,000)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeDiskBytes, outDir, python, root, peakRssBytes, PY_PEAK_RSS } from './lib/common.mjs';

const ROWS = 560;
const ROW_BLOCK = 8;
const COL_BLOCK = 1023;
/** Cheap, reproducible values that Python computes the same way (exact in float64). */
const value = (r, c) => ((r * 1_000_003 + c * 7919) % 10007) / 10007 - 0.5;

async function child(backendName, layout, path, cols) {
  const { createCoefficientWriter } = await import('@icepickle/core');
  const backend =
    backendName === 'native'
      ? (await import('@icepickle/hdf5-node')).hdf5Node()
      : (await import('@icepickle/hdf5-wasm')).hdf5Wasm();
  const started = performance.now();
  // making the values is the harness's work (a scalar loop here, numpy's vector operations in Python):
  // it is timed apart, so that the row compares the writers
  let making = 0;
  const writer = await createCoefficientWriter(path, {
    backend,
    estimator: 'SGDClassifier',
    coefShape: [ROWS, cols],
    intercept: new Float64Array(ROWS),
    classes: Array.from({ length: ROWS }, (_, i) => i),
    layout,
  });
  if (layout === 'contiguous' || layout === 'float32') {
    for (let r0 = 0; r0 < ROWS; r0 += ROW_BLOCK) {
      const t = performance.now();
      const h = Math.min(ROW_BLOCK, ROWS - r0);
      const block = new Float64Array(h * cols);
      for (let r = 0; r < h; r++) for (let c = 0; c < cols; c++) block[r * cols + c] = value(r0 + r, c);
      making += performance.now() - t;
      await writer.writeRows(r0, block);
    }
  } else {
    for (let c0 = 0; c0 < cols; c0 += COL_BLOCK) {
      const t = performance.now();
      const w = Math.min(COL_BLOCK, cols - c0);
      const block = new Float64Array(ROWS * w);
      for (let r = 0; r < ROWS; r++) for (let c = 0; c < w; c++) block[r * w + c] = value(r, c0 + c);
      making += performance.now() - t;
      await writer.writeColumns(c0, block);
    }
  }
  await writer.close();
  const total = (performance.now() - started) / 1000;
  const seconds = total - making / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, total, rss: peakRssBytes() })}\n`);
}

function h5pyAnchor(path, cols, layout) {
  return python(`
import h5py, numpy as np, json, time, resource
${PY_PEAK_RSS}
path, rows, cols, layout = ${JSON.stringify(path)}, ${ROWS}, ${cols}, ${JSON.stringify(layout)}
t = time.perf_counter()
making = 0.0
with h5py.File(path, "w") as f:
    if layout == "contiguous":
        ds = f.create_dataset("coef", shape=(rows, cols), dtype="<f8")
        c = np.arange(cols, dtype=np.int64)
        for r0 in range(0, rows, ${ROW_BLOCK}):
            m = time.perf_counter()
            r = np.arange(r0, min(r0 + ${ROW_BLOCK}, rows), dtype=np.int64)[:, None]
            block = ((r * 1000003 + c * 7919) % 10007) / 10007 - 0.5
            making += time.perf_counter() - m
            ds[r0:r0 + len(r)] = block
    else:
        ds = f.create_dataset("coef", shape=(rows, cols), dtype="<f8", chunks=(rows, ${Math.max(1, Math.floor(16384 / (ROWS * 8)))}))
        r = np.arange(rows, dtype=np.int64)[:, None]
        for c0 in range(0, cols, ${COL_BLOCK}):
            m = time.perf_counter()
            c = np.arange(c0, min(c0 + ${COL_BLOCK}, cols), dtype=np.int64)
            block = ((r * 1000003 + c * 7919) % 10007) / 10007 - 0.5
            making += time.perf_counter() - m
            ds[:, c0:c0 + len(c)] = block
total = time.perf_counter() - t
print(json.dumps({"seconds": total - making, "total": total, "rss": peak_rss()}))`);
}

/** h5py reads 2,000 scattered values, the intercept, the classes and our attributes. */
function spotCheck(path, cols) {
  return python(`
import h5py, numpy as np, json
path, rows, cols = ${JSON.stringify(path)}, ${ROWS}, ${cols}
rng = np.random.default_rng(1)
rs, cs = rng.integers(0, rows, 2000), rng.integers(0, cols, 2000)
with h5py.File(path, "r") as f:
    d = f["coef"]
    ok = d.shape == (rows, cols) and all(d[r, c] == ((int(r) * 1000003 + int(c) * 7919) % 10007) / 10007 - 0.5 for r, c in zip(rs, cs))
    ok = ok and d[rows - 1, cols - 1] == (((rows - 1) * 1000003 + (cols - 1) * 7919) % 10007) / 10007 - 0.5
    ok = ok and f["classes"].shape == (rows,) and f["intercept"].shape == (rows,) and f.attrs["n_features_in"] == cols
print(json.dumps({"ok": bool(ok)}))`);
}

function runChild(backend, layout, path, cols) {
  const register = join(root, 'packages', 'test-utils', 'src', 'ts-register.mjs');
  const r = spawnSync(
    process.execPath,
    [
      '--conditions=@icepickle/source',
      '--import',
      register,
      fileURLToPath(import.meta.url),
      '--child',
      backend,
      layout,
      path,
      String(cols),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (r.status !== 0) return { error: (r.stderr || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function run({ small = process.env.BENCH_SMALL === '1' } = {}) {
  const cols = small ? 50_000 : 505_938;
  const tag = small ? 'small' : 'full';
  const bytes = ROWS * cols * 8;
  mkdirSync(outDir, { recursive: true });
  if (freeDiskBytes(outDir) < bytes * 1.5) {
    return [
      {
        name: `streaming write (${tag})`,
        ours: null,
        anchor: null,
        unit: 's',
        ratio: null,
        note: `skipped: needs ${((bytes * 1.5) / 1e9).toFixed(1)} GB free disk in bench/out`,
      },
    ];
  }
  const rows = [];
  for (const layout of ['contiguous', 'column-chunked']) {
    const anchorPath = join(outDir, `stream-${tag}-h5py-${layout}.h5`);
    process.stderr.write(`  h5py + ${layout}…\n`);
    const anchor = h5pyAnchor(anchorPath, cols, layout);
    rmSync(anchorPath, { force: true });
    for (const backend of ['native', 'wasm']) {
      const path = join(outDir, `stream-${tag}-${backend}-${layout}.h5`);
      process.stderr.write(`  ${backend} + ${layout}: ${(bytes / 1e9).toFixed(2)} GB…\n`);
      const r = runChild(backend, layout, path, cols);
      const name = `streaming write, ${backend}, ${layout} (${tag})`;
      if (r.error) {
        rows.push({ name, ours: null, anchor: null, unit: 's', ratio: null, note: `failed: ${r.error}` });
        rmSync(path, { force: true });
        continue;
      }
      const size = statSync(path).size;
      const check = spotCheck(path, cols);
      rmSync(path, { force: true });
      rows.push({
        name,
        ours: r.seconds,
        anchor: anchor.seconds,
        unit: 's',
        ratio: r.seconds / anchor.seconds,
        note: `writer time (making the values apart); with it ${r.total.toFixed(2)} vs ${anchor.total.toFixed(2)} s; peak RSS ${(r.rss / 2 ** 20).toFixed(0)} MiB (h5py ${(anchor.rss / 2 ** 20).toFixed(0)} MiB), file ${(size / 1e9).toFixed(2)} GB, h5py spot check ${check.ok ? 'ok' : 'FAILED'}`,
      });
    }
  }
  return rows;
}

if (process.argv[2] === '--child') {
  const [, , , backend, layout, path, cols] = process.argv;
  await child(backend, layout, path, Number(cols));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const small = process.argv.includes('--small') || process.env.BENCH_SMALL === '1';
  for (const row of await run({ small })) console.log(JSON.stringify(row));
}
