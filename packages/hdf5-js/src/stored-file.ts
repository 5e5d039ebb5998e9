/** An open file: listed once at open (metadata only), data read on demand through the block reader. */
import {
  type AttrValue,
  type IcepickleError,
  type NodeInfo,
  type OpenOptions,
  type Selection,
  type StoredArray,
  type StoredFile,
  defaultLoadLimits,
  isIcepickleError,
} from '@icepickle/core';
import { ListingRules, planSelection } from '@icepickle/core/backend-kit';
import { BlockReader, type ReaderOptions } from './block-reader.js';
import type { ByteSource } from './byte-source.js';
import type { H5Context } from './context.js';
import { Damaged, Refused, SCOPE, fail } from './errors.js';
import { GlobalHeap } from './global-heap.js';
import { AtObject, type Listing, listFile } from './listing.js';
import { checkRangeBudget } from './range-budget.js';
import { contiguousStart, readSelection } from './read-dataset.js';
import { NoSignature, readSuperblock } from './superblock.js';

const DEFAULT_MAX_OBJECTS = 10_000;

/** Any error from the parser as a typed IcepickleError naming the file and, when known, the object. */
export function typedError(
  error: unknown,
  label: string,
  object?: string,
  damagedCode = 'READ_FAILED' as const,
): IcepickleError {
  if (error instanceof AtObject) return typedError(error.inner, label, error.object, damagedCode);
  if (isIcepickleError(error)) return error;
  const where = object ? ` (object ${object})` : '';
  if (error instanceof Refused) return fail(error.code, label, `${error.message}${where}`, { object, cause: error });
  if (error instanceof Damaged)
    return fail(damagedCode, label, `the file is damaged${where}: ${error.message}`, { object, cause: error });
  if (error instanceof RangeError)
    return fail('LIMIT_EXCEEDED', label, `cannot allocate what the file declares${where}: ${error.message}`, {
      object,
      cause: error,
    });
  return fail('READ_FAILED', label, `could not read the file${where}: ${String((error as Error)?.message ?? error)}`, {
    object,
    cause: error,
  });
}

async function openContext(source: ByteSource, label: string, reader: ReaderOptions): Promise<H5Context> {
  if (source.size === 0) throw fail('NOT_HDF5', label, 'the file is empty; expected an HDF5 file');
  const blocks = new BlockReader(source, reader);
  try {
    const sb = await readSuperblock(blocks);
    blocks.limit(sb.end);
    return { reader: blocks, sb };
  } catch (error) {
    if (error instanceof NoSignature)
      throw fail(
        'NOT_HDF5',
        label,
        'no HDF5 signature found; this is not an HDF5 file (icepickle never falls back to pickle or any other format)',
      );
    if (error instanceof Damaged)
      throw fail('NOT_HDF5', label, `not a readable HDF5 file: ${error.message}`, { cause: error });
    throw typedError(error, label);
  }
}

export async function openSource(
  source: ByteSource,
  label: string,
  options: OpenOptions = {},
  reader: ReaderOptions = {},
): Promise<StoredFile> {
  const ctx = await openContext(source, label, reader);
  const heap = new GlobalHeap(ctx);
  let listing: Listing;
  try {
    listing = await listFile(ctx, heap, {
      maxObjects: options.maxObjects ?? DEFAULT_MAX_OBJECTS,
      maxAttributeBytes: options.maxAttributeBytes ?? defaultLoadLimits.maxAttributeBytes,
    });
  } catch (error) {
    // the root group itself unreadable: not an HDF5 file we can open at all
    const rootFailed = !(error instanceof AtObject);
    throw typedError(error, label, undefined, rootFailed ? ('NOT_HDF5' as 'READ_FAILED') : 'READ_FAILED');
  }
  return new HdfJsFile(ctx, heap, listing, label, source);
}

class HdfJsFile implements StoredFile {
  private closed = false;
  private readonly rules: ListingRules;

  constructor(
    private readonly ctx: H5Context,
    private readonly heap: GlobalHeap,
    private readonly listing: Listing,
    readonly label: string,
    private readonly source: ByteSource,
  ) {
    this.rules = new ListingRules(listing.nodes, listing.attrs, label, SCOPE);
  }

  /** The bytes the file stores, for core's memory rule (a load allocates at most an expansion of them). */
  get storedBytes(): number {
    return this.source.size;
  }

  list(): readonly NodeInfo[] {
    return this.listing.nodes;
  }

  attrs(path?: string): Readonly<Record<string, AttrValue>> {
    return this.rules.attrs(path);
  }

  async read(path: string, selection?: Selection): Promise<StoredArray> {
    const info = this.rules.readableDataset(path, this.closed);
    const plan = planSelection(info, selection, this.label, SCOPE);
    const header = this.listing.datasets.get(info.path)!;
    try {
      checkRangeBudget(this.source, header, plan);
      return await readSelection(this.ctx, this.heap, header, plan, selection?.into);
    } catch (error) {
      throw typedError(error, this.label, info.path);
    }
  }

  /**
   * @internal For hdf5-node, which checks a read here and then reads contiguous data itself: where a
   * contiguous dataset's bytes start (absolute), once their extent is checked as read() checks it;
   * undefined for another layout, or data never written.
   */
  contiguousAddress(path: string): number | undefined {
    const header = this.listing.datasets.get(path);
    if (!header?.layout.contiguous) return undefined;
    try {
      return contiguousStart(this.ctx, header);
    } catch (error) {
      throw typedError(error, this.label, path);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.source.close?.();
  }
}
