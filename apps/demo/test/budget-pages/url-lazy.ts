/**
 * Budget page: opens a model by URL, lazily over HTTP Range requests (hdf5-js), and predicts labels for
 * texts, without saving: what the demo's url.html does. No h5wasm may be in its bundle.
 */
import { UrlModel } from '../../web/src/url-model.js';

export async function predictTexts(url: string, texts: readonly string[]) {
  const model = await UrlModel.open(url);
  const out = [];
  for (const text of texts) out.push(await model.predict(text));
  await model.close();
  return out;
}
