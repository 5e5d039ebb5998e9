import { readdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { SGDClassifier, saveCoefficients } from '@icepickle/core';
const which = process.argv[2];
const { [which === 'native' ? 'hdf5Node' : 'hdf5Wasm']: make } = await import(which === 'native' ? '@icepickle/hdf5-node' : '@icepickle/hdf5-wasm');
const backend = make();
const dir = mkdtempSync(join(tmpdir(), 'fail-'));
const fds = () => readdirSync('/proc/self/fd').length;
const clf = new SGDClassifier().setCoefficients({ coef: Float64Array.of(1, 2, 3), coefShape: [1, 3], intercept: Float64Array.of(0), interceptShape: [1], classes: [0, 1] });
const spec = { streamed: [{ path: 'coef', dtype: 'float64', shape: [2, 3] }], datasets: [] };
const codes = {};
const note = (e) => { codes[e?.code ?? String(e)] = (codes[e?.code ?? String(e)] ?? 0) + 1; };
console.log(which, 'fds before', fds());
for (let i = 0; i < 6000; i++) {
  await saveCoefficients(clf, join(dir, 'missing', `m${i}.h5`), { backend }).catch(note);
  await backend.createWriter(join(dir, 'missing', `w${i}.h5`), spec).catch(note);
  if (i % 2000 === 1999) console.log(i + 1, codes, 'fds', fds(), 'rss MiB', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
}
await saveCoefficients(clf, join(dir, 'ok.h5'), { backend });
console.log('valid save ok; files left in dir:', readdirSync(dir));
