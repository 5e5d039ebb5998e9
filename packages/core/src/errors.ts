/**
 * One error class for the whole library. `code` comes from a closed union so callers can branch on it;
 * `isIcepickleError` is a brand check because `instanceof` breaks across duplicated package copies.
 */
export type IcepickleErrorCode =
  // estimators
  | 'NOT_FITTED'
  | 'INVALID_PARAMETER'
  | 'INVALID_INPUT'
  | 'SHAPE_MISMATCH'
  | 'UNKNOWN_LABEL'
  | 'NOT_SUPPORTED'
  // files and storage
  | 'NOT_HDF5'
  | 'FILE_NOT_FOUND'
  | 'MISSING_DATASET'
  | 'INVALID_SHAPE'
  | 'INVALID_DTYPE'
  | 'UNSUPPORTED_FILTER'
  | 'UNSAFE_FILE'
  | 'LIMIT_EXCEEDED'
  | 'NON_FINITE'
  | 'UNSUPPORTED_VERSION'
  | 'WRITE_FAILED'
  | 'READ_FAILED'
  | 'FILE_CHANGED'
  | 'BACKEND_UNAVAILABLE'
  | 'CLOSED';

const BRAND = Symbol.for('icepickle.error');

/** What an error is about, as data: the message is composed from these fields in one place (`composeMessage`). */
export interface IcepickleErrorInit {
  /** What went wrong, in words, without the file or scope prefix. */
  detail: string;
  /** The API or component that raised it (`loadCoefficients`, `SGDClassifier`, `hdf5-node`). */
  scope?: string | undefined;
  /** The file the error is about (a path, or a label such as `<bytes>`). */
  file?: string | undefined;
  /** The object inside the file (dataset or attribute path). */
  object?: string | undefined;
  /** The underlying error (e.g. libhdf5's error stack), kept as the error's `cause`. */
  cause?: unknown;
}

/** The one place a message is composed: `[icepickle] [scope] file: detail`. */
export function composeMessage(init: Pick<IcepickleErrorInit, 'scope' | 'file' | 'detail'>): string {
  const scope = init.scope ? ` [${init.scope}]` : '';
  const file = init.file ? `${init.file}: ` : '';
  return `[icepickle]${scope} ${file}${init.detail}`;
}

/**
 * Every error icepickle throws on purpose: a typed `code`, and `scope`, `detail`, `file`, `object` as data. Its message
 * is `[icepickle] [scope] file: detail`; never parse it, read the fields.
 */
export class IcepickleError extends Error {
  /** Always 'IcepickleError'. */
  override readonly name = 'IcepickleError' as const;
  /** What kind of error it is (a closed list: INVALID_PARAMETER, LIMIT_EXCEEDED, ...). */
  readonly code: IcepickleErrorCode;
  /** The API or component that raised it. */
  readonly scope: string | undefined;
  /** What went wrong, in words. */
  readonly detail: string;
  /** The file it is about, if any. */
  readonly file: string | undefined;
  /** The object inside the file it is about, if any. */
  readonly object: string | undefined;
  /** Marks icepickle's errors across copies of the package (see {@link isIcepickleError}). */
  readonly [BRAND] = true;

  constructor(code: IcepickleErrorCode, init: IcepickleErrorInit) {
    super(composeMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.scope = init.scope;
    this.detail = init.detail;
    this.file = init.file;
    this.object = init.object;
  }
}

/**
 * Whether `error` is an IcepickleError (of `code`, when given), also across copies of the package where `instanceof`
 * fails.
 */
export function isIcepickleError(error: unknown, code?: IcepickleErrorCode): error is IcepickleError {
  if (typeof error !== 'object' || error === null || (error as Record<symbol, unknown>)[BRAND] !== true) {
    return false;
  }
  return code === undefined || (error as IcepickleError).code === code;
}

/** Thrown (code NOT_FITTED) when a method needs a fitted model, as scikit-learn's NotFittedError. */
export class NotFittedError extends IcepickleError {
  constructor(estimator: string) {
    super('NOT_FITTED', {
      scope: estimator,
      detail: `This ${estimator} instance is not fitted yet. Call 'fit' (or 'partialFit', or loadCoefficients) before using this estimator.`,
    });
  }
}
