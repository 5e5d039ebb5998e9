import type { SearchInput, Targets } from './rows.js';

/** A train/test split: sorted row indices. */
export type Split = readonly [train: Int32Array, test: Int32Array];

/** What `cv` accepts besides a number: scikit-learn's splitter protocol. */
export interface CrossValidator {
  /** The number of folds. */
  getNSplits(): number;
  /** The (train, test) index pairs of every fold. */
  split(X: SearchInput, y?: Targets): Split[];
}

export function isCrossValidator(v: unknown): v is CrossValidator {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as CrossValidator).split === 'function' &&
    typeof (v as CrossValidator).getNSplits === 'function'
  );
}

/** Train = every index not in the test mask; both ascending, as scikit-learn's BaseCrossValidator. */
export function splitFromMask(mask: Uint8Array): Split {
  let nTest = 0;
  for (let i = 0; i < mask.length; i++) nTest += mask[i]!;
  const test = new Int32Array(nTest);
  const train = new Int32Array(mask.length - nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) test[a++] = i;
    else train[b++] = i;
  }
  return [train, test];
}
