import { IcepickleError, describe } from '../errors.js';
import type { Source, StorageBackend } from '../storage/types.js';
import { DATASET } from './keys.js';
import { COEF_CSR, COEF_SHAPE_ATTR, LAYOUT_ATTR, type LayoutOptions, coefDatasets } from './layouts.js';
import { type LoadOptions, openChecked, readCoefficients } from './load-coefficients.js';

export interface ConvertOptions extends LayoutOptions, Omit<LoadOptions, 'group'> {
  /** Backend that writes the result (default: the one that reads). */
  targetBackend?: StorageBackend;
}

/**
 * Rewrites a single-model file with another coefficient layout. Every other dataset and attribute is
 * copied unchanged, so metadata and training state survive; the result predicts identically (float32
 * rounds the coefficients).
 */
export async function convertModelFile(source: Source, target: string | undefined, options: ConvertOptions): Promise<Uint8Array | undefined> {
  const file = await openChecked(source, options);
  try {
    const classifier = file.list().some((n) => n.kind === 'dataset' && n.path === `/${DATASET.classes}`);
    const c = await readCoefficients(file, classifier, options);
    const writer = options.targetBackend ?? options.backend;
    const coef = coefDatasets(c, '/', { canShuffle: writer.capabilities?.shuffle !== false, ...options });
    const skip = (path: string) => path === `/${DATASET.coef}` || path.startsWith(`/${COEF_CSR}/`);
    const datasets = [...coef.datasets];
    for (const node of file.list()) {
      if (node.kind === 'dataset' && !skip(node.path)) datasets.push({ path: node.path, array: await file.read(node.path), attrs: { ...file.attrs(node.path) } });
    }
    const groups = file
      .list()
      .filter((n) => n.kind === 'group' && n.path !== `/${COEF_CSR}`)
      .map((n) => ({ path: n.path, attrs: { ...file.attrs(n.path) } }));
    const attrs = { ...file.attrs('/') };
    delete attrs[COEF_SHAPE_ATTR];
    delete attrs[LAYOUT_ATTR];
    return await writer.write(target, { attrs: { ...attrs, ...coef.attrs }, groups, datasets });
  } catch (error) {
    if (error instanceof IcepickleError) throw error;
    throw new IcepickleError('WRITE_FAILED', describe('convert', file.label, String(error)), { cause: error });
  } finally {
    await file.close();
  }
}
