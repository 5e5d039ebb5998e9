import type { AttrValue, DatasetInfo, NodeInfo, Selection, StoredArray, StoredFile } from '@icepickle/core';
import { isIcepickleError } from '@icepickle/core';
import { normalisePath, planSelection, typedArrayConstructor } from '@icepickle/core/backend-kit';
import type { NativeBinding, NativeFileHandle } from './binding.js';
import { fail, fromNative } from './errors.js';

export { DECODABLE_FILTERS } from '@icepickle/core/backend-kit';

/** hdf5-js's open file, with the one internal method this backend uses. */
interface Hdf5JsStoredFile extends StoredFile {
  contiguousAddress(path: string): number | undefined;
}
/** Paths are normalised as the contract says (kept under this name for write-spec.ts). */
export const normalise = normalisePath;

/**
 * An open file: hdf5-js's description (list, attributes) and reads of everything but contiguous
 * numbers, which libhdf5 reads through the addon (direct preads: bench/RESULTS.md). Both read the
 * same open file; hdf5-js checked every layout when it described it.
 */
export class NodeStoredFile implements StoredFile {
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();
  /** Datasets hdf5-js has checked for reading (layout, extent, type). */
  private readonly checked = new Set<string>();

  constructor(
    private readonly binding: NativeBinding,
    /** libhdf5's file, or undefined when libhdf5 could not open a file hdf5-js accepted. */
    private readonly handle: NativeFileHandle | undefined,
    private readonly described: StoredFile,
    readonly label: string,
  ) {}

  /** The file's size, or the image's length (the memory rule's base). */
  get storedBytes(): number | undefined {
    return this.described.storedBytes;
  }

  list(): readonly NodeInfo[] {
    return this.described.list();
  }

  attrs(path = '/'): Readonly<Record<string, AttrValue>> {
    return this.described.attrs(path);
  }

  async read(path: string, selection?: Selection): Promise<StoredArray> {
    if (this.closed) return this.described.read(path, selection); // hdf5-js says CLOSED its way
    const job = this.readChecked(path, selection);
    this.pending.add(job);
    try {
      return await job;
    } finally {
      this.pending.delete(job);
    }
  }

  /**
   * hdf5-js decides every read (a read of no rows checks layout, extent and type without touching
   * data); libhdf5 then reads contiguous numbers, from the very address hdf5-js found. When libhdf5
   * cannot (it opened the file differently, or not at all), hdf5-js reads: its answer is the answer.
   */
  private async readChecked(path: string, selection?: Selection): Promise<StoredArray> {
    const info = this.described.list().find((n) => n.path === normalisePath(path));
    const direct =
      this.handle !== undefined &&
      info?.kind === 'dataset' &&
      info.layout === 'contiguous' &&
      info.shape.length > 0 &&
      !info.external &&
      typedArrayConstructor(info.dtype) !== undefined;
    if (!direct) return this.described.read(path, selection);
    // hdf5-js's checks first: selection, type and filters (a read of no rows), then the extent
    if (!this.checked.has(info.path)) {
      await this.described.read(info.path, { rows: [0, 0] });
      this.checked.add(info.path);
    }
    const at = (this.described as Hdf5JsStoredFile).contiguousAddress(info.path);
    if (at === undefined) return this.described.read(path, selection); // never written: its fill value
    try {
      return await this.readNative(info, at, selection);
    } catch (error) {
      if (isIcepickleError(error, 'INVALID_INPUT') || isIcepickleError(error, 'LIMIT_EXCEEDED')) throw error;
      return this.described.read(path, selection);
    }
  }

  private async readNative(info: DatasetInfo, at: number, selection?: Selection): Promise<StoredArray> {
    const p = info.path;
    const plan = planSelection(info, selection, this.label, 'hdf5-node');
    const total = plan.shape.reduce((a, b) => a * b, 1);
    // Numbers land straight in a JS-owned buffer: the addon reads into its memory, off the main thread.
    const Ctor = typedArrayConstructor(info.dtype)!;
    let out: InstanceType<typeof Ctor>;
    try {
      out = new Ctor(total);
    } catch (cause) {
      // past what a typed array can hold (a damaged file's shape, or limits lifted): nothing is read
      throw fail(
        'LIMIT_EXCEEDED',
        this.label,
        `reading ${total} values of "${p}" at once does not fit in memory; read it in slices (rows / cols)`,
        { cause, object: p },
      );
    }
    const rows = plan.rows ?? [-1, -1];
    try {
      await this.binding.read(this.handle!, p, rows[0], rows[1], plan.cols ?? null, out, at);
    } catch (error) {
      throw fromNative(error, this.label, 'READ_FAILED', `could not read dataset "${p}": `);
    }
    // An enum value outside FALSE/TRUE converts to 255 in libhdf5: the contract promises 0/1.
    if (info.dtype === 'bool') for (let i = 0; i < out.length; i++) out[i] = out[i] === 0 ? 0 : 1;
    return { dtype: info.dtype, shape: plan.shape, data: out };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Reads already queued finish first; then libhdf5's file, then the descriptor hdf5-js reads.
    await Promise.allSettled([...this.pending]);
    this.handle?.close();
    await this.described.close();
  }
}
