#!/usr/bin/env node
/**
 * The native HDF5 backend (issue 5) against the anchors, side by side in one run, on a coef of
 * 560 × 505,938 float64 (2.27 GB, the blog's model), contiguous as h5py writes it:
 *   - full read: hdf5-node vs a raw chunked fs read of the same bytes vs h5py vs hdf5-wasm, with the
 *     peak RSS of each (every measurement in its own child process);
 *   - 300 scattered columns: hdf5-node (sieve buffer 0, the default) vs h5py ds[:, cols] (and
 *     hdf5-node with HDF5's default 64 KiB sieve, for reference);
 *   - write: hdf5-node (atomic: temp file, fsync, rename) vs h5py create_dataset (+ fsync).
 *
 *   pnpm bench     (all benchmarks, after a build)     node bench/hdf5-native.mjs [--small]
 *
 * --small (or BENCH_SMALL=1) uses 560 × 50,000 (224 MB) for development. The data file is generated
 * once into bench/out/ with h5py. The full size is skipped, with a message, when disk or memory is
 * short. Needs `pnpm build` (imports the packages' dist) and /usr/bin/python3 with h5py.
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeDiskBytes, freeMemoryBytes, outDir, PYTHON, python, peakRssBytes, PY_PEAK_RSS } from './lib/common.mjs';

const ROWS = 560;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCATTERED = 300;
const COLUMN_SETS = 10;

function config(small) {
  const cols = small ? 50_000 : 505_938;
  return { cols, tag: small ? 'small' : 'full', bytes: ROWS * cols * 8 };
}

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function generate(path, cols) {
  if (existsSync(path)) return;
  python(`
import h5py, numpy as np, os
path, rows, cols = ${JSON.stringify(path)}, ${ROWS}, ${cols}
with h5py.File(path + ".tmp", "w") as f:
    ds = f.create_dataset("coef", shape=(rows, cols), dtype="<f8")  # contiguous, as h5py writes
    for r in range(0, rows, 16):
        ds[r:r + 16] = np.random.default_rng(r).standard_normal((min(16, rows - r), cols))
os.replace(path + ".tmp", path)
print("{}")`);
}

/** Column sets: deterministic, ~uniform over the columns, unsorted (as a hashed document's). */
function columnSets(cols) {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: COLUMN_SETS }, () => [
    ...new Set(Array.from({ length: SCATTERED }, () => Math.floor(next() * cols))),
  ]);
}

// ---- children: one measurement each, so peak RSS is the measurement's own ------------------------

async function child(kind, file, extra) {
  const times = [];
  let check = 0;
  const rssOf = () => peakRssBytes();
  if (kind === 'native-full' || kind === 'wasm-full') {
    const backend =
      kind === 'native-full'
        ? (await import('@icepickle/hdf5-node')).hdf5Node()
        : (await import('@icepickle/hdf5-wasm')).hdf5Wasm();
    for (let i = 0; i < RUNS; i++) {
      globalThis.gc?.(); // peak RSS then measures one read, not several awaiting collection
      let f;
      let got;
      let t;
      try {
        f = await backend.open(file);
        t = performance.now();
        got = await f.read('/coef');
      } catch (error) {
        await f?.close();
        return { error: `${error.code ?? error.name ?? ''} ${String(error.message).split('\n')[0].slice(0, 160)}` };
      }
      times.push(performance.now() - t);
      check = got.data[got.data.length - 1];
      await f.close();
    }
  } else if (kind === 'raw-full') {
    const { offset, bytes } = JSON.parse(extra);
    for (let i = 0; i < RUNS; i++) {
      globalThis.gc?.();
      const t = performance.now();
      const out = new Float64Array(bytes / 8);
      const view = new Uint8Array(out.buffer);
      const fd = openSync(file, 'r');
      const step = 64 * 2 ** 20;
      for (let at = 0; at < bytes; at += step) readSync(fd, view, at, Math.min(step, bytes - at), offset + at);
      closeSync(fd);
      times.push(performance.now() - t);
      check = out[out.length - 1];
    }
  } else if (kind === 'native-cols' || kind === 'native-cols-sieve') {
    const { hdf5Node } = await import('@icepickle/hdf5-node');
    const sets = JSON.parse(extra);
    const backend = hdf5Node(kind === 'native-cols-sieve' ? { sieveBufferBytes: 64 * 1024 } : {});
    const f = await backend.open(file);
    for (const cols of sets) {
      const t = performance.now();
      const got = await f.read('/coef', { cols });
      times.push(performance.now() - t);
      check += got.data[0];
    }
    await f.close();
  } else if (kind === 'native-write') {
    const { hdf5Node } = await import('@icepickle/hdf5-node');
    const backend = hdf5Node();
    const src = await backend.open(file);
    const array = await src.read('/coef');
    await src.close();
    const target = join(outDir, 'hdf5-native-write-node.h5');
    for (let i = 0; i < RUNS; i++) {
      rmSync(target, { force: true });
      const t = performance.now();
      await backend.write(target, { datasets: [{ path: '/coef', array }] });
      times.push(performance.now() - t);
    }
    rmSync(target, { force: true });
    check = array.data[0];
  }
  return { times, rss: rssOf(), check };
}

function runChild(kind, file, extra = '') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', kind, file, extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) return { error: `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/** The Python side: h5py reading / writing the same file (argv: kind, path, runs, extra). */
const H5PY = String.raw`
import h5py, numpy as np, json, os, resource, sys, time
${PY_PEAK_RSS}
kind, path, runs, extra = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
times = []
check = 0.0
if kind == "full":
    for _ in range(runs):
        with h5py.File(path, "r") as f:
            t = time.perf_counter(); a = f["coef"][()]; times.append((time.perf_counter() - t) * 1000)  # numpy frees at del
            check = float(a[-1, -1]); del a
elif kind == "cols":
    sets = json.loads(extra)
    with h5py.File(path, "r") as f:
        ds = f["coef"]
        for cols in sets:
            t = time.perf_counter()
            order = np.argsort(cols)
            part = ds[:, np.asarray(cols)[order]]  # h5py needs increasing indices
            out = np.empty_like(part); out[:, order] = part
            times.append((time.perf_counter() - t) * 1000)
            check += float(out[0, 0])
elif kind == "write":
    with h5py.File(path, "r") as f:
        a = f["coef"][()]
    target = os.path.join(os.path.dirname(path), "hdf5-native-write-h5py.h5")
    for _ in range(runs):
        if os.path.exists(target): os.remove(target)
        t = time.perf_counter()
        with h5py.File(target, "w") as g:
            g.create_dataset("coef", data=a)
        fd = os.open(target, os.O_RDONLY); os.fsync(fd); os.close(fd)
        times.append((time.perf_counter() - t) * 1000)
    os.remove(target)
print(json.dumps({"times": times, "rss": peak_rss(), "check": check}))`;

function pyRun(kind, file, extra = '') {
  const r = spawnSync(PYTHON, ['-c', H5PY, kind, file, String(RUNS), extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').at(-1) };
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const best = (times) => Math.min(...times);
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

export async function run({ small = process.argv.includes('--small') || process.env.BENCH_SMALL === '1' } = {}) {
  let cfg = config(small);
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  const needDisk = cfg.bytes * 3.2;
  const needMemory = cfg.bytes * 2.5;
  if (!small && (freeDiskBytes(outDir) < needDisk || freeMemoryBytes() < needMemory)) {
    console.log(
      `hdf5-native: skipping the 2.27 GB case: needs ~${mb(needDisk)} free disk (have ${mb(freeDiskBytes(outDir))}) and ~${mb(needMemory)} free memory (have ${mb(freeMemoryBytes())}); running --small instead`,
    );
    cfg = config(true);
  }
  const file = join(outDir, `hdf5-native-${cfg.tag}.h5`);
  generate(file, cfg.cols);
  const { offset } = python(
    `import h5py, json\nf = h5py.File(${JSON.stringify(file)}, "r")\nprint(json.dumps({"offset": f["coef"].id.get_offset()}))`,
  );
  const label = `${ROWS}×${cfg.cols.toLocaleString('en-US')} float64 (${mb(cfg.bytes)})`;

  // Full read.
  // ours and the raw read alternate (two children each), so a drift of the machine's state (page
  // cache, memory) during the suite does not fall on one side only
  const merge = (a, b) =>
    a.error ? a : b.error ? b : { times: [...a.times, ...b.times], rss: Math.max(a.rss, b.rss), check: a.check };
  const rawExtra = JSON.stringify({ offset, bytes: cfg.bytes });
  // each side starts from a warm page cache (this VM's cache drops part of a 2 GB file between runs)
  const warm = () => spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
  warm();
  const native1 = runChild('native-full', file);
  warm();
  const raw1 = runChild('raw-full', file, rawExtra);
  warm();
  const native = merge(native1, runChild('native-full', file));
  warm();
  const raw = merge(raw1, runChild('raw-full', file, rawExtra));
  const py = pyRun('full', file);
  const wasm = runChild('wasm-full', file);
  for (const [name, r] of [
    ['hdf5-node', native],
    ['raw fs read', raw],
    ['h5py', py],
    ['hdf5-wasm', wasm],
  ]) {
    if (r.error) console.log(`  ${name}: ${r.error}`);
  }
  if (!native.error && !raw.error) {
    rows.push({
      name: `full read ${label}: hdf5-node vs raw chunked fs read`,
      ours: best(native.times),
      anchor: best(raw.times),
      unit: 'ms',
      ratio: best(native.times) / best(raw.times),
      note: `peak RSS ${mb(native.rss)} vs ${mb(raw.rss)} (data ${mb(cfg.bytes)}); goal ≤ 1.1×`,
    });
  }
  if (!native.error && !py.error) {
    rows.push({
      name: `full read ${label}: hdf5-node vs h5py`,
      ours: best(native.times),
      anchor: best(py.times),
      unit: 'ms',
      ratio: best(native.times) / best(py.times),
      note: `peak RSS ${mb(native.rss)} vs h5py ${mb(py.rss)}`,
    });
  }
  rows.push(
    wasm.error
      ? {
          name: `full read ${label}: hdf5-wasm vs hdf5-node`,
          ours: NaN,
          anchor: native.error ? NaN : best(native.times),
          unit: 'ms',
          ratio: NaN,
          note: `hdf5-wasm: ${wasm.error}`,
        }
      : {
          name: `full read ${label}: hdf5-wasm vs hdf5-node`,
          ours: best(wasm.times),
          anchor: best(native.times),
          unit: 'ms',
          ratio: best(wasm.times) / best(native.times),
          note: `peak RSS ${mb(wasm.rss)} vs ${mb(native.rss)}`,
        },
  );

  // Scattered columns.
  const sets = columnSets(cfg.cols);
  const colsNative = runChild('native-cols', file, JSON.stringify(sets));
  const colsSieve = runChild('native-cols-sieve', file, JSON.stringify(sets));
  const colsPy = pyRun('cols', file, JSON.stringify(sets));
  if (!colsNative.error && !colsPy.error) {
    rows.push({
      name: `${SCATTERED} scattered columns (all ${ROWS} rows): hdf5-node vs h5py`,
      ours: median(colsNative.times),
      anchor: median(colsPy.times),
      unit: 'ms',
      ratio: median(colsNative.times) / median(colsPy.times),
      note: `median of ${COLUMN_SETS} column sets; hdf5-node with HDF5's default 64 KiB sieve: ${colsSieve.error ? colsSieve.error : `${median(colsSieve.times).toFixed(1)} ms`}; goal ≤ h5py`,
    });
  } else console.log(`  columns: ${colsNative.error ?? ''} ${colsPy.error ?? ''}`);

  // Write.
  const wNative = runChild('native-write', file);
  const wPy = pyRun('write', file);
  if (!wNative.error && !wPy.error) {
    rows.push({
      name: `write ${label}: hdf5-node (atomic: temp + fsync + rename) vs h5py (+ fsync)`,
      ours: best(wNative.times),
      anchor: best(wPy.times),
      unit: 'ms',
      ratio: best(wNative.times) / best(wPy.times),
      note: 'goal ≤ h5py',
    });
  } else console.log(`  write: ${wNative.error ?? ''} ${wPy.error ?? ''}`);
  return rows;
}

function print(rows) {
  console.log('\nhdf5-native benchmark');
  const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
  for (const r of rows) {
    console.log(
      `  ${r.name}\n    ours ${fmt(r.ours)} ${r.unit}, anchor ${fmt(r.anchor)} ${r.unit}, ratio ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : 'n/a'}×  (${r.note})`,
    );
  }
}

if (process.argv[2] === '--child') {
  const [, , , kind, file, extra] = process.argv;
  console.log(JSON.stringify(await child(kind, file, extra)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  print(await run());
}
