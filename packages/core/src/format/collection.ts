import { IcepickleError } from '../errors.js';
import type { LinearCoefficients, LinearModel } from '../estimators/linear-model.js';
import { createEstimator } from '../estimators/registry.js';
import type {
  AttrValue,
  DatasetInfo,
  DatasetToWrite,
  Source,
  StorageBackend,
  StoredArray,
  StoredFile,
} from '../storage/types.js';
import { floatValues, labelValues } from './arrays.js';
import { ATTR, DATASET, FORMAT_NAME, FORMAT_VERSION } from './keys.js';
import type { LoadLimits } from './limits.js';
import { openChecked } from './load-coefficients.js';
import { type ModelMetadata, parseMetadata } from './metadata.js';
import type { CoefLayout } from './layouts.js';
import { modelAttributes, modelContent } from './save-coefficients.js';
import { TRAINING_STATE_GROUP, trainingStateDatasets } from './training-state.js';
import { type WriteProgressOptions, writeWithProgress } from './write-with-progress.js';
import type { TrainingState } from '../estimators/sgd/training-state-values.js';

const MODELS = '/models';
const DOCUMENTS = '/documents';
const KIND = 'icepickle_kind';
const INDEX = 'index';

/** One model of a collection, as listed by {@link ModelCollection.entries}. */
export interface CollectionEntry {
  /** The model's name in the collection. */
  name: string;
  /** Its estimator class, when recorded. */
  estimator: string | undefined;
  /** What the file records about it. */
  metadata: ModelMetadata;
}

interface StoredModel {
  attrs: Record<string, AttrValue>;
  /** How each dataset was laid out when put (chunks, filters); absent for models read from a file. */
  layout?: DatasetToWrite[];
  /** Dataset paths relative to the model's group, e.g. `coef`. */
  datasets: Map<string, StoredArray>;
}

/** Options of {@link ModelCollection.create} and open. */
export interface CollectionOptions {
  /** The storage backend that reads and writes the collection. */
  backend: StorageBackend;
  /**
   * Size limits for reading it.
   * @defaultValue {@link defaultLoadLimits}
   */
  limits?: Partial<LoadLimits>;
}

/**
 * Several named models (and small JSON documents, such as search results) in one HDF5 file:
 * `/models/<name>/{coef,intercept,classes}` with the model's attributes on its group, and
 * `/documents/<name>`. The whole collection is held in memory and every `save` rewrites the file
 * atomically (temp file, fsync, rename), so a crash mid-save leaves the previous file intact.
 * A Python user reads one model with h5py as `hf["models/<name>/coef"]`.
 */
export class ModelCollection {
  private constructor(
    private readonly backend: StorageBackend,
    private readonly path: string | undefined,
    private readonly models: Map<string, StoredModel>,
    private readonly documents: Map<string, unknown>,
  ) {}

  /** A new, empty collection (saved to `path` by `save()`). */
  static create(path: string | undefined, options: CollectionOptions): ModelCollection {
    return new ModelCollection(options.backend, path, new Map(), new Map());
  }

  /**
   * Opens a collection from a path or bytes. With `create: true` a missing path gives an empty
   * collection. The file passes the strict profile before anything is read.
   */
  static async open(source: Source, options: CollectionOptions & { create?: boolean }): Promise<ModelCollection> {
    const path = typeof source === 'string' ? source : undefined;
    let file: StoredFile;
    try {
      file = await openChecked(source, options);
    } catch (error) {
      if (options.create && path !== undefined && (error as { code?: string }).code === 'FILE_NOT_FOUND') {
        return ModelCollection.create(path, options);
      }
      throw error;
    }
    try {
      const root = file.attrs('/');
      if (root[KIND] !== 'collection') {
        throw new IcepickleError('INVALID_INPUT', {
          scope: 'collection',
          file: file.label,
          detail:
            'this file is not a model collection (no icepickle_kind="collection" attribute); open single models with loadCoefficients',
        });
      }
      parseMetadata(root, file.label);
      const models = new Map<string, StoredModel>();
      const documents = new Map<string, unknown>();
      const nodes = file.list();
      for (const node of nodes) {
        if (
          node.kind !== 'group' ||
          !node.path.startsWith(`${MODELS}/`) ||
          node.path.slice(MODELS.length + 1).includes('/')
        )
          continue;
        const name = node.path.slice(MODELS.length + 1);
        const datasets = new Map<string, StoredArray>();
        for (const d of nodes) {
          if (d.kind === 'dataset' && d.path.startsWith(`${node.path}/`))
            datasets.set(d.path.slice(node.path.length + 1), await file.read(d.path));
        }
        models.set(name, { attrs: { ...file.attrs(node.path) }, datasets });
      }
      for (const node of nodes) {
        if (node.kind !== 'dataset' || !node.path.startsWith(`${DOCUMENTS}/`)) continue;
        documents.set(
          node.path.slice(DOCUMENTS.length + 1),
          parseDocument(await file.read(node.path), file.label, node),
        );
      }
      return new ModelCollection(options.backend, path, models, documents);
    } finally {
      await file.close();
    }
  }

  /** Model names, sorted. */
  names(): string[] {
    return [...this.models.keys()].sort();
  }

  /** Whether a model of this name is in the collection. */
  has(name: string): boolean {
    return this.models.has(name);
  }

  /** Every model's name, estimator and metadata. */
  entries(): CollectionEntry[] {
    return this.names().map((name) => {
      const metadata = parseMetadata(this.models.get(name)!.attrs, this.path ?? '<bytes>', `${MODELS}/${name}`);
      return { name, estimator: metadata.estimator, metadata };
    });
  }

  /**
   * The model stored under `name`: into `model` when given (left untouched on error), otherwise
   * into a new estimator of the recorded class (from the closed list of six) with its parameters.
   */
  load<M extends LinearModel<object>>(name: string, model?: M): M {
    const stored = this.models.get(name);
    if (!stored)
      throw new IcepickleError('MISSING_DATASET', {
        scope: 'collection',
        file: this.path,
        detail: `no model named "${name}" (have: ${this.names().join(', ') || 'none'})`,
        object: `${MODELS}/${name}`,
      });
    const label = this.path ?? '<bytes>';
    const meta = parseMetadata(stored.attrs, label, `${MODELS}/${name}`);
    let target = model;
    if (!target) {
      if (!meta.estimator)
        throw new IcepickleError('INVALID_INPUT', {
          scope: 'collection',
          file: label,
          detail: `model "${name}" does not record its estimator class; pass an estimator to load it into`,
        });
      target = createEstimator(meta.estimator, meta.paramsCamel ?? {}) as M;
    }
    const get = (key: string) => {
      const a = stored.datasets.get(key);
      if (!a)
        throw new IcepickleError('MISSING_DATASET', {
          scope: 'collection',
          file: label,
          detail: `model "${name}" has no "${key}" dataset`,
          object: `${MODELS}/${name}/${key}`,
        });
      return a;
    };
    const coef = get(DATASET.coef);
    const intercept = get(DATASET.intercept);
    const c: LinearCoefficients = {
      coef: floatValues(coef, label, `${MODELS}/${name}/coef`),
      coefShape: coef.shape,
      intercept: floatValues(intercept, label, `${MODELS}/${name}/intercept`),
      interceptShape: intercept.shape,
    };
    if (target.estimatorType === 'classifier') {
      const { labels, dtype } = labelValues(get(DATASET.classes), label, `${MODELS}/${name}/classes`);
      c.classes = labels;
      c.classDType = dtype;
    }
    const state = this.trainingState(stored, meta.estimator, target);
    type Resumable = { setTrainingState(s: TrainingState): unknown };
    if (state) (target.clone().setCoefficients(c) as unknown as Resumable).setTrainingState(state); // checked on a copy first
    target.setCoefficients(c);
    if (state) (target as unknown as Resumable).setTrainingState(state);
    return target;
  }

  /** The stored SGD / PA training state, when it belongs to the target's class (else a fresh start). */
  private trainingState(
    stored: StoredModel,
    estimator: string | undefined,
    target: LinearModel<object>,
  ): (TrainingState & object) | undefined {
    const resumable = target as unknown as { setTrainingState?: unknown };
    if (typeof resumable.setTrainingState !== 'function' || estimator !== target.className) return undefined;
    const prefix = `${TRAINING_STATE_GROUP}/`;
    const state: TrainingState = {};
    for (const [key, array] of stored.datasets) {
      if (!key.startsWith(prefix)) continue;
      const data = array.data instanceof Float64Array ? array.data : Float64Array.from(array.data as ArrayLike<number>);
      state[key.slice(prefix.length)] = array.shape.length === 0 ? data[0]! : data.slice();
    }
    return Object.keys(state).length > 0 ? state : undefined;
  }

  /** Adds or replaces `name` with a snapshot of the model (later changes to the model are not seen). */
  put(
    name: string,
    model: LinearModel<object>,
    options: { metadata?: Record<string, unknown>; layout?: Exclude<CoefLayout, 'sparse'> } = {},
  ): this {
    checkName(name);
    if ((options.layout as string) === 'sparse')
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: 'collection',
        file: this.path,
        detail: "the 'sparse' layout is for single-model files",
      });
    const datasets = new Map<string, StoredArray>();
    const content = modelContent(model, '/', {
      layout: options.layout,
      canShuffle: this.backend.capabilities?.shuffle !== false,
    });
    // SGD / PA models keep what partialFit needs to continue exactly (as saveCoefficients does).
    const all = [...content.datasets, ...trainingStateDatasets(model, '/')];
    for (const d of all) datasets.set(d.path.slice(1), d.array);
    this.models.set(name, {
      attrs: { ...modelAttributes(model, options.metadata), ...content.attrs },
      datasets,
      layout: all,
    });
    return this;
  }

  /** Removes a model; false when there was none of that name. */
  remove(name: string): boolean {
    return this.models.delete(name);
  }

  /** A small JSON document kept beside the models (e.g. a search's finished results). */
  getDocument<T = unknown>(name: string): T | undefined {
    return this.documents.get(name) as T | undefined;
  }

  /** Puts a JSON-able document under a name (replacing one of the same name); written at the next save. */
  putDocument(name: string, value: unknown): this {
    checkName(name);
    this.documents.set(name, JSON.parse(JSON.stringify(value)) as unknown);
    return this;
  }

  /** Removes a document; false when there was none of that name. */
  removeDocument(name: string): boolean {
    return this.documents.delete(name);
  }

  /** The names of the documents. */
  documentNames(): string[] {
    return [...this.documents.keys()].sort();
  }

  /**
   * Writes the whole collection atomically to its path (or `target`); without a path, returns bytes.
   * With `onProgress`, a path and a backend that streams, every model's coef is written in blocks and
   * progress counts their bytes (unit 'bytes', phase 'coef'); otherwise it counts the one file (unit 'files').
   */
  async save(
    target: string | undefined = this.path,
    options: WriteProgressOptions = {},
  ): Promise<Uint8Array | undefined> {
    const datasets: DatasetToWrite[] = [];
    const groups: { path: string; attrs?: Record<string, AttrValue> }[] = [{ path: MODELS }, { path: DOCUMENTS }];
    for (const name of this.names()) {
      const stored = this.models.get(name)!;
      groups.push({ path: `${MODELS}/${name}`, attrs: stored.attrs });
      for (const [key, array] of stored.datasets) {
        const laid = stored.layout?.find((d) => d.path === `/${key}`);
        datasets.push({ ...laid, path: `${MODELS}/${name}/${key}`, array });
      }
    }
    for (const name of this.documentNames()) {
      datasets.push({
        path: `${DOCUMENTS}/${name}`,
        array: { dtype: 'utf8', shape: [1], data: [JSON.stringify(this.documents.get(name))] },
      });
    }
    const attrs: Record<string, AttrValue> = {
      [ATTR.format]: FORMAT_NAME,
      [ATTR.formatVersion]: FORMAT_VERSION,
      [KIND]: 'collection',
      [INDEX]: JSON.stringify({ models: this.names(), documents: this.documentNames() }),
    };
    return writeWithProgress(this.backend, target, { attrs, groups, datasets }, options);
  }
}

function checkName(name: string): void {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 200 ||
    name.includes('/') ||
    name === '.' ||
    name === '..' ||
    name.includes('\0')
  ) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope: 'collection',
      detail: `invalid entry name ${JSON.stringify(name)}: 1-200 characters, no "/"`,
    });
  }
}

function parseDocument(array: StoredArray, file: string, info: DatasetInfo): unknown {
  const text = array.dtype === 'utf8' ? (array.data as readonly string[])[0] : undefined;
  if (text === undefined)
    throw new IcepickleError('INVALID_DTYPE', {
      scope: 'collection',
      file,
      detail: `document "${info.path}" is not a UTF-8 string`,
      object: info.path,
    });
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new IcepickleError('INVALID_INPUT', {
      scope: 'collection',
      file,
      detail: `document "${info.path}" is not valid JSON`,
      cause,
      object: info.path,
    });
  }
}
