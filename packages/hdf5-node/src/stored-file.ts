import type { AttrValue, DatasetInfo, NodeInfo, Selection, StoredArray, StoredFile } from '@icepickle/core';
import { normalisePath, planSelection, typedArrayConstructor } from '@icepickle/core/backend-kit';
import type { NativeBinding, NativeFileHandle } from './binding.js';
import { fail, fromNative } from './errors.js';

export { DECODABLE_FILTERS } from '@icepickle/core/backend-kit';
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

  constructor(
    private readonly binding: NativeBinding,
    private readonly handle: NativeFileHandle,
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
    const info = this.described.list().find((n) => n.path === normalisePath(path));
    const job =
      info?.kind === 'dataset' && info.layout === 'contiguous' && !info.external && typedArrayConstructor(info.dtype)
        ? this.readNative(info, selection)
        : this.described.read(path, selection);
    this.pending.add(job);
    try {
      return await job;
    } finally {
      this.pending.delete(job);
    }
  }

  private async readNative(info: DatasetInfo, selection?: Selection): Promise<StoredArray> {
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
    try {
      await this.binding.read(this.handle, p, plan.rows?.[0] ?? -1, plan.rows?.[1] ?? -1, plan.cols ?? null, out);
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
    this.handle.close();
    await this.described.close();
  }
}
