import { IcepickleError } from '../errors.js';
import { type ProgressOptions, progressTracker } from '../progress/progress.js';
import type {
  AttrValue,
  DatasetInfo,
  DatasetToWrite,
  NodeInfo,
  Source,
  StorageBackend,
  StoredFile,
} from '../storage/types.js';
import { floatValues } from './arrays.js';
import { streamedCoef, writeCoefInColumnBlocks } from './coef-blocks.js';
import { defaultLoadLimits } from './limits.js';
import { assertStrictProfile, readWhole } from './strict-profile.js';
import { fillThenClose } from './write-with-progress.js';
import { DATASET } from './keys.js';
import { COEF_CSR, COEF_SHAPE_ATTR, LAYOUT_ATTR, type LayoutOptions, coefDatasets } from './layouts.js';
import { type LoadOptions, openChecked, readCoefficients } from './load-coefficients.js';

/** Options of {@link convertModelFile}: LoadOptions for reading, LayoutOptions for the new layout. */
export interface ConvertOptions extends LayoutOptions, Omit<LoadOptions, 'group'>, ProgressOptions {
  /**
   * Backend that writes the result (default: the one that reads).
   * @defaultValue the reading backend
   */
  targetBackend?: StorageBackend;
  /**
   * Copy coef in blocks of this many bytes when writing to a path with a backend that
   * streams (createWriter): memory stays bounded, so a coef larger than RAM or than the load limits
   * (which then apply to the datasets read whole) converts too. Sparse layouts (source or target) are
   * converted in memory.
   * @defaultValue 64 * 2 ** 20 (64 MiB)
   */
  blockBytes?: number;
  // onProgress (ProgressOptions): a streamed copy counts coef's bytes (unit 'bytes', phase 'coef');
  // a conversion in memory counts one unit 'files'
}

/**
 * Rewrites a single-model file with another coefficient layout. Every other dataset and attribute is
 * copied unchanged, so metadata and training state survive; the result predicts identically (float32
 * rounds the coefficients).
 */
export async function convertModelFile(
  source: Source,
  target: string | undefined,
  options: ConvertOptions,
): Promise<Uint8Array | undefined> {
  const writer = options.targetBackend ?? options.backend;
  const streams =
    target !== undefined && writer.createWriter !== undefined && (options.layout ?? 'contiguous') !== 'sparse';
  // streaming: coef is read in blocks, so only the other datasets are held to the size limits (below)
  const file = await openChecked(
    source,
    streams
      ? { ...options, limits: { ...options.limits, maxDatasetBytes: Infinity, maxTotalBytes: Infinity } }
      : options,
  );
  try {
    const nodes = file.list();
    const coefInfo = nodes.find((n): n is DatasetInfo => n.kind === 'dataset' && n.path === `/${DATASET.coef}`);
    if (
      streams &&
      coefInfo &&
      (coefInfo.dtype === 'float64' || coefInfo.dtype === 'float32') &&
      (coefInfo.shape.length === 1 || coefInfo.shape.length === 2)
    ) {
      return await convertStreaming(file, nodes, coefInfo, target!, writer, options);
    }
    // converted in memory after all: the full size limits apply
    if (streams) assertStrictProfile(file, options.limits, 'convert');
    const progress = progressTracker(options.onProgress, 1, 'files');
    progress?.start();
    const classifier = nodes.some((n) => n.kind === 'dataset' && n.path === `/${DATASET.classes}`);
    const c = await readCoefficients(file, classifier, options);
    const coef = coefDatasets(c, '/', { canShuffle: writer.capabilities?.shuffle !== false, ...options });
    const rest = await everythingButCoef(file, nodes);
    const written = await writer.write(target, {
      attrs: { ...rest.attrs, ...coef.attrs },
      groups: rest.groups,
      datasets: [...coef.datasets, ...rest.datasets],
    });
    progress?.finish();
    return written;
  } catch (error) {
    if (error instanceof IcepickleError) throw error;
    throw new IcepickleError('WRITE_FAILED', {
      scope: 'convert',
      file: file.label,
      detail: String(error),
      cause: error,
    });
  } finally {
    await file.close();
  }
}

/**
 * coef copied block by block (column blocks: whole chunks of the target, cheap reads from any source)
 * into a streaming writer; everything else copied as is. Nothing appears at `target` until the end.
 */
async function convertStreaming(
  file: StoredFile,
  nodes: readonly NodeInfo[],
  coefInfo: DatasetInfo,
  target: string,
  writer: StorageBackend,
  options: ConvertOptions,
): Promise<undefined> {
  const limits = { ...defaultLoadLimits, ...options.limits };
  const shape = coefInfo.shape;
  const rows = shape.length === 2 ? shape[0]! : 1;
  const cols = shape[shape.length - 1]!;
  // the layout's dtype, chunks and filters, decided from the shape (no values: as a streamed coef)
  const coef = coefDatasets(
    { coef: new Float64Array(0), coefShape: shape, intercept: new Float64Array(0), interceptShape: [0] },
    '/',
    {
      canShuffle: writer.capabilities?.shuffle !== false,
      ...options,
    },
  );
  const spec = coef.datasets[0]!;
  const streamed = streamedCoef(spec, shape, { ...file.attrs(coefInfo.path) });
  const { datasets, groups, attrs } = await everythingButCoef(file, nodes, limits.maxDatasetBytes);
  const out = await writer.createWriter!(target, {
    attrs: { ...attrs, ...coef.attrs },
    groups,
    datasets,
    streamed: [streamed],
  });
  const itemBytes = coefInfo.dtype === 'float32' ? 4 : 8;
  const progress = progressTracker(options.onProgress, rows * cols * itemBytes, 'bytes', 'coef');
  return fillThenClose(out, progress, async () => {
    const columns = async (c0: number, c1: number): Promise<Float64Array> => {
      const block = floatValues(
        await file.read(coefInfo.path, { cols: Array.from({ length: c1 - c0 }, (_v, i) => c0 + i) }),
        file.label,
        coefInfo.path,
      );
      if (!options.allowNonFinite && block.some((v) => !Number.isFinite(v)))
        throw new IcepickleError('NON_FINITE', {
          scope: 'convert',
          file: file.label,
          detail: `dataset "${coefInfo.path}" holds NaN or Infinity; pass allowNonFinite to accept it`,
          object: coefInfo.path,
        });
      return block;
    };
    await writeCoefInColumnBlocks(out, streamed, columns, { blockBytes: options.blockBytes, progress, itemBytes });
  });
}

/**
 * Every dataset (read whole, each held to `limit` bytes), group and root attribute of the file except
 * coef in any layout (and the layout attributes), as the converted file copies them.
 */
async function everythingButCoef(
  file: StoredFile,
  nodes: readonly NodeInfo[],
  limit = Infinity,
): Promise<{
  datasets: DatasetToWrite[];
  groups: Array<{ path: string; attrs: Record<string, AttrValue> }>;
  attrs: Record<string, AttrValue>;
}> {
  const isCoef = (path: string) =>
    path === `/${DATASET.coef}` || path === `/${COEF_CSR}` || path.startsWith(`/${COEF_CSR}/`);
  const datasets: DatasetToWrite[] = [];
  const groups: Array<{ path: string; attrs: Record<string, AttrValue> }> = [];
  for (const node of nodes) {
    if (isCoef(node.path)) continue;
    if (node.kind === 'dataset')
      datasets.push({
        path: node.path,
        array: await readWhole(file, node, limit, 'convert'),
        attrs: { ...file.attrs(node.path) },
      });
    else if (node.kind === 'group') groups.push({ path: node.path, attrs: { ...file.attrs(node.path) } });
  }
  const attrs = { ...file.attrs('/') };
  delete attrs[COEF_SHAPE_ATTR];
  delete attrs[LAYOUT_ATTR];
  return { datasets, groups, attrs };
}
