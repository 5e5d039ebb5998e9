/** An open file: the bytes live in a private MEMFS folder until close(). */
import type { AttrValue, NodeInfo, OpenOptions, Selection, StoredArray, StoredFile } from '@icepickle/core';
import { defaultLoadLimits, isIcepickleError } from '@icepickle/core';
import { ListingRules, planSelection } from '@icepickle/core/backend-kit';
import { fail } from './errors.js';
import {
  type Loaded,
  hdf5Reason,
  isWasmTrap,
  markCrashed,
  memfs,
  memfsPath,
  removeMemfs,
  settle,
} from './h5wasm-module.js';
import { type Listing, listFile } from './listing.js';
import { type SuperblockInfo, findBrokenGlobalHeap, readSuperblock } from './object-header.js';
import { ChunkChecker } from './chunk-check.js';
import { readDataset, touchedChunks } from './read-dataset.js';

export { DECODABLE_FILTERS } from '@icepickle/core/backend-kit';

const DEFAULT_MAX_OBJECTS = 10_000;

type H5File = InstanceType<Loaded['lib']['File']>;

/** Core's default; OpenOptions has no field for it yet (the native backend reads it the same way). */
function maxAttributeBytes(options: OpenOptions): number {
  return options.maxAttributeBytes ?? defaultLoadLimits.maxAttributeBytes;
}

/** Opens a file's bytes in a private MEMFS folder of `loaded`'s instance. */
function mount(loaded: Loaded, bytes: Uint8Array, canOwn: boolean): { dir: string; h5: H5File } {
  const { dir, file } = memfsPath(loaded.module, 'r');
  try {
    memfs(loaded.module).writeFile(file, bytes, { canOwn });
    return { dir, h5: new loaded.lib.File(file, 'r') };
  } catch (error) {
    removeMemfs(loaded.module, dir);
    throw error;
  }
}

/** Closes without ever throwing, and without touching an instance that crashed. */
function unmount(loaded: Loaded, h5: H5File | undefined, dir: string): void {
  try {
    if (!loaded.crashed) h5?.close();
  } catch (error) {
    if (isWasmTrap(error)) markCrashed(loaded);
  }
  removeMemfs(loaded.module, dir);
}

/**
 * Opens `bytes` (which this function may keep and hand to MEMFS: pass a private copy). `reload` gives
 * a working instance again after HDF5 crashed in this one (a trap on a damaged file).
 */
export function openBytes(
  loaded: Loaded,
  bytes: Uint8Array,
  label: string,
  options: OpenOptions = {},
  reload?: () => Promise<Loaded>,
): StoredFile {
  if (bytes.length === 0) throw fail('NOT_HDF5', label, 'the file is empty; expected an HDF5 file');
  const superblock = readSuperblock(bytes);
  if (!superblock)
    throw fail(
      'NOT_HDF5',
      label,
      'no HDF5 signature found; this is not an HDF5 file (icepickle never falls back to pickle or any other format)',
    );
  let mounted: { dir: string; h5: H5File };
  try {
    settle(loaded);
    mounted = mount(loaded, bytes, true);
  } catch (cause) {
    if (isWasmTrap(cause)) markCrashed(loaded);
    throw fail('NOT_HDF5', label, `not a readable HDF5 file: ${hdf5Reason(cause)}`, { cause });
  }
  try {
    // after H5Fopen (which reports truncated files as such), before anything reads a string
    const brokenHeap = findBrokenGlobalHeap(bytes, superblock);
    if (brokenHeap >= 0)
      throw fail(
        'READ_FAILED',
        label,
        `damaged HDF5 file: the global heap collection at byte ${brokenHeap} is inconsistent (HDF5 would loop forever reading it)`,
      );
    const listing = listFile({
      loaded,
      fileId: mounted.h5.file_id,
      bytes,
      superblock,
      label,
      maxObjects: options.maxObjects ?? DEFAULT_MAX_OBJECTS,
      maxAttributeBytes: maxAttributeBytes(options),
    });
    return new WasmStoredFile(loaded, mounted.h5, mounted.dir, label, listing, bytes, superblock, reload);
  } catch (cause) {
    if (isWasmTrap(cause)) markCrashed(loaded);
    unmount(loaded, mounted.h5, mounted.dir);
    if (isIcepickleError(cause)) throw cause;
    throw fail('READ_FAILED', label, `damaged HDF5 file: ${hdf5Reason(cause)}`, { cause });
  }
}

class WasmStoredFile implements StoredFile {
  private closed = false;
  private readonly rules: ListingRules;
  private readonly chunkChecker: ChunkChecker;

  constructor(
    private loaded: Loaded,
    private h5: H5File,
    private dir: string,
    readonly label: string,
    private readonly listing: Listing,
    private readonly bytes: Uint8Array,
    superblock: SuperblockInfo,
    private readonly reload?: () => Promise<Loaded>,
  ) {
    this.nodes = listing.nodes;
    this.rules = new ListingRules(this.nodes, listing.attrs, label, 'hdf5-wasm');
    this.chunkChecker = new ChunkChecker(bytes, superblock, label);
  }

  private readonly nodes: readonly NodeInfo[];

  get storedBytes(): number {
    return this.bytes.length;
  }

  list(): readonly NodeInfo[] {
    return this.nodes;
  }

  attrs(path = '/'): Readonly<Record<string, AttrValue>> {
    return this.rules.attrs(path);
  }

  async read(path: string, selection?: Selection): Promise<StoredArray> {
    const info = this.rules.readableDataset(path, this.closed);
    const p = info.path;
    const plan = planSelection(info, selection, this.label, 'hdf5-wasm');
    const raw = this.listing.raw.get(p);
    const chunkIndex = raw?.chunkIndex;
    if (chunkIndex) {
      // before HDF5 decompresses anything: each touched chunk decodes to exactly one chunk (once per file)
      const maxShape = info.shape.map((n, i) => raw.metadata.maxshape?.[i] ?? n);
      this.chunkChecker.check(info, chunkIndex, maxShape, touchedChunks(info, plan, chunkIndex.chunk));
    }
    if (this.loaded.crashed) await this.moveToFreshInstance(p);
    try {
      settle(this.loaded);
      return readDataset(this.loaded, this.h5.file_id, info, plan, this.label, raw, this.bytes);
    } catch (cause) {
      if (isIcepickleError(cause)) throw cause;
      if (isWasmTrap(cause)) {
        markCrashed(this.loaded);
        throw fail(
          'READ_FAILED',
          this.label,
          `HDF5 crashed reading dataset "${p}" of this damaged file (${hdf5Reason(cause)}); h5wasm restarts for the next read`,
          { cause, object: p },
        );
      }
      const reason = hdf5Reason(cause);
      if (/allocation|exceeds maximum memory/i.test(reason)) {
        throw fail(
          'LIMIT_EXCEEDED',
          this.label,
          `reading "${p}" does not fit h5wasm's heap (${reason}); read it in slices`,
          { cause, object: p },
        );
      }
      throw fail('READ_FAILED', this.label, `could not read dataset "${p}": ${reason}`, { cause, object: p });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.loaded.crashed) settle(this.loaded);
    unmount(this.loaded, this.h5, this.dir);
  }

  /** HDF5 crashed in this file's instance (on some other, damaged file): reopen the bytes in a new one. */
  private async moveToFreshInstance(p: string): Promise<void> {
    if (!this.reload)
      throw fail(
        'READ_FAILED',
        this.label,
        `cannot read "${p}": h5wasm crashed on a damaged file and this backend cannot restart it`,
        { object: p },
      );
    const next = await this.reload();
    if (next === this.loaded) return;
    const old = { loaded: this.loaded, h5: this.h5, dir: this.dir };
    const mounted = mount(next, this.bytes, false);
    this.loaded = next;
    this.h5 = mounted.h5;
    this.dir = mounted.dir;
    unmount(old.loaded, old.h5, old.dir);
  }
}
