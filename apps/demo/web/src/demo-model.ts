/**
 * The page's model, independent of the DOM: load (bundled or dropped file), predict with an
 * explanation, correct with partialFit, save to bytes. Every failed load leaves the current model.
 */
import {
  type StorageBackend,
  SGDClassifier,
  isIcepickleError,
  loadCoefficients,
  saveCoefficients,
} from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { type Explanation, explain } from './explain.js';

/** What the page hashes text with; a model must have been trained on the same features. */
export const VECTORIZER_PARAMS = { nFeatures: 2 ** 18, ngramRange: [1, 2] as [number, number] };
export const CLASSES = [0, 1] as const;
export const LABELS: Record<number, string> = { 0: 'negative', 1: 'positive' };

export interface Prediction {
  label: 0 | 1;
  labelName: string;
  /** Probability of that label. */
  probability: number;
  explanation: Explanation;
}

/** A message for people: what is wrong, in plain words. */
export class UserError extends Error {}

const fmt = (n: number) => n.toLocaleString('en');

export class DemoModel {
  readonly vectorizer = new HashingVectorizer(VECTORIZER_PARAMS);
  private model: SGDClassifier | undefined;
  private coefRow: Float64Array = new Float64Array(0);
  private intercept = 0;
  source = '';
  corrections = 0;

  constructor(private readonly backend: StorageBackend) {}

  get loaded(): boolean {
    return this.model !== undefined;
  }

  get nFeatures(): number {
    return this.model?.nFeaturesIn_ ?? 0;
  }

  /** Loads an icepickle .h5; on any problem throws a UserError and keeps the previous model. */
  async load(bytes: Uint8Array, name: string): Promise<void> {
    if (bytes.length === 0)
      throw new UserError(`“${name}” is empty, so it is not a model. The previous model is still loaded.`);
    let model: SGDClassifier;
    try {
      model = await loadCoefficients(new SGDClassifier({ loss: 'log_loss' }), bytes, {
        backend: this.backend,
        label: name,
      });
    } catch (error) {
      // the detail alone: the sentence already names the file
      const why = isIcepickleError(error) ? error.detail : String(error);
      throw new UserError(
        `“${name}” is not an icepickle model this page can read (${why}). The previous model is still loaded.`,
      );
    }
    const expected = this.vectorizer.getParams().nFeatures;
    if (model.nFeaturesIn_ !== expected) {
      throw new UserError(
        `“${name}” expects ${fmt(model.nFeaturesIn_)} features, but this page hashes reviews into ${fmt(expected)} ` +
          `(HashingVectorizer n_features=2**18, word 1–2-grams). Train it with n_features=${fmt(expected)} to use it here. The previous model is still loaded.`,
      );
    }
    const classes = model.classes_;
    if (classes.length !== 2 || Number(classes[0]) !== 0 || Number(classes[1]) !== 1) {
      throw new UserError(
        `“${name}” predicts the classes ${JSON.stringify(classes)}; this page needs a sentiment model with classes [0, 1] (0 = negative, 1 = positive). The previous model is still loaded.`,
      );
    }
    this.install(model, name);
  }

  private install(model: SGDClassifier, source: string): void {
    const c = model.getCoefficients();
    this.model = model;
    this.coefRow = c.coef;
    this.intercept = c.intercept[0]!;
    this.source = source;
    this.corrections = 0;
  }

  predict(text: string): Prediction {
    const model = this.require();
    if (text.trim() === '') throw new UserError('Type a review first: the text is empty.');
    const explanation = explain(this.vectorizer, this.coefRow, this.intercept, text);
    const p1 = model.predictProba(this.vectorizer.transform([text]))[0]![1]!;
    const label = p1 > 0.5 ? 1 : 0;
    return { label, labelName: LABELS[label]!, probability: label === 1 ? p1 : 1 - p1, explanation };
  }

  /** One partialFit step on this review with the right label (as scikit-learn's partial_fit). */
  correct(text: string, label: 0 | 1): Prediction {
    const model = this.require();
    if (text.trim() === '') throw new UserError('Type a review first: the text is empty.');
    model.partialFit(this.vectorizer.transform([text]), [label], { classes: [...CLASSES] });
    const c = model.getCoefficients();
    this.coefRow = c.coef;
    this.intercept = c.intercept[0]!;
    this.corrections += 1;
    return this.predict(text);
  }

  /** The model as an .h5 file that Python icepickle (and h5py) read. */
  async save(): Promise<Uint8Array> {
    const model = this.require();
    return saveCoefficients(model, undefined, {
      backend: this.backend,
      metadata: {
        source: this.source,
        corrections_in_browser: this.corrections,
        vectorizer: { HashingVectorizer: this.vectorizer.toSklearnParams() },
      },
    });
  }

  private require(): SGDClassifier {
    if (!this.model) throw new UserError('No model is loaded yet.');
    return this.model;
  }
}
