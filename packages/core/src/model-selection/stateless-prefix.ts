import { cloneEstimator, setEstimatorParams } from './estimator-params.js';
import { canonicalJson } from './fingerprint.js';
import type { ParamSet } from './parameter-grid.js';
import type { SearchInput } from './rows.js';
import type { SearchEstimator } from './scoring.js';

/**
 * A search over a pipeline whose first steps are stateless featurizers (HashingVectorizer) need not
 * featurize the documents again for every (candidate, fold): a stateless step learns nothing in fit and
 * transforms each row on its own, so transforming all of X once and then taking each fold's rows gives
 * exactly the rows the pipeline would have made from that fold's documents. The search then fits and
 * scores only the rest of the pipeline, on the calling thread or on worker threads (the rest is often a
 * single registry estimator, which workers can rebuild). scikit-learn re-runs the featurizer per fit;
 * the split scores are the same.
 *
 * Candidates that set parameters of the stateless steps (e.g. `hashingvectorizer__ngramRange`) are
 * grouped by those values: each group is featurized once.
 */
export interface StatelessPlan {
  /** One entry per distinct setting of the stateless steps, in the order their first candidate appears. */
  groups: StatelessGroup[];
}

export interface StatelessGroup {
  /** Candidate indices (into the search's candidate list) in this group, ascending. */
  candidates: number[];
  /** The rest of the pipeline, unfitted, as the search's estimator for this group. */
  rest: SearchEstimator;
  /** Each candidate's parameters for `rest` (the stateless steps' keys removed, names rewritten). */
  restParams: Map<number, ParamSet>;
  /** Featurizes X with this group's stateless steps (throws what the steps throw). */
  transform(X: SearchInput): SearchInput;
}

type NamedSteps = (readonly [string, unknown])[];

/** A step that declares itself stateless (see pipeline/types.ts `Transformer.stateless`). */
function isStateless(step: unknown): step is { transform(X: unknown): unknown } {
  const s = step as { stateless?: unknown; transform?: unknown } | null;
  return s !== null && typeof s === 'object' && s.stateless === true && typeof s.transform === 'function';
}

/**
 * The plan for `estimator`, or undefined when it is not a pipeline (an object with `steps` and no
 * getParams of its own) that starts with at least one stateless step and has a non-stateless rest.
 */
export function planStatelessPrefix(
  estimator: SearchEstimator,
  candidates: readonly ParamSet[],
): StatelessPlan | undefined {
  const steps = (estimator as { steps?: unknown }).steps;
  if (!Array.isArray(steps) || typeof (estimator as { getParams?: unknown }).getParams === 'function') return undefined;
  const named = steps as NamedSteps;
  let k = 0;
  while (k < named.length - 1 && isStateless(named[k]![1])) k++;
  if (k === 0) return undefined;
  const prefixNames = new Set(named.slice(0, k).map(([name]) => name));
  const restSteps = named.slice(k);
  const Pipeline = (estimator as object).constructor as new (steps: NamedSteps) => SearchEstimator;

  const groups = new Map<string, StatelessGroup>();
  for (let c = 0; c < candidates.length; c++) {
    const prefixParams: ParamSet = {};
    const restParams: ParamSet = {};
    for (const [key, value] of Object.entries(candidates[c]!)) {
      const cut = key.indexOf('__');
      const step = cut < 0 ? '' : key.slice(0, cut);
      if (prefixNames.has(step)) prefixParams[key] = value;
      else if (restSteps.length === 1 && cut >= 0) restParams[key.slice(cut + 2)] = value;
      else restParams[key] = value;
    }
    const id = canonicalJson(prefixParams);
    let group = groups.get(id);
    if (!group) {
      const rest = restSteps.length === 1 ? (restSteps[0]![1] as SearchEstimator) : new Pipeline(restSteps);
      group = {
        candidates: [],
        rest,
        restParams: new Map(),
        transform: (X) => featurize(named.slice(0, k), prefixParams, X),
      };
      groups.set(id, group);
    }
    group.candidates.push(c);
    group.restParams.set(c, restParams);
  }
  return { groups: [...groups.values()] };
}

function featurize(prefix: NamedSteps, params: ParamSet, X: SearchInput): SearchInput {
  let data: unknown = X;
  for (const [name, step] of prefix) {
    const own: ParamSet = {};
    for (const [key, value] of Object.entries(params))
      if (key.startsWith(`${name}__`)) own[key.slice(name.length + 2)] = value;
    const configured = cloneEstimator(step) as { transform(X: unknown): unknown };
    setEstimatorParams(configured, own);
    data = configured.transform(data);
  }
  return data as SearchInput;
}
