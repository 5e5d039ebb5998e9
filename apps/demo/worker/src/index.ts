/**
 * Cloudflare Worker: POST a review (plain text, or JSON { "text": ... }) → { label, probability }.
 * The model (build/public/model.h5: a whole pipeline from raw text, chosen at build time) and HDF5's
 * wasm are bundled with the Worker; `@icepickle/hdf5-wasm` resolves to its "workerd" entry, which starts
 * h5wasm on the precompiled module.
 */
import { type LoadedPipeline, loadPipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import modelFile from '../../build/public/model.h5';

let model: Promise<LoadedPipeline> | undefined;

/** Loaded once per isolate, on the first request. */
function getModel(): Promise<LoadedPipeline> {
  model ??= loadPipeline(new Uint8Array(modelFile), { backend: hdf5Wasm(), label: 'model.h5' }).catch(
    (error: unknown) => {
      model = undefined;
      throw error;
    },
  );
  return model;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

async function reviewText(request: Request): Promise<string> {
  const body = await request.text();
  if ((request.headers.get('content-type') ?? '').includes('application/json')) {
    const parsed = JSON.parse(body) as { text?: unknown };
    if (typeof parsed?.text !== 'string') throw new TypeError('the JSON body needs a "text" string');
    return parsed.text;
  }
  return body;
}

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST')
      return json({ error: 'POST a review as text (or JSON {"text": "..."}) to get { label, probability }' }, 405);
    let text: string;
    try {
      text = await reviewText(request);
    } catch (error) {
      return json(
        { error: `could not read the review: ${error instanceof Error ? error.message : String(error)}` },
        400,
      );
    }
    if (text.trim() === '') return json({ error: 'the review is empty' }, 400);
    const p1 = ((await getModel()).predictProba([text]) as number[][])[0]![1]!;
    // label is the predicted class; probability is the model's probability of that label
    return p1 > 0.5 ? json({ label: 'positive', probability: p1 }) : json({ label: 'negative', probability: 1 - p1 });
  },
};
