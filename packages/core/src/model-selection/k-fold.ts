import { IcepickleError } from '../errors.js';
import { checkParamNames } from '../estimators/param-names.js';
import { type SearchInput, type Targets, nSamplesOf } from './rows.js';
import { searchRandom } from './search-random.js';
import { type CrossValidator, type Split, splitFromMask } from './splitters.js';

/** Options of {@link KFold} and {@link StratifiedKFold}: scikit-learn's parameters, camelCased. */
export interface KFoldOptions {
  /**
   * The number of folds, at least 2.
   * @defaultValue 5
   */
  nSplits?: number;
  /**
   * Whether to shuffle the samples before splitting them into folds (samples within a fold are not shuffled).
   * @defaultValue false
   */
  shuffle?: boolean;
  /**
   * Seed for shuffle=true (numpy legacy RandomState.shuffle; see SearchRandom).
   * @defaultValue null
   */
  randomState?: number | null;
}

/**
 * scikit-learn's KFold: consecutive folds, the first `n % nSplits` one sample larger. With
 * `shuffle: true` the indices are shuffled first by our seeded generator.
 */
export class KFold implements CrossValidator {
  /** {@inheritDoc KFoldOptions.nSplits} */
  readonly nSplits: number;
  /** {@inheritDoc KFoldOptions.shuffle} */
  readonly shuffle: boolean;
  /** {@inheritDoc KFoldOptions.randomState} */
  readonly randomState: number | null;

  constructor(options: KFoldOptions = {}) {
    ({
      nSplits: this.nSplits,
      shuffle: this.shuffle,
      randomState: this.randomState,
    } = checkKFoldOptions('KFold', options));
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }

  /** The (train, test) index pairs of every fold. */
  split(X: SearchInput, _y?: Targets): Split[] {
    const n = nSamplesOf(X, 'KFold');
    checkEnoughSamples('KFold', this.nSplits, n);
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) indices[i] = i;
    if (this.shuffle) searchRandom(this.randomState).shuffle(indices);
    const out: Split[] = [];
    let start = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      const mask = new Uint8Array(n);
      for (let i = start; i < start + size; i++) mask[indices[i]!] = 1;
      out.push(splitFromMask(mask));
      start += size;
    }
    return out;
  }

  /** The splitter's settings, as recorded in a checkpoint's fingerprint. */
  toJSON(): unknown {
    return { KFold: { nSplits: this.nSplits, shuffle: this.shuffle, randomState: this.randomState } };
  }
}

export function checkKFoldOptions(scope: string, options: KFoldOptions): Required<KFoldOptions> {
  checkParamNames(scope, options ?? {}, { nSplits: 5, shuffle: false, randomState: null });
  const nSplits = options.nSplits ?? 5;
  const shuffle = options.shuffle ?? false;
  const randomState = options.randomState ?? null;
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `k-fold cross-validation requires at least one train/test split by setting nSplits=2 or more, got nSplits=${nSplits}`,
    });
  }
  if (typeof shuffle !== 'boolean')
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `shuffle must be true or false, got ${String(shuffle)}`,
    });
  if (!shuffle && randomState !== null) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: 'setting randomState has no effect since shuffle is false; set shuffle: true or leave randomState unset',
    });
  }
  if (randomState !== null && !(Number.isInteger(randomState) && randomState >= 0 && randomState < 2 ** 32)) {
    throw new IcepickleError('INVALID_PARAMETER', {
      scope,
      detail: `randomState must be an integer in [0, 2^32), got ${randomState}`,
    });
  }
  return { nSplits, shuffle, randomState };
}

export function checkEnoughSamples(scope: string, nSplits: number, n: number): void {
  if (nSplits > n) {
    throw new IcepickleError('INVALID_INPUT', {
      scope,
      detail: `cannot have number of splits nSplits=${nSplits} greater than the number of samples: n_samples=${n}`,
    });
  }
}
