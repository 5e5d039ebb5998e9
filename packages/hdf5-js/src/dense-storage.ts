/**
 * Dense storage of links and attributes (spec IV.A.2.c / IV.A.2.v): messages kept in a fractal heap,
 * named by a version-2 B-tree (type 5 for link names: hash, heap ID; type 8 for attribute names: heap
 * ID, flags, creation order, hash). Returns the raw messages, parsed like header messages.
 */
import { walkBtreeV2 } from './btree-v2.js';
import type { H5Context } from './context.js';
import { FractalHeap } from './fractal-heap.js';
import type { LinkInfo } from './link.js';

export async function denseMessages(
  ctx: H5Context,
  info: LinkInfo,
  what: 'links' | 'attributes',
): Promise<Uint8Array[]> {
  const heap = await FractalHeap.open(ctx, info.heap!);
  const ids: Uint8Array[] = [];
  await walkBtreeV2(ctx, info.nameIndex!, what === 'links' ? 5 : 8, (record) => {
    ids.push(what === 'links' ? record.subarray(4, 4 + heap.idLength) : record.subarray(0, heap.idLength));
  });
  return Promise.all(ids.map((id) => heap.object(id)));
}
