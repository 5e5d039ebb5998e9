import { IcepickleError, type IcepickleErrorCode } from '../errors.js';
import type { DatasetInfo, StoredArray, StoredFile } from '../storage/types.js';
import { type LoadLimits, defaultLoadLimits, expansionBound } from './limits.js';

/** Filters whose decoders are plain, bounded and available in both backends. */
export const ALLOWED_FILTERS: ReadonlyMap<number, string> = new Map([
  [1, 'deflate'],
  [2, 'shuffle'],
  [3, 'fletcher32'],
]);

/** One reason the strict profile refuses a file. */
export interface Violation {
  /** The error code the refusal throws. */
  code: IcepickleErrorCode;
  /** The object inside the file. */
  object: string;
  /** The rule broken (e.g. 'external-link', 'max-expansion'). */
  rule: string;
  /** What is wrong, for the error's detail. */
  message: string;
}

/** Bytes a dataset declares (elements × item size). */
export function declaredBytes(d: DatasetInfo): number {
  return d.shape.reduce((a, b) => a * b, 1) * d.itemSize;
}

/**
 * A dataset read whole, refused with LIMIT_EXCEEDED if it declares more than `limit` bytes: where
 * coef's limit is lifted (it is read in blocks or columns), every other dataset is still held to it.
 */
export function readWhole(file: StoredFile, d: DatasetInfo, limit: number, context: string): Promise<StoredArray> {
  const bytes = declaredBytes(d);
  if (bytes > limit) {
    throw new IcepickleError('LIMIT_EXCEEDED', {
      scope: context,
      file: file.label,
      detail: `dataset "${d.path}" declares ${bytes} bytes, more than the limit of ${limit}`,
      object: d.path,
    });
  }
  return file.read(d.path);
}

/**
 * Every rule of the strict profile that the file's *structure* breaks, checked from the listing
 * alone (no data read): links that point elsewhere, storage outside the file, filters outside the
 * allowlist, and declared sizes over the limits.
 */
export function findViolations(
  file: StoredFile,
  limits: Partial<LoadLimits> = {},
  readInParts: ReadonlySet<string> = NONE,
): Violation[] {
  const lim = { ...defaultLoadLimits, ...limits };
  const bound = expansionBound(file.storedBytes, lim);
  const out: Violation[] = [];
  // the memory rule's violations come after the absolute limits', which name the larger excess
  const memory: Violation[] = [];
  const nodes = file.list();
  if (nodes.length > lim.maxObjects) {
    out.push({
      code: 'LIMIT_EXCEEDED',
      object: '/',
      rule: 'max-objects',
      message: `the file has ${nodes.length} objects, more than the limit of ${lim.maxObjects}`,
    });
  }
  let total = 0;
  for (const node of nodes) {
    if (node.kind === 'soft-link' || node.kind === 'external-link' || node.kind === 'other-link') {
      out.push({
        code: 'UNSAFE_FILE',
        object: node.path,
        rule: 'no-links',
        message: `"${node.path}" is a${node.kind === 'external-link' ? 'n external' : node.kind === 'soft-link' ? ' soft' : 'n unusual'} link (to ${node.target}); models may only contain plain groups and datasets`,
      });
      continue;
    }
    if (node.kind !== 'dataset') continue;
    if (node.external) {
      out.push({
        code: 'UNSAFE_FILE',
        object: node.path,
        rule: 'no-external-storage',
        message: `dataset "${node.path}" uses external storage; refusing to read files outside the model`,
      });
    }
    if (node.layout === 'unknown') {
      out.push({
        code: 'UNSAFE_FILE',
        object: node.path,
        rule: 'verifiable-storage',
        message: `the storage of dataset "${node.path}" could not be verified (layout unknown); refusing to read it`,
      });
    }
    if (node.layout === 'virtual') {
      out.push({
        code: 'UNSAFE_FILE',
        object: node.path,
        rule: 'no-virtual-datasets',
        message: `dataset "${node.path}" is a virtual dataset (it maps data from other files)`,
      });
    }
    for (const f of node.filters) {
      if (!ALLOWED_FILTERS.has(f.id)) {
        out.push({
          code: 'UNSUPPORTED_FILTER',
          object: node.path,
          rule: 'filter-allowlist',
          message: `dataset "${node.path}" uses filter ${f.name} (id ${f.id}); only ${[...ALLOWED_FILTERS.values()].join(', ')} are allowed`,
        });
      }
    }
    if (node.dtype === 'other') {
      out.push({
        code: 'INVALID_DTYPE',
        object: node.path,
        rule: 'dtype-allowlist',
        message: `dataset "${node.path}" has an unsupported type${node.typeDescription ? ` (${node.typeDescription})` : ''}`,
      });
    }
    const chunk = node.chunks ? node.chunks.reduce((a, b) => a * b, 1) * node.itemSize : 0;
    if (chunk > bound) memory.push(expansionViolation(node.path, `one chunk of dataset "${node.path}"`, chunk, bound));
    if (readInParts.has(node.path)) continue; // read a column or block at a time (lazy models)
    const bytes = declaredBytes(node);
    total += bytes;
    if (bytes > lim.maxDatasetBytes) {
      out.push({
        code: 'LIMIT_EXCEEDED',
        object: node.path,
        rule: 'max-dataset-bytes',
        message: `dataset "${node.path}" declares ${bytes} bytes, more than the limit of ${lim.maxDatasetBytes}`,
      });
    } else if (bytes > bound && chunk <= bound) {
      memory.push(expansionViolation(node.path, `dataset "${node.path}"`, bytes, bound));
    }
  }
  if (total > lim.maxTotalBytes) {
    out.push({
      code: 'LIMIT_EXCEEDED',
      object: '/',
      rule: 'max-total-bytes',
      message: `the file's datasets declare ${total} bytes together, more than the limit of ${lim.maxTotalBytes}`,
    });
  } else if (total > bound && memory.length === 0) {
    memory.push(expansionViolation('/', "the file's datasets together", total, bound));
  }
  return out.concat(memory);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The memory rule (issue 18): what a load would allocate is bounded by the bytes the file stores, so a
 * small file cannot declare gigabytes (of fill value, of chunk, of sparse or vlen data) and have them
 * allocated before a later check refuses it.
 */
export function expansionViolation(object: string, what: string, bytes: number, bound: number): Violation {
  return {
    code: 'LIMIT_EXCEEDED',
    object,
    rule: 'max-expansion',
    message: `${what} would take ${bytes} bytes, more than the memory rule allows for this file (${bound}: maxExpansion × its stored bytes + expansionBaseBytes)`,
  };
}

/** Throws the first violation as a typed error naming file, object and rule. */
export function assertStrictProfile(
  file: StoredFile,
  limits: Partial<LoadLimits> = {},
  scope = 'load',
  readInParts?: ReadonlySet<string>,
): void {
  const [first] = findViolations(file, limits, readInParts);
  if (first) {
    throw new IcepickleError(first.code, {
      scope,
      file: file.label,
      detail: `${first.message} [rule: ${first.rule}]`,
      object: first.object,
    });
  }
}
