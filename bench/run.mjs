#!/usr/bin/env node
/**
 * `pnpm bench`: every benchmark of the repository in one run, side by side with its anchor
 * (scikit-learn, h5py, a raw file read), one table of figures and ratios, written to bench/RESULTS.md
 * with the machine, the versions and the date.
 *
 *   pnpm bench                 all suites (the big-model ones generate 2.27 GB files once, in bench/out/)
 *   pnpm bench -- --only hashing,training
 *   pnpm bench -- --small      smaller big-model sizes, for development
 *
 * Each suite is a module with `run(options) → rows { name, ours, anchor, unit, ratio, note }`.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { python, root } from './lib/common.mjs';

const SUITES = [
  ['hashing', 'HashingVectorizer (issue 4)'],
  ['vectorizers', 'CountVectorizer and TfidfVectorizer (issue 16)'],
  ['pipeline', 'Pipelines from Python served by loadPipeline (issue 16)'],
  ['training', 'SGD training and prediction (issue 3)'],
  ['logistic', 'LogisticRegression lbfgs (issue 3)'],
  ['preprocessing', 'StandardScaler + LogisticRegression predict (issue 16)'],
  ['search', 'Checkpointed grid search (issue 9)'],
  ['hdf5-native', 'Native HDF5 reads and writes (issue 5)'],
  ['hdf5-wasm', 'hdf5-wasm reads vs h5py (issue 2)'],
  ['cold-open', 'Opening a small model per request vs h5py (issue 17)'],
  ['lazy', 'Lazy prediction on a 560 × 505,938 model (issue 8)'],
  ['streaming-write', 'Streaming writes of a 560 × 505,938 coef (issue 8)'],
  ['edge', 'hdf5-js over files and HTTP ranges on the 560 × 505,938 model (issue 17)'],
  ['file-size', 'File size of a 10%-dense coefficient matrix (issue 8)'],
];

const { values } = parseArgs({
  options: { only: { type: 'string' }, small: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const only = values.only ? new Set(values.only.split(',')) : undefined;

function versions() {
  const sh = (cmd) => {
    try {
      return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'n/a';
    }
  };
  let py = {};
  try {
    py = python(
      'import json, sklearn, numpy, scipy, h5py; print(json.dumps({"scikit-learn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__, "h5py": h5py.__version__, "HDF5 (h5py)": h5py.version.hdf5_version}))',
    );
  } catch {}
  const h5wasm = JSON.parse(
    readFileSync(join(root, 'node_modules/.pnpm/node_modules/h5wasm/package.json'), 'utf8'),
  ).version;
  const cpu = cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString(),
    machine: `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    node: process.version,
    python: sh('/usr/bin/python3 --version'),
    ...py,
    h5wasm,
    'libhdf5 (native)': sh('pkg-config --modversion hdf5-serial') || 'n/a',
    OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? '(unset)',
  };
}

const fmt = (x) =>
  x === null || x === undefined
    ? '—'
    : Math.abs(x) >= 100
      ? x.toFixed(0)
      : Math.abs(x) >= 1
        ? x.toFixed(2)
        : x.toPrecision(3);

const results = [];
for (const [suite, title] of SUITES) {
  if (only && !only.has(suite)) continue;
  const file = join(root, 'bench', `${suite}.mjs`);
  if (!existsSync(file)) continue;
  process.stderr.write(`\n▶ ${title}\n`);
  const started = performance.now();
  try {
    const mod = await import(file);
    const rows = await mod.run({ small: values.small });
    results.push({ suite, title, rows, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    results.push({
      suite,
      title,
      rows: [
        {
          name: suite,
          ours: null,
          anchor: null,
          unit: '',
          ratio: null,
          note: `failed: ${String(error?.message ?? error).split('\n')[0]}`,
        },
      ],
      seconds: 0,
    });
  }
}

const v = versions();
const lines = [
  '# Benchmark results',
  '',
  'Written by `pnpm bench` (bench/run.mjs). Ours and the anchor run in the same session on the same machine;',
  '`ratio` is ours / anchor for times (lower is better) and ours / anchor for rates where the unit says so.',
  'Figures on a shared 2-core machine move by ±10–20 % between runs; each suite repeats and keeps its best.',
  '',
  ...Object.entries(v).map(([k, val]) => `- ${k}: ${val}`),
  '',
];
// With --only, the other suites' sections of the last RESULTS.md are kept (marked with their date).
const resultsPath = join(root, 'bench', 'RESULTS.md');
const previous = new Map();
// Sections no suite writes (hand-kept notes such as "Figures moved from core comments") are always kept.
const suiteTitles = new Set(SUITES.map(([, title]) => title));
const kept = [];
if (existsSync(resultsPath)) {
  const text = readFileSync(resultsPath, 'utf8');
  const date = /^- date: (.*)$/m.exec(text)?.[1] ?? 'an earlier run';
  for (const part of text.split(/^## /m).slice(1)) {
    const title = part.slice(0, part.indexOf('\n'));
    if (!suiteTitles.has(title)) {
      kept.push(`## ${part.trimEnd()}\n`);
      continue;
    }
    if (!only) continue;
    const body = part.includes('(from the run of ') ? part : part.replace('\n', `\n\n(from the run of ${date})\n`);
    previous.set(title, `## ${body.trimEnd()}\n`);
  }
}
for (const [suite, title] of SUITES) {
  const r = results.find((x) => x.suite === suite);
  if (!r) {
    if (previous.has(title)) lines.push(previous.get(title));
    continue;
  }
  lines.push(
    `## ${r.title}`,
    '',
    '| benchmark | ours | anchor | unit | ratio | note |',
    '|---|---:|---:|---|---:|---|',
  );
  for (const row of r.rows)
    lines.push(
      `| ${row.name} | ${fmt(row.ours)} | ${fmt(row.anchor)} | ${row.unit} | ${row.ratio == null ? '—' : `${fmt(row.ratio)}×`} | ${row.note ?? ''} |`,
    );
  lines.push('');
}
lines.push(...kept);
const markdown = lines.join('\n');
writeFileSync(resultsPath, markdown);
console.log(markdown);
