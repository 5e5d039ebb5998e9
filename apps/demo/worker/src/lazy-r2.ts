/**
 * Cloudflare Worker over a model too big for the isolate: the model stays in R2 and each request reads
 * only the coefficient columns its reviews touch (hdf5-js over `r2Source`, then `openLinearModel`).
 * No WebAssembly at all: hdf5-js is TypeScript, so nothing needs the precompiled-module trick of index.ts.
 *
 *   POST {"texts": ["a review", ...], "model"?: key} → { labels, decision: number[][], stats }
 *
 * Bindings: BUCKET (R2), MODEL_KEY (the default object key), N_GRAM_MAX (HashingVectorizer's ngram_range
 * upper end, default 2); nFeatures is the model's own column count. Each model is opened once per isolate;
 * errors answer 500 with the IcepickleError's code and detail.
 */
import { type LazyLinearModel, openLinearModel } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { type R2BucketLike, hdf5Js, r2Source } from '@icepickle/hdf5-js';

export interface Env {
  BUCKET: R2BucketLike;
  MODEL_KEY: string;
  N_GRAM_MAX?: string;
}

/** Coefficient columns kept between requests: a small share of the isolate's 128 MB. */
const CACHE_BYTES = 16 * 2 ** 20;

interface Served {
  model: LazyLinearModel;
  vectorizer: HashingVectorizer;
}

const opened = new Map<string, Promise<Served>>();

function getModel(env: Env, key: string): Promise<Served> {
  let served = opened.get(key);
  if (served) return served;
  served = (async () => {
    const source = await r2Source(env.BUCKET, key);
    // r2Source's hints decide how it is read (REMOTE_READ_HINTS: chunks direct, 6 subrequests at once)
    const backend = hdf5Js();
    const model = await openLinearModel(source, { backend, cacheBytes: CACHE_BYTES, label: `r2:${key}` });
    const ngramRange: [number, number] = [1, Number(env.N_GRAM_MAX ?? 2)];
    return { model, vectorizer: new HashingVectorizer({ nFeatures: model.nFeaturesIn_, ngramRange }) };
  })();
  opened.set(key, served);
  served.catch(() => opened.delete(key)); // a failed open is retried by the next request
  return served;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

async function readRequest(request: Request, env: Env): Promise<{ texts: string[]; key: string }> {
  const parsed = (await request.json()) as { texts?: unknown; model?: unknown };
  const { texts, model } = parsed ?? {};
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string'))
    throw new TypeError('the JSON body needs "texts": a non-empty array of strings');
  if (model !== undefined && typeof model !== 'string') throw new TypeError('"model" must be an object key');
  return { texts, key: model ?? env.MODEL_KEY };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== 'POST') return json({ error: 'POST {"texts": [...]} to get { labels, decision }' }, 405);
    let asked: { texts: string[]; key: string };
    try {
      asked = await readRequest(request, env);
    } catch (error) {
      return json(
        { error: `could not read the request: ${error instanceof Error ? error.message : String(error)}` },
        400,
      );
    }
    try {
      const { model, vectorizer } = await getModel(env, asked.key);
      const X = vectorizer.transform(asked.texts);
      const decision = (await model.decisionFunction(X)) as number[][];
      const labels = await model.predict(X);
      return json({ labels, decision, stats: model.stats });
    } catch (error) {
      const e = error as { code?: string; detail?: string; message?: string };
      return json({ error: e.message ?? String(error), code: e.code, detail: e.detail }, 500);
    }
  },
};
