/**
 * Why the model said what it said. With a HashingVectorizer every token and n-gram of the review is
 * hashed as the vectorizer hashes it (murmurhash3 → column |h| mod n, sign of h), and its share of the
 * decision is coef[column] × sign × count / norm. With a vocabulary (TfidfVectorizer, CountVectorizer)
 * each column is one term, and its share is coef[column] × the row's value there. Either way the shares
 * plus the intercept add up to the decision function.
 */
import { type HashingVectorizer, murmurhash3_32 } from '@icepickle/featurizers';

export interface Contribution {
  term: string;
  /** Occurrences in the review (hashed features; a vocabulary's row holds weights, not counts). */
  count?: number;
  column: number;
  sign: 1 | -1;
  /** The coefficient of its column. */
  weight: number;
  /** weight × sign × count / norm: what this term adds to the decision. */
  contribution: number;
}

export interface Explanation {
  decision: number;
  intercept: number;
  /** Largest |contribution| first. */
  contributions: Contribution[];
}

const MIN_INT32 = -2147483648;

/** scikit-learn's FeatureHasher: column |h| % n (2**31 % n for h = -2**31), sign of h when alternate_sign. */
export function hashedColumn(
  term: string,
  nFeatures: number,
  alternateSign: boolean,
): { column: number; sign: 1 | -1 } {
  const h = murmurhash3_32(term, 0, false);
  const column = h === MIN_INT32 ? 2147483648 % nFeatures : Math.abs(h) % nFeatures;
  return { column, sign: alternateSign && h < 0 ? -1 : 1 };
}

/** `coef` is the binary model's single row of coef_ (nFeatures values). */
export function explain(
  vectorizer: HashingVectorizer,
  coef: ArrayLike<number>,
  intercept: number,
  text: string,
): Explanation {
  const { nFeatures, alternateSign, norm } = vectorizer.getParams();
  const counts = new Map<string, number>();
  for (const term of vectorizer.buildAnalyzer()(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const terms = [...counts].map(([term, count]) => ({ term, count, ...hashedColumn(term, nFeatures, alternateSign) }));
  // the row before normalisation: colliding terms share (and may cancel in) one column
  const raw = new Map<number, number>();
  for (const t of terms) raw.set(t.column, (raw.get(t.column) ?? 0) + t.sign * t.count);
  let scale = 1;
  if (norm === 'l2') scale = Math.sqrt([...raw.values()].reduce((s, v) => s + v * v, 0));
  else if (norm === 'l1') scale = [...raw.values()].reduce((s, v) => s + Math.abs(v), 0);
  if (scale === 0) scale = 1;
  const contributions = terms.map((t) => {
    const weight = coef[t.column]!;
    return { ...t, weight, contribution: (weight * t.sign * t.count) / scale };
  });
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.term.localeCompare(b.term));
  const decision = contributions.reduce((s, c) => s + c.contribution, intercept);
  return { decision, intercept, contributions };
}

/**
 * The explanation of one transformed row (`indices`/`values`: its stored columns) when each column is
 * one term: `names[column]` (a vectorizer's getFeatureNamesOut()).
 */
export function explainRow(
  names: readonly string[],
  coef: ArrayLike<number>,
  intercept: number,
  row: { indices: ArrayLike<number>; values: ArrayLike<number> },
): Explanation {
  const contributions: Contribution[] = [];
  for (let k = 0; k < row.indices.length; k++) {
    const column = row.indices[k]!;
    const weight = coef[column]!;
    contributions.push({ term: names[column]!, column, sign: 1, weight, contribution: weight * row.values[k]! });
  }
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.term.localeCompare(b.term));
  const decision = contributions.reduce((s, c) => s + c.contribution, intercept);
  return { decision, intercept, contributions };
}
