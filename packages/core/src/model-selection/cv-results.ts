import type { TaskResult } from './fit-and-score.js';
import { numpyMean, numpyStd } from './numpy-sum.js';
import type { ParamSet } from './parameter-grid.js';

/**
 * scikit-learn's `cv_results_`, column-wise: `mean_fit_time`, `std_fit_time`, `mean_score_time`,
 * `std_score_time`, one `param_<name>` column per parameter (undefined where a candidate's grid lacks
 * it, scikit-learn's masked entries), `params`, `split<k>_test_score`, `mean_test_score`,
 * `std_test_score`, `rank_test_score` (and the train columns with returnTrainScore). Times in seconds.
 */
export type CvResults = Record<string, unknown[]> & {
  /** Each candidate's parameters. */
  params: ParamSet[];
  /** Mean test score over the folds. */
  mean_test_score: number[];
  /** Standard deviation of the test scores. */
  std_test_score: number[];
  /** Rank by mean test score (1 is best; ties share the lowest rank). */
  rank_test_score: number[];
  /** Mean fit time in seconds. */
  mean_fit_time: number[];
  /** Standard deviation of the fit times. */
  std_fit_time: number[];
  /** Mean scoring time in seconds. */
  mean_score_time: number[];
  /** Standard deviation of the scoring times. */
  std_score_time: number[];
};

export function buildCvResults(
  candidates: readonly ParamSet[],
  results: readonly TaskResult[],
  nSplits: number,
  returnTrainScore: boolean,
): CvResults {
  const n = candidates.length;
  const grid = (pick: (r: TaskResult) => number): Float64Array[] => {
    const rows = Array.from({ length: n }, () => new Float64Array(nSplits).fill(Number.NaN));
    for (const r of results) rows[r.candidate]![r.fold] = pick(r);
    return rows;
  };
  const out: Record<string, unknown[]> = {};
  const store = (key: string, rows: Float64Array[], splits: boolean, rank: boolean) => {
    if (splits) for (let k = 0; k < nSplits; k++) out[`split${k}_${key}`] = rows.map((r) => r[k]!);
    const means = rows.map((r) => numpyMean(r));
    out[`mean_${key}`] = means;
    out[`std_${key}`] = rows.map((r) => numpyStd(r));
    if (rank) out[`rank_${key}`] = rankMin(means);
  };
  store(
    'fit_time',
    grid((r) => r.fitTime),
    false,
    false,
  );
  store(
    'score_time',
    grid((r) => r.scoreTime),
    false,
    false,
  );
  const names: string[] = [];
  for (const c of candidates) for (const k of Object.keys(c)) if (!names.includes(k)) names.push(k);
  for (const name of names)
    out[`param_${name}`] = candidates.map((c) => (Object.hasOwn(c, name) ? c[name] : undefined));
  out.params = candidates.map((c) => ({ ...c }));
  store(
    'test_score',
    grid((r) => r.testScore),
    true,
    true,
  );
  if (returnTrainScore)
    store(
      'train_score',
      grid((r) => r.trainScore ?? Number.NaN),
      true,
      false,
    );
  return out as CvResults;
}

/**
 * `rankdata(-means, method='min')` as int32; NaN means rank after every finite one (scikit-learn
 * replaces them with min − 1), and all-NaN ranks everything 1.
 */
export function rankMin(means: readonly number[]): number[] {
  if (means.every((m) => Number.isNaN(m))) return means.map(() => 1);
  let min = Infinity;
  for (const m of means) if (!Number.isNaN(m) && m < min) min = m;
  const filled = means.map((m) => (Number.isNaN(m) ? min - 1 : m));
  // Descending order; equal values share the rank of the first of them.
  const order = filled
    .map((_m, i) => i)
    .sort((a, b) => (filled[a]! > filled[b]! ? -1 : filled[a]! < filled[b]! ? 1 : 0));
  const ranks = new Array<number>(filled.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    ranks[i] = k > 0 && filled[order[k - 1]!] === filled[i] ? ranks[order[k - 1]!]! : k + 1;
  }
  return ranks;
}
