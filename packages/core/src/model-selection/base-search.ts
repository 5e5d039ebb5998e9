import { IcepickleError, NotFittedError } from '../errors.js';
import { LinearModel } from '../estimators/linear-model.js';
import { checkParamNames } from '../estimators/param-names.js';
import { isEstimatorName } from '../estimators/registry.js';
import type { StorageBackend } from '../storage/types.js';
import { type CheckpointMismatch, SearchCheckpoint } from './checkpoint.js';
import { cloneEstimator, estimatorClassName, getEstimatorParams, setEstimatorParams } from './estimator-params.js';
import { type CvOption, makeSplits, resolveCv } from './cv-plan.js';
import { type CvResults, buildCvResults } from './cv-results.js';
import { FoldCache, type TaskResult, fitAndScore } from './fit-and-score.js';
import { Fingerprint, canonicalJson } from './fingerprint.js';
import { numpyMean } from './numpy-sum.js';
import type { ParamSet } from './parameter-grid.js';
import { ProgressReporter, type SearchProgress } from './progress.js';
import { type SearchInput, type Targets, nSamplesOf, normaliseInput } from './rows.js';
import { type Scoring, type ScoringFunction, type SearchEstimator, getScorer } from './scoring.js';
import type { Split } from './splitters.js';
import { WorkerPool } from './worker-pool.js';
import type { Host } from '../platform/host.js';
import { now } from '../platform/clock.js';
import { planStatelessPrefix } from './stateless-prefix.js';
import { type TaskMessage, encodeInput } from './worker-protocol.js';

/** Every SearchOptions name: unknown ones are refused, as Python refuses an unexpected keyword. */
export const SEARCH_OPTION_NAMES = [
  'cv',
  'scoring',
  'refit',
  'nJobs',
  'host',
  'checkpoint',
  'backend',
  'checkpointMismatch',
  'checkpointKey',
  'onProgress',
  'progress',
  'errorScore',
  'returnTrainScore',
] as const satisfies readonly (keyof SearchOptions)[];

/** INVALID_PARAMETER for an option name the search does not have, listing the valid ones. */
export function checkSearchOptionNames(scope: string, options: object, extra: readonly string[] = []): void {
  const names = Object.fromEntries([...SEARCH_OPTION_NAMES, ...extra].map((n) => [n, true]));
  checkParamNames(scope, options ?? {}, names);
}

/**
 * Options of {@link GridSearchCV} and {@link RandomizedSearchCV}: scikit-learn's search parameters, camelCased, with
 * the checkpoint and progress of ours.
 */
export interface SearchOptions {
  /**
   * Folds (default 5: StratifiedKFold for classifiers, KFold otherwise) or a splitter.
   * @defaultValue 5
   */
  cv?: CvOption;
  /**
   * A scorer name, a function (estimator, X, y) => number (greater is better), or the estimator's score.
   * @defaultValue undefined (the estimator's own `score`: accuracy or R²)
   */
  scoring?: Scoring;
  /**
   * Refit the best candidate on all the data as `bestEstimator_` (default true).
   * @defaultValue true
   */
  refit?: boolean;
  /**
   * (candidate, fold) pairs in parallel on the host's worker threads; -1 = one per core.
   * @defaultValue 1
   */
  nJobs?: number;
  /**
   * Where workers and the CPU count come from (`nodeHost` from `@icepickle/core/node`); without it, one thread.
   * @defaultValue undefined (one thread)
   */
  host?: Host;
  /**
   * Path of an HDF5 collection that keeps every finished result; rerunning resumes from it.
   * @defaultValue undefined (nothing kept)
   */
  checkpoint?: string;
  /**
   * Storage backend for the checkpoint (e.g. hdf5Wasm()).
   * @defaultValue undefined (required with `checkpoint`)
   */
  backend?: StorageBackend;
  /**
   * A checkpoint holding a different search: 'error' (default) or 'restart' (discard it).
   * @defaultValue 'error'
   */
  checkpointMismatch?: CheckpointMismatch;
  /**
   * Name of this search inside the checkpoint collection (default 'search'); several searches may share one file.
   * @defaultValue 'search'
   */
  checkpointKey?: string;
  /**
   * Called after each finished (candidate, fold) pair, with the counts and an ETA.
   * @defaultValue undefined (no callback)
   */
  onProgress?: (progress: SearchProgress) => void;
  /**
   * Draw a progress bar with ETA on stderr when it is a terminal.
   * @defaultValue false
   */
  progress?: boolean;
  /**
   * Score of a failed fit: a number (default NaN, as scikit-learn) or 'raise'.
   * @defaultValue NaN
   */
  errorScore?: 'raise' | number;
  /**
   * Also score each fit on its training rows (cv_results_'s `*_train_score`).
   * @defaultValue false
   */
  returnTrainScore?: boolean;
}

/**
 * What GridSearchCV and RandomizedSearchCV share: validation before any work, the fold plan, the
 * (candidate, fold) loop on this thread or on workers, the checkpoint, cv_results_, refit.
 */
export abstract class BaseSearchCV {
  /** scikit-learn's class name. */
  abstract readonly className: string;
  private fitted:
    | {
        cvResults: CvResults;
        bestIndex: number;
        bestParams: ParamSet;
        bestScore: number;
        bestEstimator: SearchEstimator | undefined;
        nSplits: number;
        refitTime: number | undefined;
      }
    | undefined;
  /** Messages scikit-learn would have warned with (failed fits, a class smaller than nSplits, ...). */
  warnings_: string[] = [];

  protected constructor(
    /** The estimator (or pipeline) whose parameters are searched; never fitted itself (clones are). */
    readonly estimator: SearchEstimator,
    /** The options, as given. */
    readonly options: SearchOptions,
  ) {}

  /** The candidates, in scikit-learn's order. */
  protected abstract candidates(): ParamSet[];

  /** Every candidate's scores and times, as scikit-learn's `cv_results_` (column name → one value per candidate). */
  get cvResults_(): CvResults {
    return this.check().cvResults;
  }
  /** The index of the best candidate in cvResults_ (lowest rank_test_score). */
  get bestIndex_(): number {
    return this.check().bestIndex;
  }
  /** The best candidate's parameters. */
  get bestParams_(): ParamSet {
    return { ...this.check().bestParams };
  }
  /** The best candidate's mean test score. */
  get bestScore_(): number {
    return this.check().bestScore;
  }
  /** The best candidate refitted on all the data; throws unless `refit` is true. */
  get bestEstimator_(): SearchEstimator {
    const e = this.check().bestEstimator;
    if (!e)
      throw new IcepickleError('NOT_FITTED', {
        scope: this.className,
        detail: 'bestEstimator_ exists only with refit: true',
      });
    return e;
  }
  /** The number of folds. */
  get nSplits_(): number {
    return this.check().nSplits;
  }
  /** Seconds spent refitting the best candidate on all the data. */
  get refitTime_(): number | undefined {
    return this.check().refitTime;
  }

  /** bestEstimator_'s predict. */
  predict(X: SearchInput): unknown {
    return this.bestEstimator_.predict(X as never);
  }
  /** bestEstimator_'s decisionFunction. */
  decisionFunction(X: SearchInput): unknown {
    const e = this.bestEstimator_;
    if (!e.decisionFunction)
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: this.className,
        detail: 'the best estimator has no decisionFunction',
      });
    return e.decisionFunction(X as never);
  }
  /** bestEstimator_'s predictProba. */
  predictProba(X: SearchInput): unknown {
    const e = this.bestEstimator_;
    if (!e.predictProba)
      throw new IcepickleError('NOT_SUPPORTED', {
        scope: this.className,
        detail: 'the best estimator has no predictProba',
      });
    return e.predictProba(X as never);
  }
  /** The chosen scorer on the best estimator (scikit-learn's search.score). */
  async score(X: SearchInput, y: Targets): Promise<number> {
    return getScorer(this.options.scoring, this.className)(this.bestEstimator_, normaliseInput(X), y);
  }

  private check() {
    if (!this.fitted) throw new NotFittedError(this.className);
    return this.fitted;
  }

  /** Fits and scores every candidate on every fold (resuming from the checkpoint), then refits the best. */
  async fit(Xin: SearchInput, y: Targets): Promise<this> {
    this.warnings_ = [];
    const plan = this.plan(Xin, y);
    const { candidates, nSplits, returnTrainScore } = plan;
    const total = candidates.length * nSplits;
    const { checkpoint, finished } = await this.openCheckpoint(plan, y);

    const results: TaskResult[] = [];
    const done = new Set<number>();
    const perCandidate = new Int32Array(candidates.length);
    const testScores = new Float64Array(candidates.length * nSplits).fill(Number.NaN);
    for (const r of finished) {
      if (r.candidate >= candidates.length || r.fold >= nSplits || done.has(r.candidate * nSplits + r.fold)) continue;
      done.add(r.candidate * nSplits + r.fold);
      perCandidate[r.candidate]!++;
      testScores[r.candidate * nSplits + r.fold] = r.testScore;
      results.push(r);
    }
    const o = this.options;
    const progress = new ProgressReporter(results.length, total, o.onProgress, o.progress ?? false, this.className);
    const tasks: TaskMessage[] = [];
    for (let c = 0; c < candidates.length; c++)
      for (let f = 0; f < nSplits; f++)
        if (!done.has(c * nSplits + f)) tasks.push({ type: 'task', candidate: c, fold: f, params: candidates[c]! });

    let bestChain: Promise<void> = Promise.resolve();
    const onResult = async (r: TaskResult): Promise<void> => {
      results.push(r);
      testScores[r.candidate * nSplits + r.fold] = r.testScore;
      if (r.error !== undefined) this.warnings_.push(`candidate ${r.candidate}, fold ${r.fold} failed: ${r.error}`);
      await checkpoint?.record(r);
      perCandidate[r.candidate]!++;
      if (checkpoint && plan.refit && perCandidate[r.candidate] === nSplits) {
        const cp = checkpoint;
        const scores = testScores.slice(r.candidate * nSplits, (r.candidate + 1) * nSplits);
        bestChain = bestChain.then(() => this.keepBest(cp, r.candidate, candidates[r.candidate]!, scores, plan.X, y));
        await bestChain;
      }
      progress.tick(r.candidate, r.fold);
    };
    try {
      await this.runTasks(plan, y, tasks, onResult);
      await bestChain;
    } finally {
      progress.finish();
    }

    if (results.every((r) => r.error !== undefined)) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: this.className,
        detail: `all ${total} fits failed; the first error: ${results[0]?.error ?? 'unknown'}`,
      });
    }
    const cvResults = buildCvResults(candidates, results, nSplits, returnTrainScore);
    const bestIndex = cvResults.rank_test_score.indexOf(Math.min(...cvResults.rank_test_score));
    const refitted = plan.refit ? await this.refitBest(plan, y, cvResults, bestIndex, checkpoint) : undefined;
    this.fitted = {
      cvResults,
      bestIndex,
      bestParams: candidates[bestIndex]!,
      bestScore: cvResults.mean_test_score[bestIndex]!,
      bestEstimator: refitted?.estimator,
      nSplits,
      refitTime: refitted?.seconds,
    };
    return this;
  }

  /** Everything that can be wrong is checked before the first fit (and before the checkpoint is touched). */
  private plan(Xin: SearchInput, y: Targets): SearchPlan {
    const scope = this.className;
    const o = this.options;
    const scorer = getScorer(o.scoring, scope);
    const errorScore = o.errorScore ?? Number.NaN;
    if (errorScore !== 'raise' && typeof errorScore !== 'number')
      throw invalid(scope, `errorScore must be 'raise' or a number, got ${String(errorScore)}`);
    const nJobs = o.nJobs ?? 1;
    if (!(Number.isInteger(nJobs) && (nJobs >= 1 || nJobs === -1)))
      throw invalid(scope, `nJobs must be a positive integer or -1, got ${nJobs}`);
    if (o.checkpointMismatch !== undefined && o.checkpointMismatch !== 'error' && o.checkpointMismatch !== 'restart') {
      throw invalid(scope, `checkpointMismatch must be 'error' or 'restart', got ${String(o.checkpointMismatch)}`);
    }
    const candidates = this.candidates();
    if (candidates.length === 0 || candidates.every((c) => Object.keys(c).length === 0)) {
      throw invalid(
        scope,
        'the parameter grid is empty: give at least one parameter with at least one value (use crossValScore to evaluate a single estimator)',
      );
    }
    this.checkParamNames(candidates);
    const X = normaliseInput(Xin);
    const n = nSamplesOf(X, scope);
    if (y === null || y === undefined || typeof (y as ArrayLike<unknown>).length !== 'number' || y.length !== n) {
      throw new IcepickleError('INVALID_INPUT', {
        scope,
        detail: `y must have one value per sample of X (${n}), got ${y?.length ?? 'none'}`,
      });
    }
    const cv = resolveCv(o.cv, this.estimator, y, scope);
    const splits = makeSplits(cv, X, y, scope);
    const cvWarning = (cv as { warning?: string }).warning;
    if (cvWarning) this.warnings_.push(cvWarning);
    const returnTrainScore = o.returnTrainScore ?? false;
    const refit = o.refit ?? true;
    return { scorer, refit, errorScore, returnTrainScore, nJobs, candidates, X, splits, nSplits: splits.length };
  }

  /** The checkpoint (if asked for) and the results it already holds for this very search. */
  private async openCheckpoint(
    plan: SearchPlan,
    y: Targets,
  ): Promise<{ checkpoint: SearchCheckpoint | undefined; finished: TaskResult[] }> {
    const o = this.options;
    if (o.checkpoint === undefined) return { checkpoint: undefined, finished: [] };
    const { X, candidates, splits, returnTrainScore, errorScore } = plan;
    const fingerprint = this.fingerprint(X, y, candidates, splits, { returnTrainScore, errorScore });
    return SearchCheckpoint.open({
      path: o.checkpoint,
      backend: o.backend,
      key: o.checkpointKey ?? 'search',
      fingerprint,
      mismatch: o.checkpointMismatch ?? 'error',
      scope: this.className,
      fresh: {
        kind: 'icepickle-search',
        version: 1,
        fingerprint,
        search: this.className,
        nCandidates: candidates.length,
        nSplits: plan.nSplits,
        candidates: JSON.parse(canonicalJson(candidates)) as unknown[],
      },
    });
  }

  /**
   * Runs the tasks on this thread or on workers. Pipelines that start with stateless featurizers are
   * featurized once per setting and the rest fitted; one pool serves the whole search, started for the
   * first run's estimator, and later runs of the same estimator (other featurizer settings) send it their data.
   */
  private async runTasks(
    plan: SearchPlan,
    y: Targets,
    tasks: TaskMessage[],
    onResult: (r: TaskResult) => Promise<void>,
  ): Promise<void> {
    const { X, splits, candidates, nJobs, scorer, returnTrainScore, errorScore } = plan;
    let pool: WorkerPool | undefined;
    let poolFor: SearchEstimator | undefined;
    try {
      for (const run of this.runsOf(X, candidates, tasks)) {
        let Xrun: SearchInput;
        let estimator = run.estimator;
        let runTasks = run.tasks;
        try {
          Xrun = run.X();
        } catch {
          // the featurizer refuses some documents: each fit then fails (or raises) as it would have
          Xrun = X;
          estimator = this.estimator;
          runTasks = run.tasks.map((t) => ({ ...t, params: candidates[t.candidate]! }));
        }
        if (nJobs !== 1 && tasks.length > 1 && poolFor === undefined) {
          poolFor = estimator;
          pool = await this.startPool(estimator, nJobs, tasks.length, Xrun, y, splits, {
            returnTrainScore,
            errorScore,
          });
        } else if (pool && poolFor === estimator) {
          await pool.setData(encodeInput(Xrun));
        }
        if (pool && poolFor === estimator) {
          await pool.run(runTasks, onResult);
          continue;
        }
        const folds = new FoldCache(Xrun, y, splits);
        for (const t of runTasks) {
          const options = { scorer, returnTrainScore, errorScore };
          const { estimator: _fitted, ...r } = await fitAndScore(
            estimator,
            t.params,
            t.candidate,
            t.fold,
            folds.get(t.fold),
            options,
          );
          await onResult(r);
        }
      }
    } finally {
      await pool?.close();
    }
  }

  /** The search as runs of (estimator, data, tasks): one, or one per setting of a stateless featurizer prefix. */
  private runsOf(
    X: SearchInput,
    candidates: ParamSet[],
    tasks: TaskMessage[],
  ): Array<{ estimator: SearchEstimator; X: () => SearchInput; tasks: TaskMessage[] }> {
    const prefix = planStatelessPrefix(this.estimator, candidates);
    if (!prefix) return [{ estimator: this.estimator, X: () => X, tasks }];
    const runs: Array<{ estimator: SearchEstimator; X: () => SearchInput; tasks: TaskMessage[] }> = [];
    for (const group of prefix.groups) {
      const members = new Set(group.candidates);
      const own = tasks
        .filter((t) => members.has(t.candidate))
        .map((t) => ({ ...t, params: group.restParams.get(t.candidate)! }));
      if (own.length > 0) runs.push({ estimator: group.rest, X: () => group.transform(X), tasks: own });
    }
    return runs;
  }

  /** The best candidate refitted on all the data (and kept as its family's best in the checkpoint). */
  private async refitBest(
    plan: SearchPlan,
    y: Targets,
    cvResults: CvResults,
    bestIndex: number,
    checkpoint: SearchCheckpoint | undefined,
  ): Promise<{ estimator: SearchEstimator; seconds: number }> {
    const start = now();
    const estimator = cloneEstimator(this.estimator);
    setEstimatorParams(estimator, plan.candidates[bestIndex]!, this.className);
    await estimator.fit(plan.X as never, y as never);
    const seconds = (now() - start) / 1000;
    // The checkpoint's best model of this family is the final one, even if a kill came between the
    // last result and its "best so far" save.
    const family = estimatorClassName(estimator).replace(/[^A-Za-z0-9_.-]/g, '_');
    const bestScore = cvResults.mean_test_score[bestIndex]!;
    if (checkpoint && checkpoint.bestFor(family)?.candidate !== bestIndex && !Number.isNaN(bestScore)) {
      await checkpoint.putBest(family, bestIndex, bestScore, estimator);
    }
    return { estimator, seconds };
  }

  /** A candidate finished all folds: if it is its family's best so far, refit it and keep it in the checkpoint. */
  private async keepBest(
    cp: SearchCheckpoint,
    candidate: number,
    params: ParamSet,
    scores: Float64Array,
    X: SearchInput,
    y: Targets,
  ): Promise<void> {
    const mean = numpyMean(scores);
    if (Number.isNaN(mean)) return;
    const model = cloneEstimator(this.estimator);
    setEstimatorParams(model, params);
    const family = estimatorClassName(model).replace(/[^A-Za-z0-9_.-]/g, '_');
    const prev = cp.bestFor(family);
    if (prev && !(mean > prev.meanTestScore || (mean === prev.meanTestScore && candidate < prev.candidate))) return;
    try {
      await model.fit(X as never, y as never);
    } catch {
      return;
    }
    await cp.putBest(family, candidate, mean, model);
  }

  private checkParamNames(candidates: ParamSet[]): void {
    const known = getEstimatorParams(this.estimator);
    const seen = new Set<string>();
    for (const c of candidates) {
      for (const [key, value] of Object.entries(c)) {
        if (seen.has(key)) continue;
        seen.add(key);
        if (Object.hasOwn(known, key)) continue;
        try {
          setEstimatorParams(cloneEstimator(this.estimator), { [key]: value }, this.className);
        } catch (cause) {
          const name = estimatorClassName(this.estimator);
          throw new IcepickleError('INVALID_PARAMETER', {
            scope: this.className,
            detail: `invalid parameter '${key}' for estimator ${name}; valid parameters are: ${Object.keys(known).join(', ')}`,
            cause,
          });
        }
      }
    }
  }

  private fingerprint(X: SearchInput, y: Targets, candidates: ParamSet[], splits: Split[], extra: object): string {
    const fp = new Fingerprint();
    fp.string(this.className).string(estimatorClassName(this.estimator)).json(getEstimatorParams(this.estimator));
    fp.json(candidates).json(extra);
    const scoring = this.options.scoring;
    fp.string(typeof scoring === 'function' ? `fn:${scoring.toString()}` : String(scoring ?? 'score'));
    fp.word(splits.length);
    for (const [train, test] of splits) fp.ints(train).ints(test);
    return fp.input(X).targets(y).digest();
  }

  private async startPool(
    est: SearchEstimator,
    nJobs: number,
    nTasks: number,
    X: SearchInput,
    y: Targets,
    splits: Split[],
    opts: { returnTrainScore: boolean; errorScore: 'raise' | number },
  ): Promise<WorkerPool | undefined> {
    const scoring = this.options.scoring;
    const eligible = est instanceof LinearModel && isEstimatorName(est.className) && typeof scoring !== 'function';
    if (!eligible) {
      this.warnings_.push(
        'nJobs > 1 needs one of the six registry estimators (alone, or after stateless featurizers in a pipeline) and a named scoring; running on this thread',
      );
      return undefined;
    }
    const host = this.options.host;
    if (host?.startSearchWorker === undefined) {
      this.warnings_.push(
        "nJobs > 1 needs a host with worker threads (host: nodeHost from '@icepickle/core/node'); running on this thread",
      );
      return undefined;
    }
    const size = Math.min(nTasks, nJobs === -1 ? (host.cpuCount?.() ?? 1) : nJobs);
    const pool = await WorkerPool.start(host.startSearchWorker, size, {
      type: 'init',
      className: est.className,
      params: (est as LinearModel<object>).getParams() as Record<string, unknown>,
      X: encodeInput(X),
      y: Array.from(y as ArrayLike<unknown>) as Targets,
      splits: splits.map(([a, b]) => [a, b]),
      scoring: scoring as never,
      returnTrainScore: opts.returnTrainScore,
      errorScore: opts.errorScore,
    });
    if (!pool) this.warnings_.push('worker threads are not available here; running on this thread');
    return pool;
  }
}

/** A search's settings and data, checked before anything runs. */
interface SearchPlan {
  scorer: ScoringFunction;
  refit: boolean;
  errorScore: 'raise' | number;
  returnTrainScore: boolean;
  nJobs: number;
  candidates: ParamSet[];
  X: SearchInput;
  splits: Split[];
  nSplits: number;
}

function invalid(scope: string, what: string): IcepickleError {
  return new IcepickleError('INVALID_PARAMETER', { scope, detail: what });
}
