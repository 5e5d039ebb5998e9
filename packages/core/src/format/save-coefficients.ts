import type { LinearModel } from '../estimators/linear-model.js';
import { type ProgressOptions, progressTracker } from '../progress/progress.js';
import type { AttrValue, DatasetToWrite, FileToWrite, StorageBackend } from '../storage/types.js';
import { labelsToStored } from './arrays.js';
import { columnBlock, streamedCoef, writeCoefInColumnBlocks } from './coef-blocks.js';
import { ATTR, DATASET, FORMAT_NAME, FORMAT_VERSION } from './keys.js';
import { type LayoutOptions, coefDatasets } from './layouts.js';
import { PRODUCER, PRODUCER_VERSION } from './producer.js';
import { trainingStateDatasets } from './training-state.js';
import { fillThenClose, writeOneFile } from './write-with-progress.js';

/** Options of {@link saveCoefficients}: the backend, metadata, and the coefficients' layout. */
export interface SaveOptions extends LayoutOptions, ProgressOptions {
  /** The storage backend that writes the file. */
  backend: StorageBackend;
  /**
   * Anything JSON-serialisable worth keeping with the model (data fingerprint, CV score, ...).
   * @defaultValue undefined (none recorded)
   */
  metadata?: Record<string, unknown>;
  /**
   * With `onProgress`, a path, a backend that streams (createWriter) and a layout other than sparse, coef
   * is written in blocks of this many bytes and progress counts its bytes (unit 'bytes',
   * phase 'coef'); otherwise progress counts the one file (unit 'files'). The file read back is the same.
   * @defaultValue 64 * 2 ** 20 (64 MiB)
   */
  blockBytes?: number;
}

/**
 * Writes `coef`, `intercept` (and `classes`) exactly as Python icepickle's save_coefficients does
 * (float64, scikit-learn's shapes, a scalar intercept where the model has one), plus attributes that
 * Python ignores. With a path the write is atomic and resolves to undefined; without one it resolves
 * to the file's bytes.
 */
export async function saveCoefficients(
  model: LinearModel<object>,
  target: string,
  options: SaveOptions,
): Promise<undefined>;
export async function saveCoefficients(
  model: LinearModel<object>,
  target: undefined,
  options: SaveOptions,
): Promise<Uint8Array>;
export async function saveCoefficients(
  model: LinearModel<object>,
  target: string | undefined,
  options: SaveOptions,
): Promise<Uint8Array | undefined>;
export async function saveCoefficients(
  model: LinearModel<object>,
  target: string | undefined,
  options: SaveOptions,
): Promise<Uint8Array | undefined> {
  const { datasets, attrs } = modelContent(model, '/', {
    canShuffle: options.backend.capabilities?.shuffle !== false,
    ...options,
  });
  // SGD / PA: what partialFit needs to continue exactly (extra datasets Python ignores)
  const file: FileToWrite = {
    attrs: { ...modelAttributes(model, options.metadata), ...attrs },
    datasets: [...datasets, ...trainingStateDatasets(model, '/')],
  };
  if (options.onProgress === undefined) return options.backend.write(target, file);
  if (target !== undefined && options.backend.createWriter !== undefined && options.layout !== 'sparse')
    return saveStreamed(model, target, file, options);
  return writeOneFile(options.backend, target, file, options.onProgress);
}

/** The same file as write(), with coef streamed in column blocks so that progress can be reported. */
async function saveStreamed(
  model: LinearModel<object>,
  target: string,
  file: FileToWrite,
  options: SaveOptions,
): Promise<undefined> {
  const c = model.getCoefficients();
  const spec = file.datasets.find((d) => d.path === `/${DATASET.coef}`)!;
  const coef = streamedCoef(spec, c.coefShape);
  const out = await options.backend.createWriter!(target, {
    ...file,
    datasets: file.datasets.filter((d) => d !== spec),
    streamed: [coef],
  });
  const rows = c.coefShape.length === 2 ? c.coefShape[0]! : 1;
  const cols = c.coefShape[c.coefShape.length - 1]!;
  const progress = progressTracker(options.onProgress, rows * cols * 8, 'bytes', 'coef');
  const columns = (c0: number, c1: number) => columnBlock(c.coef, rows, cols, c0, c1);
  return fillThenClose(out, progress, () =>
    writeCoefInColumnBlocks(out, coef, columns, { blockBytes: options.blockBytes, progress }),
  );
}

/** The datasets of one model under `group` (`/` or `/models/name/`). */
export function modelDatasets(model: LinearModel<object>, group: string, layout: LayoutOptions = {}): DatasetToWrite[] {
  return modelContent(model, group, layout).datasets;
}

/** Datasets plus the layout attributes for the group they live in. */
export function modelContent(
  model: LinearModel<object>,
  group: string,
  layout: LayoutOptions = {},
): { datasets: DatasetToWrite[]; attrs: Record<string, AttrValue> } {
  const c = model.getCoefficients();
  const prefix = group.endsWith('/') ? group : `${group}/`;
  const coef = coefDatasets(c, prefix, layout);
  const datasets: DatasetToWrite[] = [
    ...coef.datasets,
    { path: `${prefix}${DATASET.intercept}`, array: { dtype: 'float64', shape: c.interceptShape, data: c.intercept } },
  ];
  if (c.classes)
    datasets.push({ path: `${prefix}${DATASET.classes}`, array: labelsToStored(c.classes, c.classDType ?? 'int64') });
  return { datasets, attrs: coef.attrs };
}

/** Typed metadata: who wrote the file, what model it is, with which parameters. */
export function modelAttributes(
  model: LinearModel<object>,
  metadata?: Record<string, unknown>,
): Record<string, AttrValue> {
  const c = model.getCoefficients();
  const attrs: Record<string, AttrValue> = {
    [ATTR.format]: FORMAT_NAME,
    [ATTR.formatVersion]: FORMAT_VERSION,
    [ATTR.producer]: PRODUCER,
    [ATTR.producerVersion]: PRODUCER_VERSION,
    [ATTR.estimator]: model.className,
    [ATTR.params]: JSON.stringify(model.getSklearnParams()),
    [ATTR.paramsCamel]: JSON.stringify(model.getParams()),
    [ATTR.nFeaturesIn]: model.nFeaturesIn_,
    [ATTR.createdAt]: new Date().toISOString(),
  };
  if (c.classDType) attrs[ATTR.classDType] = c.classDType;
  if (metadata !== undefined) attrs[ATTR.metadata] = JSON.stringify(metadata);
  return attrs;
}
