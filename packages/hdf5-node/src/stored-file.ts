/** An open file: a native handle plus the description the addon read at open time. */
import type { AttrValue, DatasetInfo, DType, NodeInfo, Selection, StoredArray, StoredFile } from '@icepickle/core';
import { ListingRules, normalisePath, planSelection, typedArrayConstructor } from '@icepickle/core/backend-kit';
import type { NativeBinding, NativeDescription, NativeFileHandle, NativeNode } from './binding.js';
import { fail, fromNative } from './errors.js';

export { DECODABLE_FILTERS } from '@icepickle/core/backend-kit';
/** Paths are normalised as the contract says (kept under this name for write-spec.ts). */
export const normalise = normalisePath;

export class NodeStoredFile implements StoredFile {
  private closed = false;
  private readonly nodes: readonly NodeInfo[];
  private readonly rules: ListingRules;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly handle: NativeFileHandle;

  constructor(
    private readonly binding: NativeBinding,
    description: NativeDescription,
    readonly label: string,
  ) {
    this.handle = description.handle;
    const attributes = new Map<string, Record<string, AttrValue>>([
      ['/', Object.freeze(description.rootAttrs as Record<string, AttrValue>)],
    ]);
    this.nodes = Object.freeze(description.nodes.map((n) => Object.freeze(toNodeInfo(n, attributes))));
    this.rules = new ListingRules(this.nodes, attributes, label, 'hdf5-node');
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
    const plan = planSelection(info, selection, this.label, 'hdf5-node');
    const total = plan.shape.reduce((a, b) => a * b, 1);
    // Numbers land straight in a JS-owned buffer: the addon reads into its memory, off the main thread.
    const Ctor = typedArrayConstructor(info.dtype);
    let out: InstanceType<NonNullable<typeof Ctor>> | null = null;
    try {
      out = Ctor ? new Ctor(total) : null;
    } catch (cause) {
      // past what a typed array can hold (a damaged file's shape, or limits lifted): nothing is read
      throw fail(
        'LIMIT_EXCEEDED',
        this.label,
        `reading ${total} values of "${p}" at once does not fit in memory; read it in slices (rows / cols)`,
        { cause, object: p },
      );
    }
    const job = this.binding.read(this.handle, p, plan.rows?.[0] ?? -1, plan.rows?.[1] ?? -1, plan.cols ?? null, out);
    this.pending.add(job);
    try {
      const strings = await job;
      // An enum value outside FALSE/TRUE converts to 255 in libhdf5: the contract promises 0/1.
      if (info.dtype === 'bool')
        for (let i = 0; i < out!.length; i++) (out as Uint8Array)[i] = (out as Uint8Array)[i] === 0 ? 0 : 1;
      return { dtype: info.dtype, shape: plan.shape, data: out ?? strings ?? [] };
    } catch (error) {
      throw fromNative(error, this.label, 'READ_FAILED', `could not read dataset "${p}": `);
    } finally {
      this.pending.delete(job);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Reads already queued finish first; the handle is closed once nothing uses it.
    await Promise.allSettled([...this.pending]);
    this.handle.close();
  }
}

function toNodeInfo(n: NativeNode, attributes: Map<string, Record<string, AttrValue>>): NodeInfo {
  if (n.attrs) attributes.set(n.path, Object.freeze(n.attrs as Record<string, AttrValue>));
  if (n.kind === 'group') return { kind: 'group', path: n.path };
  if (n.kind !== 'dataset') return { kind: n.kind, path: n.path, target: n.target ?? '' };
  const info: DatasetInfo = {
    kind: 'dataset',
    path: n.path,
    dtype: n.dtype as DType,
    itemSize: n.itemSize!,
    shape: Object.freeze(n.shape!),
    layout: n.layout as DatasetInfo['layout'],
    filters: Object.freeze(n.filters!.map((f) => Object.freeze(f))),
    external: n.external!,
  };
  if (n.chunks) info.chunks = Object.freeze(n.chunks);
  if (n.typeDescription) info.typeDescription = n.typeDescription;
  return info;
}
