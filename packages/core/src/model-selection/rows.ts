import { IcepickleError } from '../errors.js';
import type { Label } from '../estimators/metrics.js';
import { CsrMatrix, isCsrMatrix, type CsrParts } from '../math/csr-matrix.js';
import { DenseMatrix } from '../math/dense-matrix.js';

/**
 * What a search accepts as X: anything an estimator takes (rows of numbers, DenseMatrix, CsrMatrix,
 * CSR parts), or raw documents (an array of strings) for a pipeline that featurizes them itself.
 */
export type SearchInput = ArrayLike<ArrayLike<number>> | DenseMatrix | CsrMatrix | CsrParts | readonly string[];
/** The targets of a search: labels, or one row of numbers per sample (multi-output regression). */
export type Targets = ArrayLike<Label> | ArrayLike<ArrayLike<number>>;

export function nSamplesOf(X: SearchInput, scope: string): number {
  if (X instanceof DenseMatrix || X instanceof CsrMatrix) return X.shape[0];
  if (isCsrMatrix(X)) return (X as CsrParts).shape[0]!;
  if (X !== null && typeof X === 'object' && typeof (X as ArrayLike<unknown>).length === 'number')
    return (X as ArrayLike<unknown>).length;
  throw new IcepickleError('INVALID_INPUT', {
    scope,
    detail: 'X must be rows of numbers, a DenseMatrix, a CsrMatrix or an array of documents',
  });
}

/** Plain CSR parts become a CsrMatrix once, so every fold selects rows without re-validating. */
export function normaliseInput(X: SearchInput): SearchInput {
  if (!(X instanceof CsrMatrix) && isCsrMatrix(X)) return new CsrMatrix(X as CsrParts);
  return X;
}

/** The rows of X at `index`, in that order, keeping X's kind (CSR stays CSR, documents stay strings). */
export function selectRows(X: SearchInput, index: ArrayLike<number>): SearchInput {
  if (X instanceof CsrMatrix || X instanceof DenseMatrix) return X.selectRows(index);
  if (isCsrMatrix(X)) return new CsrMatrix(X as CsrParts).selectRows(index);
  const rows = X as ArrayLike<unknown>;
  const out = new Array<unknown>(index.length);
  for (let i = 0; i < index.length; i++) out[i] = rows[index[i]!];
  return out as SearchInput;
}

export function selectTargets(y: Targets, index: ArrayLike<number>): Targets {
  const out = new Array<unknown>(index.length);
  for (let i = 0; i < index.length; i++) out[i] = (y as ArrayLike<unknown>)[index[i]!];
  return out as Targets;
}
