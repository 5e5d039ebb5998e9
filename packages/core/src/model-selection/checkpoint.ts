import { IcepickleError, isIcepickleError } from '../errors.js';
import { LinearModel } from '../estimators/linear-model.js';
import { ModelCollection } from '../format/collection.js';
import type { StorageBackend } from '../storage/types.js';
import type { ParamSet } from './parameter-grid.js';
import type { TaskResult } from './fit-and-score.js';

/** What a search does with a checkpoint holding a different search: 'error' refuses, 'restart' discards it. */
export type CheckpointMismatch = 'error' | 'restart';

/** The JSON document a search keeps in its checkpoint collection. */
export interface SearchDocument {
  /** Always 'icepickle-search'. */
  kind: 'icepickle-search';
  /** The document's version. */
  version: 1;
  /** What identifies the search (data, targets, grid, CV plan, estimator). */
  fingerprint: string;
  /** The search's class name. */
  search: string;
  /** The number of candidates. */
  nCandidates: number;
  /** The number of folds. */
  nSplits: number;
  /** The candidates' parameters. */
  candidates: unknown[];
  /** [candidate, fold, testScore, fitTime, scoreTime, trainScore, error] per finished pair; NaN as null. */
  results: [number, number, number | null, number, number, number | null, string | null][];
  /** Best mean test score so far per estimator family, and the candidate it came from. */
  best: Record<string, { candidate: number; meanTestScore: number; model: string | null }>;
}

/**
 * A search's checkpoint: one ModelCollection holding a `search` document (every finished
 * (candidate, fold) result) and the best refitted model so far per estimator family. Every save
 * rewrites the file atomically; results that finish while a save is running go out in the next one,
 * and `record` resolves only once its result is on disk.
 */
export class SearchCheckpoint {
  private doc: SearchDocument;
  private saving = false;
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  private constructor(
    readonly path: string,
    private readonly collection: ModelCollection,
    private readonly key: string,
    doc: SearchDocument,
  ) {
    this.doc = doc;
  }

  /**
   * Opens or creates the checkpoint and writes it once, so an unwritable path fails here, before any
   * fitting. A document from another search (different fingerprint) is an error, or is replaced with
   * `mismatch: 'restart'`.
   */
  static async open(options: {
    path: string;
    backend: StorageBackend | undefined;
    key: string;
    fingerprint: string;
    fresh: Omit<SearchDocument, 'results' | 'best'>;
    mismatch: CheckpointMismatch;
    scope: string;
  }): Promise<{ checkpoint: SearchCheckpoint; finished: TaskResult[] }> {
    const { path, backend, scope } = options;
    if (!backend)
      throw new IcepickleError('INVALID_PARAMETER', {
        scope,
        file: path,
        detail: 'checkpoint needs a storage backend (pass backend, e.g. hdf5Wasm() from @icepickle/hdf5-wasm)',
      });
    if (typeof path !== 'string' || path.length === 0)
      throw new IcepickleError('INVALID_PARAMETER', { scope, detail: 'checkpoint must be a file path' });
    const collection = await ModelCollection.open(path, { backend, create: true });
    const docName = options.key;
    const existing = collection.getDocument<SearchDocument>(docName);
    let doc: SearchDocument = { ...options.fresh, results: [], best: {} };
    let finished: TaskResult[] = [];
    if (existing !== undefined) {
      const same =
        existing.kind === 'icepickle-search' && existing.version === 1 && existing.fingerprint === options.fingerprint;
      if (same) {
        doc = existing;
        finished = existing.results.map(fromRow);
      } else if (options.mismatch === 'restart') {
        for (const name of collection.names()) if (name.startsWith(`${docName}-best-`)) collection.remove(name);
      } else {
        throw new IcepickleError('INVALID_INPUT', {
          scope,
          file: path,
          detail: `the checkpoint holds a different search (fingerprint ${String(existing.fingerprint)}, this search ${options.fingerprint}: the data, grid, CV plan, scoring or estimator changed); use another path, delete the file or pass checkpointMismatch: 'restart'`,
          object: `/documents/${docName}`,
        });
      }
    }
    const checkpoint = new SearchCheckpoint(path, collection, docName, doc);
    await checkpoint.flush();
    return { checkpoint, finished };
  }

  /** Resolves once `result` is in the file. */
  record(result: TaskResult): Promise<void> {
    this.doc.results.push(toRow(result));
    return this.flush();
  }

  bestFor(family: string): { candidate: number; meanTestScore: number } | undefined {
    return this.doc.best[family];
  }

  /** Keeps `model` (refitted on all data) as the best of its family so far. */
  putBest(family: string, candidate: number, meanTestScore: number, model: unknown): Promise<void> {
    const linear = finalLinearModel(model);
    const name = `${this.key}-best-${family}`.slice(0, 200);
    if (linear?.isFitted())
      this.collection.put(name, linear, {
        metadata: { search: this.key, candidate, meanTestScore, params: this.doc.candidates[candidate] },
      });
    this.doc.best[family] = { candidate, meanTestScore, model: linear?.isFitted() ? name : null };
    return this.flush();
  }

  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.saving) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.saving = true;
    while (this.waiters.length > 0) {
      const batch = this.waiters.splice(0);
      try {
        this.collection.putDocument(this.key, this.doc);
        await this.collection.save();
        for (const w of batch) w.resolve();
      } catch (error) {
        const e = isIcepickleError(error)
          ? error
          : new IcepickleError('WRITE_FAILED', {
              scope: 'search',
              file: this.path,
              detail: `could not write the checkpoint (${String(error)})`,
              cause: error,
            });
        for (const w of batch) w.reject(e);
      }
    }
    this.saving = false;
  }
}

/** The estimator to store: the model itself, or a pipeline's last step when it is a linear model. */
export function finalLinearModel(model: unknown): LinearModel<object> | undefined {
  if (model instanceof LinearModel) return model as LinearModel<object>;
  const steps = (model as { steps?: unknown } | null)?.steps;
  if (Array.isArray(steps) && steps.length > 0) {
    const last = steps[steps.length - 1] as unknown;
    const est = Array.isArray(last) ? last[1] : ((last as { estimator?: unknown })?.estimator ?? last);
    if (est instanceof LinearModel) return est as LinearModel<object>;
  }
  return undefined;
}

function toRow(r: TaskResult): SearchDocument['results'][number] {
  const n = (x: number) => (Number.isFinite(x) ? x : null);
  return [
    r.candidate,
    r.fold,
    n(r.testScore),
    r.fitTime,
    r.scoreTime,
    r.trainScore === undefined ? null : n(r.trainScore),
    r.error ?? null,
  ];
}

function fromRow(row: SearchDocument['results'][number]): TaskResult {
  const [candidate, fold, test, fitTime, scoreTime, train, error] = row;
  const r: TaskResult = {
    candidate,
    fold,
    testScore: test ?? Number.NaN,
    fitTime,
    scoreTime,
    trainScore: train ?? Number.NaN,
  };
  if (error !== null) r.error = error;
  return r;
}

export type { ParamSet };
