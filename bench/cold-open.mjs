#!/usr/bin/env node
/**
 * The serverless cold path (issue 17): a Worker may open a model per request. A small model
 * (logreg_breast_cancer.h5, 2.3 KB) is opened, its root attributes read, its nodes listed, every
 * dataset read and the file closed, 200 times; h5py does the same in the same run. Each backend:
 *   - hdf5-js over a path (fileSource: positional reads);
 *   - hdf5-js over bytes (bytesSource; the file is read from disk inside the timing);
 *   - hdf5-wasm over a path (the whole file read into memory, described by hdf5-js);
 *   - loadCoefficients(LogisticRegression, path, { backend: hdf5Js() }): the whole load a request makes
 *     (open, strict profile, parameter checks, coef / intercept / classes read and checked).
 *
 *   pnpm exec turbo run build && node bench/cold-open.mjs      (pnpm bench runs it with the others)
 *
 * Exports run() → rows { name, ours, anchor, unit, ratio, note } for bench/run.mjs.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { python, root } from './lib/common.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const OPENS = 200;
const SMALL = join(root, 'packages', 'test-utils', 'fixtures', 'sklearn', 'models', 'logreg_breast_cancer.h5');

/**
 * Milliseconds for OPENS calls of `once`, after a few unmeasured ones: the row that follows h5py's
 * process would otherwise pay for waking the thread pool and the caches up.
 */
async function timed(once) {
  for (let i = 0; i < OPENS / 10; i++) await once();
  const t = performance.now();
  for (let i = 0; i < OPENS; i++) await once();
  return performance.now() - t;
}

/** Open, root attributes, list, read every dataset, close: the workload of h5py's row. */
async function openAndRead(backend, source) {
  const f = await backend.open(source);
  f.attrs('/');
  for (const node of f.list()) if (node.kind === 'dataset') await f.read(node.path);
  await f.close();
}

/** h5py's milliseconds for the same OPENS opens, after as many unmeasured ones (as ours are warmed up). */
function h5pyMs() {
  return python(
    `
import h5py, json, sys, time
args = json.load(sys.stdin)
def opens():
    for _ in range(${OPENS}):
        with h5py.File(args["small"], "r") as g:
            dict(g.attrs); [g[k][()] for k in g]
opens()
t = time.perf_counter(); opens()
print(json.dumps((time.perf_counter() - t) * 1000))`,
    { small: SMALL },
  );
}

export async function run() {
  const { bytesSource, hdf5Js } = await import('@icepickle/hdf5-js');
  const { hdf5Wasm } = await import('@icepickle/hdf5-wasm');
  const { LogisticRegression, loadCoefficients } = await import('@icepickle/core');
  const js = hdf5Js();
  const wasm = hdf5Wasm();
  const ours = {
    'hdf5-js, path (fileSource)': () => openAndRead(js, SMALL),
    'hdf5-js, bytes read from disk (bytesSource)': async () => openAndRead(js, bytesSource(await readFile(SMALL))),
    'hdf5-wasm, path': () => openAndRead(wasm, SMALL),
    'loadCoefficients(LogisticRegression) on hdf5-js, path': () =>
      loadCoefficients(new LogisticRegression(), SMALL, { backend: js }),
  };
  const what = (name) =>
    name.startsWith('load')
      ? 'open, strict profile, coef/intercept/classes read and checked'
      : 'attrs, list, every dataset';
  // runs interleave h5py and every row, so a load that changes on a shared machine hits them alike
  const names = Object.keys(ours);
  const bestOf = Object.fromEntries(names.map((n) => [n, Infinity]));
  let anchor = Infinity;
  for (const once of Object.values(ours)) await timed(once); // warm-up
  for (let r = 0; r < RUNS; r++) {
    anchor = Math.min(anchor, h5pyMs());
    for (const name of names) bestOf[name] = Math.min(bestOf[name], await timed(ours[name]));
  }
  const rows = names.map((name) => ({
    name: `open small model (×${OPENS}): ${name} vs h5py`,
    ours: bestOf[name],
    anchor,
    unit: 'ms',
    ratio: bestOf[name] / anchor,
    note: `${what(name)}; best of ${RUNS}, interleaved with h5py; load average ${loadavg()[0].toFixed(1)}`,
  }));
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await run();
  const pad = (s, n) => String(s).padEnd(n);
  console.log(`${pad('benchmark', 92)} ${pad('ours', 10)} ${pad('h5py', 10)} ratio`);
  for (const r of rows)
    console.log(
      `${pad(r.name, 92)} ${pad(`${r.ours.toFixed(1)} ms`, 10)} ${pad(`${r.anchor.toFixed(1)} ms`, 10)} ${r.ratio.toFixed(2)}`,
    );
}
