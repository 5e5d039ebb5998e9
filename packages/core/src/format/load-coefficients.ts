import { IcepickleError, isIcepickleError } from '../errors.js';
import type { LinearCoefficients, LinearModel } from '../estimators/linear-model.js';
import { fromSklearnParams } from '../estimators/params.js';
import type { DatasetInfo, Source, StorageBackend, StoredFile } from '../storage/types.js';
import { floatValues, labelValues } from './arrays.js';
import { DATASET } from './keys.js';
import { COEF_CSR, COEF_SHAPE_ATTR, INDEX_ENCODING_ATTR, ROW_DELTA } from './layouts.js';
import { type LoadLimits, defaultLoadLimits, expansionBound } from './limits.js';
import { type ModelMetadata, parseMetadata } from './metadata.js';
import { assertStrictProfile, expansionViolation } from './strict-profile.js';
import { readTrainingState, setTrainingStateFrom } from './training-state.js';

/** Options of {@link loadCoefficients} (and of every load): the backend, limits and checks. */
export interface LoadOptions {
  /** The storage backend that reads the file (hdf5Wasm(), hdf5Node(), hdf5Js(), ...). */
  backend: StorageBackend;
  /**
   * Override the default size limits (see LoadLimits).
   * @defaultValue {@link defaultLoadLimits}
   */
  limits?: Partial<LoadLimits>;
  /**
   * Accept NaN/Inf coefficients (refused by default: they make every prediction meaningless).
   * @defaultValue false
   */
  allowNonFinite?: boolean;
  /**
   * Name used in messages.
   * @defaultValue the path, or `<bytes>`
   */
  label?: string;
  /**
   * Group holding the datasets (`/` for Python icepickle files).
   * @defaultValue '/'
   */
  group?: string;
}

const COEF_DTYPES = new Set(['float64', 'float32']);
const CLASS_DTYPES = new Set([
  'float64',
  'float32',
  'int64',
  'int32',
  'int16',
  'int8',
  'uint64',
  'uint32',
  'uint16',
  'uint8',
  'bool',
  'utf8',
]);

/**
 * Loads `coef`, `intercept` (and `classes` for classifiers) into `model`, as Python icepickle's
 * load_coefficients does, and returns it. The file is checked against the strict profile before any
 * data is read; on any error the model is left exactly as it was.
 */
export async function loadCoefficients<M extends LinearModel<object>>(
  model: M,
  source: Source,
  options: LoadOptions,
): Promise<M> {
  const file = await openChecked(source, options);
  try {
    const object = normaliseGroup(options.group).replace(/(.)\/$/, '$1');
    checkRecordedParams(parseMetadata(file.attrs(object), file.label, object), model, file.label, object);
    const coefficients = await readCoefficients(file, model.estimatorType === 'classifier', options);
    // SGD / PA training state (ours, ignored by Python): checked on a scratch copy first, so a bad one
    // leaves the model untouched
    const state = await readTrainingState(file, options.group ?? '/', model.className);
    if (state !== undefined)
      setTrainingStateFrom(file, model.clone().setCoefficients(coefficients), state, options.group ?? '/');
    try {
      model.setCoefficients(coefficients);
      if (state !== undefined) setTrainingStateFrom(file, model, state, options.group ?? '/');
    } catch (error) {
      if (isIcepickleError(error)) {
        throw new IcepickleError(error.code, {
          scope: 'load',
          file: file.label,
          detail: error.detail,
          cause: error,
          object: DATASET.coef,
        });
      }
      throw error;
    }
    return model;
  } finally {
    await file.close();
  }
}

/**
 * The parameters a file records are checked by the estimator's own rules (names and values), so a
 * file saying `loss: "os.system"` or `alpha: -1` is refused at load, not trusted until fit. The class
 * is the one the file names, else the model's. Our camelCase record wins; Python files have only
 * scikit-learn's names.
 */
export function checkRecordedParams(
  meta: ModelMetadata,
  model: LinearModel<object>,
  file: string,
  object: string,
): void {
  const params = meta.paramsCamel ?? (meta.params ? fromSklearnParams(meta.params) : undefined);
  if (params === undefined) return;
  // Parameters recorded for another class are not applied to this model (createEstimator checks them
  // wherever a file's own class is built); checking here by the model's own rules keeps the registry of
  // every estimator out of a page that loads one model.
  if (typeof meta.estimator === 'string' && meta.estimator !== model.className) return;
  const name = model.className;
  try {
    model.clone().setParams(params).checkParams();
  } catch (error) {
    // NOT_SUPPORTED: a value scikit-learn accepts that only our training refuses; the coefficients load.
    if (isIcepickleError(error) && error.code === 'NOT_SUPPORTED') return;
    if (!isIcepickleError(error) || error.code !== 'INVALID_PARAMETER') throw error;
    throw new IcepickleError('INVALID_PARAMETER', {
      scope: 'load',
      file,
      object,
      detail: `the parameters recorded for ${name} are invalid: ${error.detail}`,
      cause: error,
    });
  }
}

/** Opens a file and applies the strict profile. */
export async function openChecked(
  source: Source,
  options: LoadOptions,
  readInParts?: ReadonlySet<string>,
): Promise<StoredFile> {
  const limits = { ...defaultLoadLimits, ...options.limits };
  const file = await options.backend.open(source, {
    label: options.label,
    maxObjects: limits.maxObjects,
    maxAttributeBytes: limits.maxAttributeBytes,
  });
  try {
    assertStrictProfile(file, limits, 'load', readInParts);
    return file;
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** Reads and checks the three datasets of a model group; nothing is returned half-read. */
export async function readCoefficients(
  file: StoredFile,
  classifier: boolean,
  options: Omit<LoadOptions, 'backend'> = {},
): Promise<LinearCoefficients> {
  const group = normaliseGroup(options.group);
  const find = (name: string, allowed: Set<string>): DatasetInfo => {
    const path = `${group}${name}`;
    const info = file.list().find((n): n is DatasetInfo => n.kind === 'dataset' && n.path === path);
    if (!info) {
      throw new IcepickleError('MISSING_DATASET', {
        scope: 'load',
        file: file.label,
        detail: `dataset "${path}" is missing; an icepickle model has ${classifier ? '"coef", "intercept" and "classes"' : '"coef" and "intercept"'}`,
        object: path,
      });
    }
    if (!allowed.has(info.dtype)) {
      throw new IcepickleError('INVALID_DTYPE', {
        scope: 'load',
        file: file.label,
        detail: `dataset "${path}" has dtype ${info.dtype}; expected one of ${[...allowed].join(', ')}`,
        object: path,
      });
    }
    return info;
  };
  if (!hasDataset(file, `${group}${DATASET.coef}`) && hasDataset(file, `${group}${COEF_CSR}/data`)) {
    return readSparseCoefficients(file, group, classifier, options, find);
  }
  const coefInfo = find(DATASET.coef, COEF_DTYPES);
  const interceptInfo = find(DATASET.intercept, COEF_DTYPES);
  const classesInfo = classifier ? find(DATASET.classes, CLASS_DTYPES) : undefined;
  if (coefInfo.shape.length < 1 || coefInfo.shape.length > 2) {
    throw new IcepickleError('INVALID_SHAPE', {
      scope: 'load',
      file: file.label,
      detail: `dataset "${coefInfo.path}" has rank ${coefInfo.shape.length} (shape (${coefInfo.shape.join(', ')})); coef must be 1-D or 2-D`,
      object: coefInfo.path,
    });
  }
  if (classesInfo && classesInfo.shape.length !== 1) {
    throw new IcepickleError('INVALID_SHAPE', {
      scope: 'load',
      file: file.label,
      detail: `dataset "${classesInfo.path}" must be 1-D, got shape (${classesInfo.shape.join(', ')})`,
      object: classesInfo.path,
    });
  }

  const coef = floatValues(await file.read(coefInfo.path), file.label, coefInfo.path);
  const intercept = floatValues(await file.read(interceptInfo.path), file.label, interceptInfo.path);
  if (!options.allowNonFinite) {
    for (const [values, path] of [
      [coef, coefInfo.path],
      [intercept, interceptInfo.path],
    ] as const) {
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new IcepickleError('NON_FINITE', {
          scope: 'load',
          file: file.label,
          detail: `dataset "${path}" holds ${values[bad]} at flat index ${bad}; pass allowNonFinite to accept it`,
          object: path,
        });
      }
    }
  }
  const result: LinearCoefficients = {
    coef,
    coefShape: coefInfo.shape,
    intercept,
    interceptShape: interceptInfo.shape,
  };
  if (classesInfo) {
    const { labels, dtype } = labelValues(await file.read(classesInfo.path), file.label, classesInfo.path);
    result.classes = labels;
    result.classDType = dtype;
  }
  return result;
}

function normaliseGroup(group: string | undefined): string {
  if (!group || group === '/') return '/';
  return `/${group.replace(/^\/+|\/+$/g, '')}/`;
}

/** Our attributes of a model file (empty fields for a plain Python icepickle file). No data is read. */
export async function readMetadata(source: Source, options: LoadOptions): Promise<ModelMetadata> {
  const file = await openChecked(source, options);
  try {
    return parseMetadata(file.attrs(normaliseGroup(options.group).replace(/(.)\/$/, '$1')), file.label);
  } finally {
    await file.close();
  }
}

function hasDataset(file: StoredFile, path: string): boolean {
  return file.list().some((n) => n.kind === 'dataset' && n.path === path);
}

/** The 'sparse' layout: coef as a CSR triple under coef_csr/, densified within the load limits. */
async function readSparseCoefficients(
  file: StoredFile,
  group: string,
  classifier: boolean,
  options: Omit<LoadOptions, 'backend'>,
  find: (name: string, allowed: Set<string>) => DatasetInfo,
): Promise<LinearCoefficients> {
  const label = file.label;
  const shapeAttr = file.attrs(group === '/' ? '/' : group.slice(0, -1))[COEF_SHAPE_ATTR];
  const shape = Array.isArray(shapeAttr) ? (shapeAttr as readonly unknown[]).map(Number) : [];
  if ((shape.length !== 1 && shape.length !== 2) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new IcepickleError('INVALID_SHAPE', {
      scope: 'load',
      file: label,
      detail: `attribute "${COEF_SHAPE_ATTR}" must give coef's 1-D or 2-D shape for the sparse layout`,
      object: group,
    });
  }
  const rows = shape.length === 2 ? shape[0]! : 1;
  const cols = shape[shape.length - 1]!;
  const limits = { ...defaultLoadLimits, ...options.limits };
  if (rows * cols * 8 > limits.maxDatasetBytes) {
    throw new IcepickleError('LIMIT_EXCEEDED', {
      scope: 'load',
      file: label,
      detail: `the sparse coef expands to ${rows * cols * 8} bytes, more than the limit of ${limits.maxDatasetBytes}`,
      object: group,
    });
  }
  const bound = expansionBound(file.storedBytes, limits);
  if (rows * cols * 8 > bound) {
    const v = expansionViolation(group, 'the densified sparse coef', rows * cols * 8, bound);
    throw new IcepickleError(v.code, {
      scope: 'load',
      file: label,
      detail: `${v.message} [rule: ${v.rule}]`,
      object: group,
    });
  }
  const data = floatValues(
    await file.read(find(`${COEF_CSR}/data`, COEF_DTYPES).path),
    label,
    `${group}${COEF_CSR}/data`,
  );
  const indicesInfo = find(`${COEF_CSR}/indices`, INDEX_DTYPES);
  const indices = await file.read(indicesInfo.path);
  const indptr = await file.read(find(`${COEF_CSR}/indptr`, INDEX_DTYPES).path);
  const idx = Array.from(indices.data as Int32Array, Number);
  const ptr = Array.from(indptr.data as Int32Array, Number);
  const bad = (what: string) =>
    new IcepickleError('INVALID_SHAPE', {
      scope: 'load',
      file: label,
      detail: `sparse coef: ${what}`,
      object: `${group}${COEF_CSR}`,
    });
  const encoding = file.attrs(indicesInfo.path)[INDEX_ENCODING_ATTR];
  if (encoding !== undefined && encoding !== ROW_DELTA)
    throw bad(`unknown index encoding ${JSON.stringify(encoding)} (this reader knows "${ROW_DELTA}")`);
  const delta = encoding === ROW_DELTA;
  if (ptr.length !== rows + 1 || ptr[0] !== 0 || ptr[rows] !== data.length || idx.length !== data.length)
    throw bad('indptr, indices and data disagree');
  const coef = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    if (ptr[r + 1]! < ptr[r]!) throw bad(`indptr decreases at row ${r}`);
    let j = 0;
    for (let p = ptr[r]!; p < ptr[r + 1]!; p++) {
      // row-delta: differences after the first index must be positive (strictly increasing columns)
      if (delta && p > ptr[r]! && !(idx[p]! > 0)) throw bad(`row ${r}: index difference ${idx[p]} is not positive`);
      j = delta ? j + idx[p]! : idx[p]!;
      if (!(j >= 0 && j < cols)) throw bad(`column index ${j} outside [0, ${cols})`);
      coef[r * cols + j] = data[p]!;
    }
  }
  const interceptInfo = find(DATASET.intercept, COEF_DTYPES);
  const intercept = floatValues(await file.read(interceptInfo.path), label, interceptInfo.path);
  if (!options.allowNonFinite) {
    const badAt = [...data, ...intercept].findIndex((v) => !Number.isFinite(v));
    if (badAt >= 0)
      throw new IcepickleError('NON_FINITE', {
        scope: 'load',
        file: label,
        detail: 'the sparse coef or the intercept holds NaN or Infinity; pass allowNonFinite to accept it',
      });
  }
  const result: LinearCoefficients = { coef, coefShape: shape, intercept, interceptShape: interceptInfo.shape };
  if (classifier) {
    const info = find(DATASET.classes, CLASS_DTYPES);
    const { labels, dtype } = labelValues(await file.read(info.path), label, info.path);
    result.classes = labels;
    result.classDType = dtype;
  }
  return result;
}

const INDEX_DTYPES = new Set(['int32', 'int64', 'uint32', 'int16', 'uint16', 'int8', 'uint8']);
