/**
 * One timed workload on one built checkout, in a fresh process (run by compare-builds.mjs):
 *   node bench/compare/workload.mjs <checkout> <hashing|sgd-fit|fine-tune>
 * Prints the best CPU milliseconds of several runs. The inputs come from <this repo>/bench/out (made by
 * bench/training.mjs) and the imdb reviews, so both checkouts see the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { imdbReviews } from '../lib/imdb.mjs';
import { outDir } from '../lib/common.mjs';

const [checkout, workload] = process.argv.slice(2);
const load = (pkg) => import(pathToFileURL(join(checkout, 'packages', pkg, 'dist', 'index.js')).href);

function bestCpuMs(runs, fn) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn(i);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

function binary(name, Type) {
  const b = readFileSync(join(outDir, name));
  return new Type(b.buffer, b.byteOffset, b.byteLength / Type.BYTES_PER_ELEMENT);
}

async function hashedReviews() {
  const { CsrMatrix } = await load('core');
  const indptr = binary('imdb10k_indptr.bin', Int32Array);
  const X = new CsrMatrix({
    indptr,
    indices: binary('imdb10k_indices.bin', Int32Array),
    data: binary('imdb10k_data.bin', Float64Array),
    shape: [indptr.length - 1, 2 ** 20],
  });
  return { X, y: Array.from(binary('imdb10k_y.bin', Float64Array)) };
}

const workloads = {
  async hashing() {
    const { HashingVectorizer } = await load('featurizers');
    const texts = Array.from({ length: 10 }, () => imdbReviews().map((r) => r.text)).flat();
    const vectorizer = new HashingVectorizer();
    return bestCpuMs(9, () => vectorizer.transform(texts));
  },
  async 'sgd-fit'() {
    const { SGDClassifier } = await load('core');
    const { X, y } = await hashedReviews();
    const model = new SGDClassifier({ maxIter: 5, tol: null, shuffle: false });
    return bestCpuMs(15, () => model.fit(X, y));
  },
  async 'fine-tune'() {
    const { SGDClassifier } = await load('core');
    const { X, y } = await hashedReviews();
    const options = { loss: 'log_loss', shuffle: false };
    const base = new SGDClassifier({ ...options, maxIter: 5, tol: null }).fit(X, y).getCoefficients();
    const models = Array.from({ length: 15 }, () => new SGDClassifier(options).setCoefficients(base));
    const [X1k, y1k] = [X.sliceRows(0, 1000), y.slice(0, 1000)];
    return bestCpuMs(15, (i) => models[i].partialFit(X1k, y1k));
  },
};

console.log((await workloads[workload]()).toFixed(3));
