/**
 * Opens a small model N times (open, list, read coef and intercept, close) through hdf5-js and
 * hdf5-wasm, and the same with h5py, to compare the serverless cold path (issue 17: "open small model
 * ×200"). Run: node --conditions=@icepickle/source --import ../test-utils/src/ts-register.mjs bench/open-small.ts
 */
import { spawnSync } from 'node:child_process';
import { fixturePath, python } from '@icepickle/test-utils';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import type { StorageBackend } from '@icepickle/core';
import { hdf5Js } from '../src/node.js';

const N = 200;
const path = fixturePath('models/logreg_iris.h5');

async function time(backend: StorageBackend): Promise<number> {
  const once = async () => {
    const f = await backend.open(path);
    f.list();
    await f.read('/coef');
    await f.read('/intercept');
    await f.close();
  };
  for (let i = 0; i < N; i++) await once(); // warm-up: as many opens as measured
  const t = performance.now();
  for (let i = 0; i < N; i++) await once();
  return performance.now() - t;
}

const code = `
import h5py, time
t = time.perf_counter()
for _ in range(${N}):
    with h5py.File(${JSON.stringify(path)}, 'r') as f:
        list(f.keys()); f['coef'][()]; f['intercept'][()]
print((time.perf_counter() - t) * 1000)
`;
const h5py = Number(spawnSync(python, ['-c', code], { encoding: 'utf8' }).stdout);
const js = await time(hdf5Js());
const wasm = await time(hdf5Wasm());
console.log(
  `open small model x${N}: h5py ${h5py.toFixed(1)} ms, hdf5-js ${js.toFixed(1)} ms (${(js / h5py).toFixed(2)}x), hdf5-wasm ${wasm.toFixed(1)} ms (${(wasm / h5py).toFixed(2)}x)`,
);
