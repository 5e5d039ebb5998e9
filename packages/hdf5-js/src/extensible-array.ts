import { Refused } from './errors.js';
import type { ChunkEntry, IndexContext } from './chunk-index.js';

export async function walkExtensibleArray(
  _ix: IndexContext,
  _at: number,
  _out: Map<number, ChunkEntry>,
): Promise<void> {
  throw new Refused('NOT_SUPPORTED', 'extensible-array chunk indexes are not read yet');
}
