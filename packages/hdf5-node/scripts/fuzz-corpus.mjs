#!/usr/bin/env node
// Crash-safety corpus for the native backend: mutates real model files (truncations, bit flips, byte
// runs, splices, garbage behind a valid signature) and opens / lists / reads each one through
// hdf5Node() (hdf5-js describes first, then libhdf5 opens what it accepted) in a child process, so a
// crash inside libhdf5 is recorded as a failure instead of killing the runner. The children run the
// TypeScript sources (test-utils' ts-register.mjs), as `pnpm fuzz` does.
//
//   node scripts/fuzz-corpus.mjs [--cases 200] [--seed 1] [--timeout 5000] [--json] [--keep DIR] [--base DIR]
//
// Exit 0 when every case ended in success or a typed error; 1 on any crash, hang or untyped error.
// The test suite runs 200 cases; run 10,000+ by hand (`pnpm --filter @icepickle/hdf5-node fuzz --cases 10000`).
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageRoot, '..', '..');
const tsRegister = join(repoRoot, 'packages', 'test-utils', 'src', 'ts-register.mjs');
const CODES = new Set([
  'NOT_SUPPORTED',
  'INVALID_SHAPE',
  'CLOSED',
  'NOT_HDF5',
  'READ_FAILED',
  'LIMIT_EXCEEDED',
  'UNSAFE_FILE',
  'UNSUPPORTED_FILTER',
  'INVALID_DTYPE',
  'MISSING_DATASET',
  'INVALID_INPUT',
]);
/** Reads larger than this are skipped (core's strict profile refuses them before any read). */
const MAX_READ_BYTES = 64 << 20;

function args() {
  const out = {
    start: 0,
    cases: 200,
    seed: 1,
    timeout: 5000,
    json: false,
    keep: undefined,
    child: false,
    binding: undefined,
    base: undefined,
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cases') out.cases = Number(argv[++i]);
    else if (a === '--seed') out.seed = Number(argv[++i]);
    else if (a === '--timeout') out.timeout = Number(argv[++i]);
    else if (a === '--keep') out.keep = argv[++i];
    else if (a === '--binding') out.binding = argv[++i];
    else if (a === '--base') out.base = argv[++i];
    else if (a === '--start') out.start = Number(argv[++i]);
    else if (a === '--json') out.json = true;
    else if (a === '--child') out.child = true;
    else if (a === '--inline') out.inline = true;
  }
  return out;
}

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function baseFiles(binding, extraDir) {
  const dir = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'sklearn', 'models');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.h5'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  // --base DIR: more starting files (e.g. test/fixtures/make-cases.py's output: every dtype, layout, link kind).
  if (extraDir)
    for (const f of readdirSync(extraDir)
      .filter((n) => n.endsWith('.h5'))
      .sort())
      files.push(new Uint8Array(readFileSync(join(extraDir, f))));
  // Our own writer's layouts too: chunked + gzip + shuffle, strings, attributes, nested groups.
  const coef = new Float64Array(3 * 40).map((_, i) => i / 3);
  files.push(
    await binding.write(null, {
      attrs: { format: 'icepickle', version: 1, params: '{"alpha":0.0001}' },
      groups: [{ path: '/models/a', attrs: { estimator: 'SGDClassifier' } }],
      datasets: [
        {
          path: '/models/a/coef',
          dtype: 'float64',
          shape: [3, 40],
          data: coef,
          chunks: [3, 8],
          gzip: 4,
          shuffle: true,
          attrs: { k: 1 },
        },
        { path: '/models/a/classes', dtype: 'utf8', shape: [3], data: ['x', 'y', 'z'] },
        { path: '/models/a/intercept', dtype: 'float64', shape: [3], data: new Float64Array([1, 2, 3]) },
      ],
    }),
  );
  return files.map((b) => new Uint8Array(b));
}

/** One mutated file per case, deterministic in (seed, index). */
function mutate(files, seed, index) {
  const r = rng(seed * 1_000_003 + index);
  const pick = (n) => Math.floor(r() * n);
  const base = files[pick(files.length)];
  const kind = ['truncate', 'bitflip', 'bitflip', 'bitflip', 'bytes', 'splice', 'garbage', 'zero'][pick(8)];
  let out = new Uint8Array(base);
  switch (kind) {
    case 'truncate':
      out = out.slice(0, pick(out.length));
      break;
    case 'bitflip': {
      const flips = 1 + pick(8);
      for (let k = 0; k < flips; k++) out[pick(out.length)] ^= 1 << pick(8);
      break;
    }
    case 'bytes': {
      const at = pick(out.length);
      const n = 1 + pick(16);
      for (let k = 0; k < n && at + k < out.length; k++) out[at + k] = pick(256);
      break;
    }
    case 'splice': {
      const other = files[pick(files.length)];
      const cut = pick(Math.min(out.length, other.length));
      out = new Uint8Array([...out.slice(0, cut), ...other.slice(cut)]);
      break;
    }
    case 'garbage': {
      const n = 8 + pick(4096);
      out = new Uint8Array(n).map(() => pick(256));
      out.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 0);
      if (r() < 0.5) out.set(base.slice(8, Math.min(n, 96)), 8); // a real superblock, garbage after
      break;
    }
    case 'zero': {
      const at = pick(out.length);
      out.fill(0, at, at + 1 + pick(64));
      break;
    }
  }
  return { kind, bytes: out };
}

/** What hdf5Node() does with a file: open, list, then read every dataset it would read. */
async function exercise(backend, bytes) {
  let file;
  try {
    file = await backend.open(bytes);
  } catch (error) {
    return outcome(error);
  }
  try {
    for (const node of file.list()) {
      if (node.kind !== 'dataset' || node.dtype === 'other' || node.external || node.layout === 'virtual') continue;
      const n = node.shape.reduce((a, b) => a * b, 1);
      if (n * Math.max(node.itemSize, 1) > MAX_READ_BYTES) continue;
      try {
        await file.read(node.path);
        if (node.shape.length === 2 && node.shape[1] > 0) await file.read(node.path, { cols: [node.shape[1] - 1, 0] });
      } catch (error) {
        const o = outcome(error);
        if (o.startsWith('untyped')) return o;
      }
    }
    return 'ok';
  } finally {
    await file.close();
  }
}

/** The backend under test, from its TypeScript sources (the child runs under ts-register.mjs). */
async function nativeBackend(opts) {
  const { hdf5Node } = await import('@icepickle/hdf5-node');
  return hdf5Node(opts.binding ? { bindingPath: opts.binding } : {});
}

function outcome(error) {
  return error && CODES.has(error.code) ? `error:${error.code}` : `untyped:${error?.message ?? error}`;
}

async function child(opts) {
  const require = createRequire(import.meta.url);
  const binding = require(opts.binding ?? join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node'));
  const files = await baseFiles(binding, opts.base);
  const backend = await nativeBackend(opts);
  process.on('message', async ({ index }) => {
    const { kind, bytes } = mutate(files, opts.seed, index);
    process.send({ index, kind, status: 'start' });
    const result = await exercise(backend, bytes);
    process.send({ index, kind, status: 'done', result });
  });
  process.send({ status: 'ready' });
}

async function parent(opts) {
  const results = [];
  let next = opts.start;
  const failures = [];
  const started = Date.now();
  while (next < opts.cases) {
    await new Promise((resolveRun) => {
      const proc = fork(
        fileURLToPath(import.meta.url),
        [
          '--child',
          '--seed',
          String(opts.seed),
          ...(opts.binding ? ['--binding', opts.binding] : []),
          ...(opts.base ? ['--base', opts.base] : []),
        ],
        {
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          execArgv: ['--conditions=@icepickle/source', '--import', tsRegister],
        },
      );
      let current = null;
      let timer = null;
      let stderr = '';
      proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          failures.push({ index: current.index, kind: current.kind, result: `hang (> ${opts.timeout} ms)` });
          results.push('hang');
          next = current.index + 1;
          proc.kill('SIGKILL');
        }, opts.timeout);
      };
      const send = () => {
        if (next >= opts.cases) {
          proc.kill();
          return;
        }
        current = { index: next, kind: '?' };
        arm();
        proc.send({ index: next });
      };
      proc.on('message', (m) => {
        if (m.status === 'ready') return send();
        if (m.status === 'start') {
          current = { index: m.index, kind: m.kind };
          return;
        }
        clearTimeout(timer);
        results.push(m.result);
        if (m.result.startsWith('untyped')) failures.push({ index: m.index, kind: m.kind, result: m.result });
        next = m.index + 1;
        send();
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (current && next === current.index && (signal || code)) {
          // Died while working on `current`: a crash inside the addon or libhdf5.
          failures.push({
            index: current.index,
            kind: current.kind,
            result: `crash (${signal ?? `exit ${code}`})`,
            stderr: stderr.slice(-500),
          });
          results.push('crash');
          next = current.index + 1;
        }
        resolveRun();
      });
    });
  }
  const counts = {};
  for (const r of results) {
    const key = r.startsWith('untyped') ? 'untyped' : r;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  if (opts.keep) {
    mkdirSync(opts.keep, { recursive: true });
    const require = createRequire(import.meta.url);
    const binding = require(opts.binding ?? join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node'));
    const files = await baseFiles(binding, opts.base);
    for (const f of failures)
      writeFileSync(join(opts.keep, `case-${opts.seed}-${f.index}.h5`), mutate(files, opts.seed, f.index).bytes);
  }
  const summary = { cases: opts.cases, seed: opts.seed, seconds: (Date.now() - started) / 1000, counts, failures };
  if (opts.json) console.log(JSON.stringify(summary));
  else {
    console.log(`hdf5-node crash corpus: ${opts.cases} cases (seed ${opts.seed}) in ${summary.seconds.toFixed(1)} s`);
    for (const [k, v] of Object.entries(counts).sort()) console.log(`  ${k.padEnd(28)} ${v}`);
    for (const f of failures) console.log(`  FAILED case ${f.index} (${f.kind}): ${f.result}`);
  }
  process.exitCode = failures.length ? 1 : 0;
}

/** --inline: every case in this process, in order (for a debugger: a crash stops at its case). */
async function inline(opts) {
  const require = createRequire(import.meta.url);
  const binding = require(opts.binding ?? join(packageRoot, 'build', 'Release', 'icepickle_hdf5.node'));
  const files = await baseFiles(binding, opts.base);
  const backend = await nativeBackend(opts);
  for (let index = opts.start; index < opts.cases; index++) {
    const { kind, bytes } = mutate(files, opts.seed, index);
    process.stderr.write(`case ${index} (${kind})\n`);
    console.log(`case ${index}: ${await exercise(backend, bytes)}`);
  }
}

const opts = args();
if (opts.inline) await inline(opts);
else if (opts.child) await child(opts);
else await parent(opts);
