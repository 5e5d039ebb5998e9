/** Child of stale-temps.test.ts: starts a streamed save to argv[3] with backend argv[2], says "ready", waits to be killed. */
import type { StorageBackend } from '@icepickle/core';

const [backendName, target] = process.argv.slice(2) as [string, string];
const backend: StorageBackend =
  backendName === 'native'
    ? (await import('@icepickle/hdf5-node')).hdf5Node()
    : (await import('@icepickle/hdf5-wasm')).hdf5Wasm();
const writer = await backend.createWriter!(target, {
  datasets: [],
  streamed: [{ path: 'coef', dtype: 'float64', shape: [1, 1000] }],
});
await writer.write('coef', [0, 0], [1, 500], new Float64Array(500).fill(1));
process.stdout.write('ready\n');
setInterval(() => undefined, 1000);
