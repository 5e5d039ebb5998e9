/**
 * The demo's lazy R2 Worker (apps/demo/worker/src/lazy-r2.ts) in workerd through miniflare, over a model
 * stored in a local R2 bucket on disk, its isolate's memory read through the inspector (cdp.mjs):
 * bench/edge.mjs's Worker row. miniflare and esbuild are the demo's dev dependencies, resolved from there.
 *
 *   const r = await measureWorkerR2(file, texts, scratchDir);
 */
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectCdp, isolateBytes, watchHeap } from './cdp.mjs';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'demo');
const fromDemo = createRequire(join(demoDir, 'package.json'));
const demoImport = (name) => import(pathToFileURL(fromDemo.resolve(name)).href);

/** Stores an object as a multipart upload of 32 MiB parts (as `wrangler r2 object put` does big files). */
const SEED = `export default { async fetch(request, env) {
  const url = new URL(request.url);
  const key = url.pathname.slice(1);
  if (url.searchParams.has('create')) return Response.json({ id: (await env.BUCKET.createMultipartUpload(key)).uploadId });
  const upload = env.BUCKET.resumeMultipartUpload(key, url.searchParams.get('id'));
  if (url.searchParams.has('complete')) { await upload.complete(await request.json()); return new Response('stored'); }
  return Response.json(await upload.uploadPart(Number(url.searchParams.get('part')), await request.arrayBuffer()));
} };`;
const PART_BYTES = 32 * 2 ** 20;

/** The lazy Worker as one ESM module, bundled from sources as the demo's test bundles it. */
async function bundle() {
  const { build } = await demoImport('esbuild');
  const result = await build({
    entryPoints: [join(demoDir, 'worker', 'src', 'lazy-r2.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['@icepickle/source', 'workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** `file` into the bucket under `key`, part by part from disk (never whole in this process). */
async function store(seed, key, file) {
  const at = (query) => `http://seed/${key}?${query}`;
  const { id } = await (await seed.fetch(at('create'), { method: 'POST' })).json();
  const parts = [];
  let n = 1;
  for await (const body of createReadStream(file, { highWaterMark: PART_BYTES })) {
    parts.push(await (await seed.fetch(at(`id=${id}&part=${n++}`), { method: 'PUT', body })).json());
  }
  const done = await seed.fetch(at(`id=${id}&complete`), { method: 'POST', body: JSON.stringify(parts) });
  if ((await done.text()) !== 'stored') throw new Error('the multipart upload did not complete');
}

/** Puts `file` in R2, then asks the Worker for each text alone; ms per text and the isolate's peak. */
export async function measureWorkerR2(file, texts, scratch) {
  const { Miniflare } = await demoImport('miniflare');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const mf = new Miniflare({
    inspectorPort: 0,
    r2Persist: join(scratch, 'r2'),
    workers: [
      {
        name: 'lazy',
        unsafeInspectorProxy: true,
        modules: [{ type: 'ESModule', path: 'index.js', contents: await bundle() }],
        compatibilityDate: '2026-04-01',
        r2Buckets: ['BUCKET'],
        bindings: { MODEL_KEY: 'model.h5' },
      },
      { name: 'seed', modules: true, script: SEED, compatibilityDate: '2026-04-01', r2Buckets: ['BUCKET'] },
    ],
  });
  try {
    const url = await mf.ready;
    let t = performance.now();
    await store(await mf.getWorker('seed'), 'model.h5', file);
    const putMs = performance.now() - t;
    const cdp = await connectCdp(new URL('lazy', await mf.getInspectorURL()));
    await cdp.send('Runtime.enable');
    const heap = watchHeap(cdp);
    const times = [];
    let firstMs;
    for (const text of texts) {
      t = performance.now();
      const res = await mf.dispatchFetch(url, { method: 'POST', body: JSON.stringify({ texts: [text] }) });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`the Worker answered ${res.status}: ${body.error}`);
      if (firstMs === undefined) firstMs = performance.now() - t;
      else times.push(performance.now() - t);
    }
    const { peak, samples } = await heap.stop();
    cdp.close();
    return { putMs, firstMs, times, peak, samples, isolate: isolateBytes(peak), size: statSync(file).size };
  } finally {
    await mf.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// node bench/lib/worker-r2.mjs FILE N: a quick look without the rest of the bench
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { imdbReviews } = await import('./imdb.mjs');
  const texts = imdbReviews()
    .slice(0, Number(process.argv[3] ?? 20))
    .map((r) => r.text);
  const r = await measureWorkerR2(process.argv[2], texts, join(dirname(process.argv[2]), 'worker-r2-scratch'));
  console.log(
    JSON.stringify({ ...r, times: undefined, msPerDoc: r.times.reduce((a, b) => a + b, 0) / r.times.length }),
  );
}
