import { IcepickleError } from '../errors.js';
import type { Label } from '../estimators/metrics.js';
import { checkEnoughSamples, checkKFoldOptions, type KFoldOptions } from './k-fold.js';
import { type SearchInput, type Targets, nSamplesOf } from './rows.js';
import { searchRandom } from './search-random.js';
import { type CrossValidator, type Split, splitFromMask } from './splitters.js';

/** Options of {@link StratifiedKFold}: KFold's. */
export type StratifiedKFoldOptions = KFoldOptions;

/**
 * scikit-learn 1.2's StratifiedKFold. Classes are encoded in order of first appearance; the number
 * of samples of each class in each test fold comes from dealing the sorted encoded labels round-robin
 * over the folds (`np.bincount(y_order[i::n_splits])`), and each class's samples go to folds in
 * blocks, in data order (block order shuffled per class with `shuffle: true`).
 */
export class StratifiedKFold implements CrossValidator {
  /** {@inheritDoc KFoldOptions.nSplits} */
  readonly nSplits: number;
  /** {@inheritDoc KFoldOptions.shuffle} */
  readonly shuffle: boolean;
  /** {@inheritDoc KFoldOptions.randomState} */
  readonly randomState: number | null;
  /** Set by `split` when the least populated class has fewer members than nSplits (scikit-learn warns). */
  warning: string | undefined;

  constructor(options: StratifiedKFoldOptions = {}) {
    ({
      nSplits: this.nSplits,
      shuffle: this.shuffle,
      randomState: this.randomState,
    } = checkKFoldOptions('StratifiedKFold', options));
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }

  /** The (train, test) index pairs of every fold, each fold preserving the classes' proportions. */
  split(X: SearchInput, y?: Targets): Split[] {
    const n = nSamplesOf(X, 'StratifiedKFold');
    checkEnoughSamples('StratifiedKFold', this.nSplits, n);
    const testFolds = this.testFolds(y, n);
    const out: Split[] = [];
    for (let k = 0; k < this.nSplits; k++) {
      const mask = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (testFolds[i] === k) mask[i] = 1;
      out.push(splitFromMask(mask));
    }
    return out;
  }

  /** The test fold of every sample (scikit-learn's `_make_test_folds`). Throws before any split is made. */
  testFolds(y: Targets | undefined, n: number): Int32Array {
    const scope = 'StratifiedKFold';
    if (y === undefined || y === null || y.length !== n) {
      throw new IcepickleError('INVALID_INPUT', {
        scope,
        detail: `y must have one label per sample (${n}), got ${y === undefined || y === null ? 'none' : y.length}`,
      });
    }
    const encoded = new Int32Array(n);
    const codes = new Map<Label, number>();
    for (let i = 0; i < n; i++) {
      const v = (y as ArrayLike<unknown>)[i];
      if (typeof v === 'number' ? !Number.isInteger(v) : typeof v !== 'string') {
        throw new IcepickleError('INVALID_INPUT', {
          scope,
          detail: `supported target types are binary and multiclass labels; y[${i}] is ${typeof v === 'number' ? v : typeof v}`,
        });
      }
      let code = codes.get(v as Label);
      if (code === undefined) codes.set(v as Label, (code = codes.size));
      encoded[i] = code;
    }
    if (codes.size > 0 && [...codes.keys()].some((k) => typeof k !== typeof [...codes.keys()][0])) {
      throw new IcepickleError('INVALID_INPUT', { scope, detail: 'y mixes numbers and strings' });
    }
    const nClasses = codes.size;
    const counts = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) counts[encoded[i]!]!++;
    const minCount = Math.min(...counts);
    if (counts.every((c) => this.nSplits > c)) {
      throw new IcepickleError('INVALID_INPUT', {
        scope,
        detail: `nSplits=${this.nSplits} cannot be greater than the number of members in each class`,
      });
    }
    this.warning =
      this.nSplits > minCount
        ? `the least populated class in y has only ${minCount} members, which is less than nSplits=${this.nSplits}`
        : undefined;
    // Sorted encoded labels dealt round-robin: allocation[f][k] = samples of class k in test fold f.
    const sorted: number[] = [];
    for (let k = 0; k < nClasses; k++) for (let c = 0; c < counts[k]!; c++) sorted.push(k);
    const allocation = Array.from({ length: this.nSplits }, () => new Int32Array(nClasses));
    for (let i = 0; i < sorted.length; i++) allocation[i % this.nSplits]![sorted[i]!]!++;
    const rng = this.shuffle ? searchRandom(this.randomState) : undefined;
    const testFolds = new Int32Array(n);
    for (let k = 0; k < nClasses; k++) {
      const folds: number[] = [];
      for (let f = 0; f < this.nSplits; f++) for (let c = 0; c < allocation[f]![k]!; c++) folds.push(f);
      rng?.shuffle(folds);
      let at = 0;
      for (let i = 0; i < n; i++) if (encoded[i] === k) testFolds[i] = folds[at++]!;
    }
    return testFolds;
  }

  /** The splitter's settings, as recorded in a checkpoint's fingerprint. */
  toJSON(): unknown {
    return { StratifiedKFold: { nSplits: this.nSplits, shuffle: this.shuffle, randomState: this.randomState } };
  }
}
