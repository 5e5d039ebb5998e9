#!/usr/bin/env node
/**
 * File size of a 10%-dense coefficient matrix (issue 8): 560 × 20,000 float64, 10% of the values
 * non-zero standard normals (as an L1 fit leaves them: full-precision doubles), saved by icepickle in
 * each layout on both backends, next to h5py's contiguous file of the same matrix (the anchor, as
 * Python icepickle writes it) and h5py's own best: scipy CSR with shuffle + gzip. Ratio = anchor /
 * ours (how many times smaller; the goal is ≥ 10× for 'sparse' or 'gzip').
 *
 *   node bench/file-size.mjs
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SGDClassifier, saveCoefficients } from '@icepickle/core';
import { outDir, python } from './lib/common.mjs';

const ROWS = 560;
const COLS = 20_000;

/** The same matrix on both sides: written once as raw little-endian float64 for h5py. */
function matrix() {
  let s = 12345;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const coef = new Float64Array(ROWS * COLS);
  for (let i = 0; i < coef.length; i++) {
    if (uniform() < 0.1) coef[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return coef;
}

export async function run({ log = console.log } = {}) {
  mkdirSync(outDir, { recursive: true });
  const coef = matrix();
  const nnz = coef.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
  const rawPath = join(outDir, 'file-size-coef.bin');
  writeFileSync(rawPath, coef);
  const h5py = python(
    `
import h5py, numpy as np, json, os, scipy.sparse as sp
coef = np.fromfile(${JSON.stringify(rawPath)}, dtype="<f8").reshape(${ROWS}, ${COLS})
out = {}
with h5py.File(${JSON.stringify(join(outDir, 'file-size-h5py-contiguous.h5'))}, "w") as f:
    f.create_dataset("coef", data=coef)
out["contiguous"] = os.path.getsize(${JSON.stringify(join(outDir, 'file-size-h5py-contiguous.h5'))})
m = sp.csr_matrix(coef)
with h5py.File(${JSON.stringify(join(outDir, 'file-size-h5py-csr.h5'))}, "w") as f:
    for name in ("data", "indices", "indptr"):
        f.create_dataset(name, data=getattr(m, name), chunks=True, shuffle=True, compression="gzip", compression_opts=4)
out["csr"] = os.path.getsize(${JSON.stringify(join(outDir, 'file-size-h5py-csr.h5'))})
print(json.dumps(out))`,
  );
  const model = new SGDClassifier().setCoefficients({
    coef,
    coefShape: [ROWS, COLS],
    intercept: new Float64Array(ROWS),
    interceptShape: [ROWS],
    classes: Array.from({ length: ROWS }, (_v, i) => i),
  });
  const rows = [];
  const backends = [
    ['hdf5-node', (await import('@icepickle/hdf5-node')).hdf5Node()],
    ['hdf5-wasm', (await import('@icepickle/hdf5-wasm')).hdf5Wasm()],
  ];
  for (const [name, backend] of backends) {
    for (const layout of ['contiguous', 'gzip', 'sparse']) {
      const path = join(outDir, `file-size-${name}-${layout}.h5`);
      await saveCoefficients(model, path, { backend, layout });
      const bytes = statSync(path).size;
      rmSync(path);
      rows.push({
        name: `${ROWS} × ${COLS.toLocaleString('en')} coef, 10% non-zero float64: ${layout}, ${name}`,
        ours: bytes / 2 ** 20,
        anchor: h5py.contiguous / 2 ** 20,
        unit: 'MiB',
        ratio: h5py.contiguous / bytes,
        note: `ratio = h5py contiguous / ours (times smaller; goal ≥ 10× for sparse or gzip)${backend.capabilities?.shuffle === false ? '; this backend cannot write the shuffle filter' : ''}; ${(bytes / nnz).toFixed(2)} bytes per non-zero; h5py scipy CSR + shuffle + gzip: ${(h5py.csr / 2 ** 20).toFixed(2)} MiB (${(h5py.contiguous / h5py.csr).toFixed(2)}×)`,
      });
    }
  }
  for (const f of ['file-size-coef.bin', 'file-size-h5py-contiguous.h5', 'file-size-h5py-csr.h5'])
    rmSync(join(outDir, f), { force: true });
  log('| benchmark | ours | anchor | unit | ratio | note |');
  log('|---|---:|---:|---|---:|---|');
  for (const r of rows)
    log(
      `| ${r.name} | ${r.ours.toFixed(2)} | ${r.anchor.toFixed(2)} | ${r.unit} | ${r.ratio.toFixed(2)}× | ${r.note} |`,
    );
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
