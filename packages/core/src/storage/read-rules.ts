import { IcepickleError, type IcepickleErrorCode } from '../errors.js';
import type { AttrValue, DType, DatasetInfo, NodeInfo, TypedData } from './types.js';

/**
 * The contract's rules for answering attrs() and read() from a listing, shared by every backend so
 * they accept, refuse and word the same requests identically: path normalisation, never going
 * through a link, and what must hold before a dataset's data is touched.
 */

/** `a//b/` → `/a/b`; `` → `/`. */
export function normalisePath(path: string): string {
  return `/${path.split('/').filter(Boolean).join('/')}`;
}

/** Filters every backend decodes and the strict profile allows. */
export const DECODABLE_FILTERS: ReadonlyMap<number, string> = new Map([
  [1, 'deflate'],
  [2, 'shuffle'],
  [3, 'fletcher32'],
]);

type Ctor = new (length: number) => TypedData;
const TYPED_ARRAYS: Partial<Record<DType, Ctor>> = {
  float64: Float64Array,
  float32: Float32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

/** The typed array a dtype's values are returned in (bool as Uint8Array); undefined for utf8/other. */
export function typedArrayConstructor(dtype: DType): Ctor | undefined {
  return TYPED_ARRAYS[dtype];
}

/** Answers attrs() / dataset lookups from a backend's listing, with the contract's errors. */
export class ListingRules {
  private readonly byPath: ReadonlyMap<string, NodeInfo>;

  constructor(
    nodes: readonly NodeInfo[],
    private readonly attributes: ReadonlyMap<string, Record<string, AttrValue>>,
    private readonly label: string,
    private readonly scope: string,
  ) {
    this.byPath = new Map(nodes.map((n) => [n.path, n]));
  }

  /** The attributes of the object at `path`, as listed; MISSING_DATASET when there is none. */
  attrs(path = '/'): Readonly<Record<string, AttrValue>> {
    const p = normalisePath(path);
    const found = this.attributes.get(p);
    if (found) return found;
    this.refuseLinks(p);
    throw this.fail('MISSING_DATASET', `no group or dataset "${p}"`, p);
  }

  /** The dataset at `path`, checked readable; `closed` refuses every read of a closed file. */
  readableDataset(path: string, closed: boolean): DatasetInfo {
    const p = normalisePath(path);
    if (closed) throw this.fail('CLOSED', `cannot read "${p}": the file is closed`, p);
    const node = this.byPath.get(p);
    if (!node) {
      this.refuseLinks(p);
      throw this.fail('MISSING_DATASET', `no dataset "${p}"`, p);
    }
    if (node.kind === 'group') throw this.fail('MISSING_DATASET', `"${p}" is a group, not a dataset`, p);
    if (node.kind !== 'dataset')
      throw this.fail('UNSAFE_FILE', `"${p}" is a ${node.kind} (to ${node.target}); refusing to follow links`, p);
    return this.checkReadable(node);
  }

  /** What must hold before any data is touched: storage in this file, decodable filters, a known type. */
  private checkReadable(info: DatasetInfo): DatasetInfo {
    const object = info.path;
    if (info.external)
      throw this.fail(
        'UNSAFE_FILE',
        `dataset "${object}" uses external storage (its data lives in other files); refusing to read files outside the model`,
        object,
      );
    if (info.layout === 'virtual')
      throw this.fail(
        'UNSAFE_FILE',
        `dataset "${object}" is a virtual dataset (its data lives in other datasets or files); refusing to read it`,
        object,
      );
    if (info.layout === 'unknown')
      throw this.fail(
        'UNSAFE_FILE',
        `could not verify where dataset "${object}" stores its data; refusing to read it`,
        object,
      );
    for (const f of info.filters) {
      if (!DECODABLE_FILTERS.has(f.id)) {
        const known = [...DECODABLE_FILTERS].map(([id, n]) => `${n} (${id})`).join(', ');
        throw this.fail(
          'UNSUPPORTED_FILTER',
          `dataset "${object}" uses HDF5 filter ${f.id} (${f.name || 'unnamed'}); this backend decodes only ${known}`,
          object,
        );
      }
    }
    if (info.dtype === 'other')
      throw this.fail(
        'INVALID_DTYPE',
        `dataset "${object}" has an unsupported type: ${info.typeDescription ?? 'unknown'}`,
        object,
      );
    return info;
  }

  /** A path that goes through a soft or external link is refused: links are listed, never followed. */
  private refuseLinks(p: string): void {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const prefix = `/${parts.slice(0, i).join('/')}`;
      const node = this.byPath.get(prefix);
      if (node && node.kind !== 'group' && node.kind !== 'dataset') {
        throw this.fail(
          'UNSAFE_FILE',
          `"${p}" goes through ${node.kind} "${prefix}" (to ${node.target}); refusing to follow links`,
          p,
        );
      }
    }
  }

  private fail(code: IcepickleErrorCode, what: string, object: string): IcepickleError {
    return new IcepickleError(code, { scope: this.scope, file: this.label, detail: what, object });
  }
}
