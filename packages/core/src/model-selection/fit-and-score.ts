import { CsrMatrix } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';
import { cloneEstimator, setEstimatorParams } from './estimator-params.js';
import type { ParamSet } from './parameter-grid.js';
import { type SearchInput, type Targets, selectRows, selectTargets } from './rows.js';
import type { ScoringFunction, SearchEstimator } from './scoring.js';
import type { Split } from './splitters.js';
import { now } from '../platform/clock.js';

/** One finished (candidate, fold): scores, and times in seconds as scikit-learn reports them. */
export interface TaskResult {
  /** The candidate's index. */
  candidate: number;
  /** The fold's index. */
  fold: number;
  /** The score on the fold's test rows (errorScore when the fit failed). */
  testScore: number;
  /** The score on the training rows (with returnTrainScore). */
  trainScore?: number;
  /** Seconds spent fitting. */
  fitTime: number;
  /** Seconds spent scoring. */
  scoreTime: number;
  /** Why the fit or the scoring failed (the score is then `errorScore`). */
  error?: string;
}

export interface FoldData {
  XTrain: SearchInput;
  yTrain: Targets;
  XTest: SearchInput;
  yTest: Targets;
}

/** Above this, fold copies are made per task instead of kept (all folds together hold nSplits copies of X). */
const CACHE_LIMIT_BYTES = 1 << 30;

/**
 * Train/test rows of each fold, selected once and shared by every candidate — unless keeping all of
 * them would pass CACHE_LIMIT_BYTES, in which case each task selects its rows (as scikit-learn does).
 */
export class FoldCache {
  private readonly cache = new Map<number, FoldData>();
  private readonly keep: boolean;

  constructor(
    private readonly X: SearchInput,
    private readonly y: Targets,
    private readonly splits: readonly Split[],
  ) {
    this.keep = approximateBytes(X) * splits.length <= CACHE_LIMIT_BYTES;
  }

  get(fold: number): FoldData {
    let data = this.cache.get(fold);
    if (!data) {
      const [train, test] = this.splits[fold]!;
      data = {
        XTrain: selectRows(this.X, train),
        yTrain: selectTargets(this.y, train),
        XTest: selectRows(this.X, test),
        yTest: selectTargets(this.y, test),
      };
      if (this.keep) this.cache.set(fold, data);
    }
    return data;
  }
}

function approximateBytes(X: SearchInput): number {
  if (X instanceof CsrMatrix) return X.nnz * (4 + X.data.BYTES_PER_ELEMENT) + 4 * X.shape[0];
  if (X instanceof DenseMatrix) return X.data.byteLength;
  const rows = X as ArrayLike<unknown>;
  const first = rows.length > 0 ? rows[0] : undefined;
  const perRow =
    typeof first === 'string' ? 2 * first.length : ((first as ArrayLike<number> | undefined)?.length ?? 0) * 8;
  return rows.length * perRow;
}

export interface FitAndScoreOptions {
  scorer: ScoringFunction;
  returnTrainScore: boolean;
  /** 'raise' rethrows a failed fit; a number (default NaN) becomes that split's score. */
  errorScore: 'raise' | number;
}

/**
 * scikit-learn's `_fit_and_score`: clone, set the candidate's parameters, fit on the training rows,
 * score on the test rows. The same function runs on the main thread and in workers, so results are
 * identical whatever nJobs is.
 */
export async function fitAndScore(
  base: SearchEstimator,
  params: ParamSet,
  candidate: number,
  fold: number,
  data: FoldData,
  options: FitAndScoreOptions,
): Promise<TaskResult & { estimator?: SearchEstimator }> {
  const start = now();
  let estimator: SearchEstimator;
  let fitTime: number;
  try {
    estimator = cloneEstimator(base);
    setEstimatorParams(estimator, params);
    await estimator.fit(data.XTrain as never, data.yTrain as never);
    fitTime = (now() - start) / 1000;
  } catch (error) {
    if (options.errorScore === 'raise') throw error;
    const r: TaskResult = {
      candidate,
      fold,
      testScore: options.errorScore,
      fitTime: (now() - start) / 1000,
      scoreTime: 0,
      error: message(error),
    };
    if (options.returnTrainScore) r.trainScore = options.errorScore;
    return r;
  }
  const scoreStart = now();
  try {
    const testScore = await options.scorer(estimator, data.XTest, data.yTest);
    const scoreTime = (now() - scoreStart) / 1000;
    const r: TaskResult & { estimator?: SearchEstimator } = {
      candidate,
      fold,
      testScore: Number(testScore),
      fitTime,
      scoreTime,
      estimator,
    };
    if (options.returnTrainScore) r.trainScore = Number(await options.scorer(estimator, data.XTrain, data.yTrain));
    return r;
  } catch (error) {
    if (options.errorScore === 'raise') throw error;
    const r: TaskResult = {
      candidate,
      fold,
      testScore: options.errorScore,
      fitTime,
      scoreTime: (now() - scoreStart) / 1000,
      error: message(error),
    };
    if (options.returnTrainScore) r.trainScore = options.errorScore;
    return r;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
