#!/usr/bin/env node
/**
 * What damaged files leave behind in hdf5-wasm, now that hdf5-js reads every file it opens (h5wasm only
 * writes): N mutated copies of a small model (1 to 8 random bytes overwritten, or truncated) are opened,
 * listed and read whole through hdf5Wasm(); the backend's h5wasm is a counting wrapper, so the run also
 * tells whether HDF5 ever saw one. RSS is sampled every N/10 files; one valid write at the end checks that
 * the instance is still usable.
 *
 *   pnpm exec turbo run build --filter @icepickle/hdf5-wasm... && node bench/wasm-damaged-opens.mjs [N]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { root } from './lib/common.mjs';

const N = Number(process.argv[2] ?? 20_000);
const model = readFileSync(join(root, 'packages', 'test-utils', 'fixtures', 'sklearn', 'models', 'logreg_iris.h5'));
let starts = 0;
const backend = hdf5Wasm({
  lib: () => {
    starts++;
    // the package's own h5wasm (this script sits outside it): its ESM build, as the default import loads
    return import(pathToFileURL(join(root, 'packages/hdf5-wasm/node_modules/h5wasm/dist/esm/hdf5_hl.js')).href);
  },
});

let s = 12345;
const next = (n) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;

function mutate() {
  if (next(4) === 0) return model.subarray(0, next(model.length));
  const bytes = Uint8Array.from(model);
  for (let k = 1 + next(8); k > 0; k--) bytes[next(bytes.length)] = next(256);
  return bytes;
}

const outcomes = {};
const rss = [];
const started = performance.now();
for (let i = 1; i <= N; i++) {
  let outcome = 'read';
  try {
    const file = await backend.open(mutate(), { label: `fuzzed-${i}.h5` });
    try {
      for (const node of file.list()) if (node.kind === 'dataset') await file.read(node.path);
    } finally {
      await file.close();
    }
  } catch (error) {
    outcome = error?.code ?? `uncaught ${error?.name}`;
  }
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  if (i % Math.max(1, Math.floor(N / 10)) === 0) rss.push(Math.round(process.memoryUsage().rss / 2 ** 20));
}
const seconds = (performance.now() - started) / 1000;
const h5wasmStartsDuringOpens = starts;
const one = { datasets: [{ path: '/x', array: { dtype: 'float64', shape: [1], data: Float64Array.of(1) } }] };
const written = await backend.write(undefined, one);
const back = await backend.open(written);
const writeThenRead = Array.from((await back.read('/x')).data);
await back.close();
console.log(
  JSON.stringify({
    files: N,
    seconds: Math.round(seconds),
    outcomes,
    rssMiB: rss,
    h5wasmStartsDuringOpens,
    writeThenRead,
  }),
);
