// Runs inside sandbox.sh's project: the installed packages only, no monorepo. Loads scikit-learn's model
// through hdf5Node(), predicts, saves it (gzip, so zlib is exercised), loads the copy, predicts again.
//   node consumer.mjs <model.h5> <model.json> <count of hidden paths>
import { readFileSync, readdirSync } from 'node:fs';
import { LogisticRegression, loadCoefficients, saveCoefficients } from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';

const [modelPath, truthPath, hidden] = process.argv.slice(2);
const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
const backend = hdf5Node();
const model = await loadCoefficients(new LogisticRegression(), modelPath, { backend });
await saveCoefficients(model, 'copy.h5', { backend, layout: 'gzip' });
const copy = await loadCoefficients(new LogisticRegression(), 'copy.h5', { backend });
const maps = readFileSync('/proc/self/maps', 'utf8');
const loaded = [...new Set(maps.split('\n').map((line) => line.split(/\s+/)[5]))].filter((p) =>
  /icepickle_hdf5|hdf5|libsz|libaec|libz[-.]/.test(p ?? ''),
);
const addonDir = 'node_modules/@icepickle/hdf5-node';
console.log(
  JSON.stringify({
    hidden: Number(hidden),
    install: readFileSync('install.log', 'utf8'),
    fallback: readFileSync('fallback.log', 'utf8'),
    hasBuildFolder: readdirSync(addonDir).includes('build'),
    loaded,
    predict: model.predict(truth.X),
    predictCopy: copy.predict(truth.X),
    expected: truth.predict,
    coef: model.coef_,
    coefCopy: copy.coef_,
  }),
);
