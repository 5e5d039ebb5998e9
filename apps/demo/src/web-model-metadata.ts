/**
 * What build-web-model writes into the bundled pipeline file's `metadata` attribute, and what the page
 * and the tests read back from it: the data it learnt from, when, how it was chosen, and how well it does.
 */
export interface WebModelMetadata {
  data: {
    file: string;
    description: string;
    reviews: number;
    positive: number;
    negative: number;
  };
  /** ISO 8601, when the chosen pipeline was refitted on all the reviews. */
  trainedAt: string;
  search: {
    method: 'GridSearchCV';
    cv: string;
    scoring: 'accuracy';
    /** Every family searched, with its candidate count and best mean CV accuracy. */
    families: { pipeline: string; candidates: number; bestScore: number; bestParams: Record<string, unknown> }[];
  };
  chosen: {
    /** e.g. "TfidfVectorizer + LogisticRegression". */
    pipeline: string;
    /** The grid's parameters of the chosen candidate, scikit-learn's `step__param` names in our camelCase. */
    params: Record<string, unknown>;
    /** Each step's scikit-learn parameters that differ from the class defaults (to rebuild it in Python). */
    sklearnSteps: [name: string, className: string, params: Record<string, unknown>][];
  };
  metrics: {
    /** Mean 5-fold cross-validated accuracy (the search's best_score_). */
    cvAccuracy: number;
    cvAccuracyFolds: number[];
  };
}

/** The metadata, or undefined when `user` is not ours (a file dropped on the page). */
export function asWebModelMetadata(user: Record<string, unknown> | undefined): WebModelMetadata | undefined {
  const m = user as Partial<WebModelMetadata> | undefined;
  const ok =
    m?.data !== undefined &&
    typeof m.data.reviews === 'number' &&
    typeof m.trainedAt === 'string' &&
    typeof m.metrics?.cvAccuracy === 'number' &&
    typeof m.chosen?.pipeline === 'string';
  return ok ? (m as WebModelMetadata) : undefined;
}
