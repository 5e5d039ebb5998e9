/**
 * A model opened by URL, lazily: hdf5-js reads it over HTTP Range requests (httpSource) and
 * openLinearModel fetches only the coefficient columns a review touches. No h5wasm: this page only
 * predicts, so it never needs HDF5's writer (see test/url-page-size.test.ts for its bundle).
 */
import { type LazyLinearModel, SGDClassifierPredictor, isIcepickleError, openLinearModelWith } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { hdf5Js, httpSource } from '@icepickle/hdf5-js';

/** Small blocks merged only when adjacent: a review's columns lie far apart in a big file. */
const READER = { blockSize: 16 * 1024, mergeGap: 1 };

export interface UrlPrediction {
  label: string;
  /** Probability of that label. */
  probability: number;
  /** Coefficient bytes fetched so far, and the file's size. */
  bytesRead: number;
  fileBytes: number;
}

export class UrlModel {
  private constructor(
    private readonly model: LazyLinearModel,
    private readonly vectorizer: HashingVectorizer,
    readonly url: string,
    readonly fileBytes: number,
  ) {}

  /** Opens `url` (relative to the page) as a binary classifier trained on HashingVectorizer word 1-2-grams. */
  static async open(url: string, base = globalThis.location?.href): Promise<UrlModel> {
    const absolute = new URL(url, base).href;
    const source = await httpSource(absolute);
    // predict-only: the page bundles SGDClassifier's predictions and none of core's training code
    const model = await openLinearModelWith(source, {
      backend: hdf5Js({ reader: READER }),
      estimators: [SGDClassifierPredictor],
      estimator: 'SGDClassifier',
      label: url,
    });
    if (model.classes_?.length !== 2) {
      await model.close();
      throw new Error(`“${url}” has ${model.classes_?.length ?? 0} classes; this page reads binary sentiment models`);
    }
    const vectorizer = new HashingVectorizer({ nFeatures: model.nFeaturesIn_, ngramRange: [1, 2] });
    return new UrlModel(model, vectorizer, url, source.size);
  }

  get nFeatures(): number {
    return this.model.nFeaturesIn_;
  }

  async predict(text: string): Promise<UrlPrediction> {
    const p1 = ((await this.model.predictProba(this.vectorizer.transform([text]))) as number[][])[0]![1]!;
    const positive = p1 > 0.5;
    return {
      label: positive ? 'positive' : 'negative',
      probability: positive ? p1 : 1 - p1,
      bytesRead: this.model.stats.bytesRead,
      fileBytes: this.fileBytes,
    };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

/** What went wrong, in plain words (IcepickleError's detail, which names the file and the fix). */
export function explainFailure(error: unknown): string {
  if (isIcepickleError(error)) return `${error.code}: ${error.detail}`;
  return error instanceof Error ? error.message : String(error);
}
