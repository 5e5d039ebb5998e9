/**
 * The page's model, independent of the DOM: a pipeline from raw text to a binary sentiment classifier.
 * Load it (the bundled pipeline file, or a dropped file: a pipeline file, or Python icepickle's plain
 * coefficients over the page's HashingVectorizer), predict with an explanation, correct with partialFit
 * when the final estimator has one, save to bytes. Every failed load leaves the current model.
 */
import {
  type LinearModel,
  Pipeline,
  SGDClassifier,
  type StorageBackend,
  isIcepickleError,
  loadCoefficients,
  readMetadata,
} from '@icepickle/core';
import { HashingVectorizer, loadPipeline, savePipeline } from '@icepickle/featurizers';
import { type WebModelMetadata, asWebModelMetadata } from '../../src/web-model-metadata.js';
import { type Explanation, explain, explainRow } from './explain.js';

/** What the page hashes text with when a file holds coefficients only (Python icepickle's save_coefficients). */
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
const KEPT = 'The previous model is still loaded.';

interface Installed {
  pipeline: Pipeline;
  /** Feature names by column when the first step has a vocabulary; undefined for hashed features. */
  names: string[] | undefined;
}

export class DemoModel {
  private current: Installed | undefined;
  /** The bundled model's record of how it was chosen (undefined for a dropped file without one). */
  metadata: WebModelMetadata | undefined;
  source = '';
  corrections = 0;

  constructor(private readonly backend: StorageBackend) {}

  get loaded(): boolean {
    return this.current !== undefined;
  }

  /** The steps' classes, e.g. "TfidfVectorizer + LogisticRegression". */
  get description(): string {
    return this.require()
      .pipeline.steps.map(([, s]) => (s as { className?: string }).className)
      .join(' + ');
  }

  get nFeatures(): number {
    return this.estimator().nFeaturesIn_;
  }

  /** Whether corrections can teach it: its final estimator learns incrementally (partialFit). */
  get canLearn(): boolean {
    return typeof (this.estimator() as { partialFit?: unknown }).partialFit === 'function';
  }

  /** Loads an icepickle .h5; on any problem throws a UserError and keeps the previous model. */
  async load(bytes: Uint8Array, name: string): Promise<void> {
    if (bytes.length === 0) throw new UserError(`“${name}” is empty, so it is not a model. ${KEPT}`);
    const options = { backend: this.backend, label: name };
    let pipeline: Pipeline;
    try {
      pipeline = await loadPipeline(bytes, options);
    } catch (pipelineError) {
      pipeline = await this.loadCoefficientsFile(bytes, name, pipelineError);
    }
    const classes = (pipeline.classes_ ?? []) as unknown[];
    if (classes.length !== 2 || Number(classes[0]) !== 0 || Number(classes[1]) !== 1) {
      throw new UserError(
        `“${name}” predicts the classes ${JSON.stringify(classes)}; this page needs a sentiment model with classes [0, 1] (0 = negative, 1 = positive). ${KEPT}`,
      );
    }
    const metadata = asWebModelMetadata((await readMetadata(bytes, options)).user);
    const first = pipeline.steps[0]![1] as { getFeatureNamesOut?: () => string[] };
    const names = pipeline.steps.length === 2 ? first.getFeatureNamesOut?.() : undefined;
    this.current = { pipeline, names };
    this.metadata = metadata;
    this.source = name;
    this.corrections = 0;
  }

  /** A file of coefficients only, read over the page's HashingVectorizer (Python icepickle's files). */
  private async loadCoefficientsFile(bytes: Uint8Array, name: string, pipelineError: unknown): Promise<Pipeline> {
    let model: SGDClassifier;
    try {
      model = await loadCoefficients(new SGDClassifier({ loss: 'log_loss' }), bytes, {
        backend: this.backend,
        label: name,
      });
    } catch {
      // the detail alone: the sentence already names the file
      const why = isIcepickleError(pipelineError) ? pipelineError.detail : String(pipelineError);
      throw new UserError(`“${name}” is not an icepickle model this page can read (${why}). ${KEPT}`);
    }
    const expected = VECTORIZER_PARAMS.nFeatures;
    if (model.nFeaturesIn_ !== expected) {
      throw new UserError(
        `“${name}” expects ${fmt(model.nFeaturesIn_)} features, but this page hashes reviews into ${fmt(expected)} ` +
          `(HashingVectorizer n_features=2**18, word 1–2-grams). Train it with n_features=${fmt(expected)}, or save a whole pipeline, to use it here. ${KEPT}`,
      );
    }
    return new Pipeline([
      ['hashingvectorizer', new HashingVectorizer(VECTORIZER_PARAMS)],
      ['sgdclassifier', model],
    ]);
  }

  predict(text: string): Prediction {
    const { pipeline } = this.require();
    if (text.trim() === '') throw new UserError('Type a review first: the text is empty.');
    const p1 = (pipeline.predictProba([text]) as number[][])[0]![1]!;
    const label = p1 > 0.5 ? 1 : 0;
    return {
      label,
      labelName: LABELS[label]!,
      probability: label === 1 ? p1 : 1 - p1,
      explanation: this.explain(text),
    };
  }

  private explain(text: string): Explanation {
    const { pipeline, names } = this.require();
    const { coef, intercept } = this.estimator().getCoefficients();
    const first = pipeline.steps[0]![1];
    if (first instanceof HashingVectorizer && pipeline.steps.length === 2)
      return explain(first, coef, intercept[0]!, text);
    if (names === undefined) return { decision: Number.NaN, intercept: intercept[0]!, contributions: [] };
    const row = (first as { transform(X: string[]): { indices: Int32Array; data: ArrayLike<number> } }).transform([
      text,
    ]);
    return explainRow(names, coef, intercept[0]!, { indices: row.indices, values: row.data });
  }

  /** One partialFit step on this review with the right label (as scikit-learn's partial_fit). */
  correct(text: string, label: 0 | 1): Prediction {
    const { pipeline } = this.require();
    if (text.trim() === '') throw new UserError('Type a review first: the text is empty.');
    if (!this.canLearn) {
      throw new UserError(`${this.description} learns from all its data at once: it has no partialFit to correct.`);
    }
    pipeline.partialFit([text], [label], { classes: [...CLASSES] });
    this.corrections += 1;
    return this.predict(text);
  }

  /** The pipeline as an .h5 file that Python (icepickle_ts.load_pipeline, h5py) reads. */
  async save(): Promise<Uint8Array> {
    const { pipeline } = this.require();
    const bytes = await savePipeline(pipeline, undefined, {
      backend: this.backend,
      metadata: { ...this.metadata, source: this.source, corrections_in_browser: this.corrections },
    });
    return bytes!;
  }

  private estimator(): LinearModel<object> {
    const { pipeline } = this.require();
    return pipeline.steps[pipeline.steps.length - 1]![1] as unknown as LinearModel<object>;
  }

  private require(): Installed {
    if (!this.current) throw new UserError('No model is loaded yet.');
    return this.current;
  }
}
