/**
 * Data Layout messages (spec IV.A.2.i), versions 3 and 4: compact (the data inside the message),
 * contiguous (one address and size) and chunked (chunk shape and the chunk index that version 4
 * names; version 3 always uses a version-1 B-tree). Versions 1-2 and virtual layouts are described,
 * never read.
 */
import type { Layout } from '@icepickle/core';
import { type H5Context, readAddress, readLength } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';

export type ChunkIndexKind = 'btree-v1' | 'single' | 'implied' | 'fixed-array' | 'extensible-array' | 'btree-v2';

export interface ChunkedLayout {
  kind: ChunkIndexKind;
  /** Absolute position of the index (of the chunk itself for 'single' and 'implied'); undefined: nothing written. */
  address: number | undefined;
  chunk: number[];
  /** Bytes per element as the layout declares it. */
  itemSize: number;
  /** 'single' with filters: the chunk's stored size and filter mask. */
  single?: { size: number; mask: number };
  /** Layout v4 flag: partial edge chunks are not filtered. */
  unfilteredEdges: boolean;
}

export interface DataLayout {
  layout: Layout;
  compact?: Uint8Array;
  contiguous?: { address: number | undefined; size: number };
  chunked?: ChunkedLayout;
}

const KINDS: Record<number, ChunkIndexKind> = {
  1: 'single',
  2: 'implied',
  3: 'fixed-array',
  4: 'extensible-array',
  5: 'btree-v2',
};

function chunkDims(c: Cursor, rank: number, size: number): { chunk: number[]; itemSize: number } {
  if (rank < 2) throw new Damaged('layout: chunked dimensionality below 2');
  const all: number[] = [];
  for (let i = 0; i < rank; i++) all.push(c.uint(size));
  if (all.some((d) => d < 1 || !Number.isSafeInteger(d))) throw new Damaged('layout: chunk dimension of 0');
  return { chunk: all.slice(0, -1), itemSize: all[all.length - 1]! };
}

function chunkedV4(ctx: H5Context, c: Cursor): ChunkedLayout {
  const flags = c.u8();
  const rank = c.u8();
  const encoded = c.u8();
  if (encoded < 1 || encoded > 8) throw new Damaged(`layout: encoded dimension size ${encoded}`);
  const dims = chunkDims(c, rank, encoded);
  const kind = KINDS[c.u8()];
  if (!kind) throw new Damaged('layout: unknown chunk index type');
  const out: ChunkedLayout = { kind, address: undefined, ...dims, unfilteredEdges: (flags & 0x01) !== 0 };
  if (kind === 'single' && flags & 0x02) out.single = { size: readLength(ctx, c), mask: c.u32() };
  else if (kind === 'fixed-array') c.skip(1);
  else if (kind === 'extensible-array') c.skip(5);
  else if (kind === 'btree-v2') c.skip(6);
  out.address = readAddress(ctx, c);
  return out;
}

export function parseLayout(ctx: H5Context, data: Uint8Array): DataLayout {
  const c = new Cursor(data);
  const version = c.u8();
  if (version < 3) return { layout: 'unknown' };
  if (version > 4) throw new Damaged(`layout version ${version} is unknown`);
  const cls = c.u8();
  if (cls === 0) {
    const size = c.u16();
    return { layout: 'compact', compact: c.take(size) };
  }
  if (cls === 1) {
    const address = readAddress(ctx, c);
    return { layout: 'contiguous', contiguous: { address, size: readLength(ctx, c) } };
  }
  if (cls === 2) {
    if (version === 3) {
      const rank = c.u8();
      const address = readAddress(ctx, c);
      return {
        layout: 'chunked',
        chunked: { kind: 'btree-v1', address, ...chunkDims(c, rank, 4), unfilteredEdges: false },
      };
    }
    return { layout: 'chunked', chunked: chunkedV4(ctx, c) };
  }
  if (cls === 3) return { layout: 'virtual' };
  return { layout: 'unknown' };
}
