/**
 * The Worker example in workerd (miniflare): the bundled pipeline file and HDF5 wasm load in a runtime
 * that forbids compiling wasm from bytes, and its answers equal the same pipeline's in Node.
 * Needs `turbo run build` (apps/demo's build makes dist/worker).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReviews } from '../src/csv.js';
import { imdbCsv } from '../src/paths.js';

const workerDist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'worker');

describe('Worker example in workerd (miniflare)', () => {
  let mf: Miniflare;
  let url: URL;
  beforeAll(async () => {
    for (const f of ['index.js', 'hdf5.wasm', 'model.h5']) {
      if (!existsSync(join(workerDist, f)))
        throw new Error(`apps/demo/dist/worker/${f} is missing: run \`pnpm exec turbo run build\` first`);
    }
    mf = new Miniflare({
      modules: true,
      scriptPath: join(workerDist, 'index.js'),
      modulesRoot: workerDist,
      modulesRules: [
        { type: 'CompiledWasm', include: ['**/*.wasm'] },
        { type: 'Data', include: ['**/*.h5'] },
      ],
      compatibilityDate: '2026-04-01',
    });
    url = await mf.ready;
  }, 60_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  const post = async (body: string, contentType = 'text/plain') => {
    const res = await mf.dispatchFetch(url, { method: 'POST', body, headers: { 'content-type': contentType } });
    return { status: res.status, body: (await res.json()) as { label?: string; probability?: number; error?: string } };
  };

  it('answers { label, probability } as the same model does in Node', async () => {
    const reviews = [
      ...parseReviews(readFileSync(imdbCsv, 'utf8'))
        .slice(900, 906)
        .map((r) => r.text),
      'A wonderful, moving film with brilliant acting.',
      'Dull plot, terrible dialogue, a waste of two hours.',
    ];
    const pipeline = await loadPipeline(readFileSync(join(workerDist, 'model.h5')), { backend: hdf5Wasm() });
    const proba = pipeline.predictProba(reviews) as number[][];
    const labels = new Set<string>();
    for (const [i, text] of reviews.entries()) {
      const { status, body } = await post(text);
      expect(status).toBe(200);
      const p1 = proba[i]![1]!;
      expect(body.label).toBe(p1 > 0.5 ? 'positive' : 'negative');
      expect(body.probability).toBeCloseTo(p1 > 0.5 ? p1 : 1 - p1, 12);
      labels.add(body.label!);
    }
    expect(labels).toEqual(new Set(['positive', 'negative']));
    const viaJson = await post(JSON.stringify({ text: reviews[0] }), 'application/json');
    expect(viaJson.body.probability).toBeCloseTo(proba[0]![1]! > 0.5 ? proba[0]![1]! : 1 - proba[0]![1]!, 12);
  });

  it('runs where compiling WebAssembly from bytes is refused (why the Worker needs the precompiled module)', async () => {
    const probe = new Miniflare({
      modules: true,
      compatibilityDate: '2026-04-01',
      script: `export default { async fetch() {
        try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return new Response('compiled'); }
        catch (e) { return new Response('refused: ' + e.message); } } };`,
    });
    try {
      const text = await (await probe.dispatchFetch('http://localhost/')).text();
      expect(text).toMatch(/^refused: .*(disallowed|not allowed|embedder)/i);
    } finally {
      await probe.dispose();
    }
  });

  it('says what is wrong with bad requests', async () => {
    expect(await post('   ')).toEqual({ status: 400, body: { error: 'the review is empty' } });
    expect((await post('{"nope": 1}', 'application/json')).body.error).toMatch(/needs a "text" string/);
    const get = await mf.dispatchFetch(url);
    expect(get.status).toBe(405);
    await get.arrayBuffer();
  });
});
