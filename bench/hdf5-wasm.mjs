#!/usr/bin/env node
/**
 * hdf5-wasm reads against h5py, side by side in one run, on a 200 × 50,000 float64 coef (80 MB),
 * stored twice as h5py writes it: contiguous, and chunked (200 × 1024) + gzip:
 *   - whole dataset; 10 rows; 300 scattered columns (unsorted, as a hashed document's features).
 * Opening a small model many times (the serving path) is bench/cold-open.mjs, for every backend.
 * Values are checked to agree with h5py's (a checksum of what each side read).
 *
 *   pnpm --filter @icepickle/hdf5-wasm build && node bench/hdf5-wasm.mjs
 *
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outDir, python } from './lib/common.mjs';

const ROWS = 200;
const COLS = 50_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function generate(path) {
  if (existsSync(path)) return;
  python(`
import h5py, numpy as np
x = np.random.default_rng(0).standard_normal((${ROWS}, ${COLS}))
with h5py.File(${JSON.stringify(`${path}.tmp`)}, "w") as f:
    f.create_dataset("contiguous", data=x)
    f.create_dataset("chunked", data=x, chunks=(${ROWS}, 1024), compression="gzip")
print("{}")`);
  renameSync(`${path}.tmp`, path);
}

function columns() {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: 300 }, () => Math.floor(next() * COLS));
}

const sum = (data) => {
  let t = 0;
  for (let i = 0; i < data.length; i++) t += data[i];
  return t;
};

async function best(fn) {
  let min = Infinity;
  let value;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = await fn();
    min = Math.min(min, performance.now() - t);
  }
  return { ms: min, value };
}

export async function run() {
  const { hdf5Wasm } = await import('@icepickle/hdf5-wasm');
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `hdf5-wasm-${ROWS}x${COLS}.h5`);
  generate(path);
  const cols = columns();

  const py = python(
    `
import h5py, json, sys, time
import numpy as np
args = json.load(sys.stdin)
cols = np.array(args["cols"])
out = {}
def best(fn):
    times, value = [], None
    for _ in range(${RUNS}):
        t = time.perf_counter(); value = fn(); times.append((time.perf_counter() - t) * 1000)
    return {"ms": min(times), "sum": float(np.sum(value))}
with h5py.File(args["path"], "r") as f:
    for name in ["contiguous", "chunked"]:
        d = f[name]
        out[name + " whole"] = best(lambda: d[()])
        out[name + " 10 rows"] = best(lambda: d[10:20])
        # h5py needs sorted unique indices; undoing the order is part of the job
        order, inverse = np.unique(cols, return_inverse=True)
        out[name + " 300 columns"] = best(lambda: d[:, order][:, inverse])
print(json.dumps(out))`,
    { path, cols },
  );

  const backend = hdf5Wasm();
  const file = await backend.open(path);
  const ours = {};
  for (const name of ['contiguous', 'chunked']) {
    ours[`${name} whole`] = await best(async () => (await file.read(`/${name}`)).data);
    ours[`${name} 10 rows`] = await best(async () => (await file.read(`/${name}`, { rows: [10, 20] })).data);
    ours[`${name} 300 columns`] = await best(async () => (await file.read(`/${name}`, { cols })).data);
  }
  await file.close();

  return Object.keys(py).map((key) => {
    const o = ours[key];
    const a = py[key];
    const agree = Math.abs(sum(o.value) - a.sum) <= 1e-9 * Math.max(1, Math.abs(a.sum));
    return {
      name: `hdf5-wasm vs h5py: ${key}`,
      ours: o.ms,
      anchor: a.ms,
      unit: 'ms',
      ratio: o.ms / a.ms,
      note: agree ? 'same values' : 'VALUES DIFFER',
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await run();
  const pad = (s, n) => String(s).padEnd(n);
  console.log(`${pad('benchmark', 58)} ${pad('hdf5-wasm', 10)} ${pad('h5py', 10)} ${pad('ratio', 7)} note`);
  for (const r of rows)
    console.log(
      `${pad(r.name, 58)} ${pad(`${r.ours.toFixed(1)} ms`, 10)} ${pad(`${r.anchor.toFixed(1)} ms`, 10)} ${pad(r.ratio.toFixed(2), 7)} ${r.note}`,
    );
}
