/**
 * Files found by `packages/hdf5-node/scripts/fuzz-corpus.mjs --base` (mutated rich files, seed 21),
 * read through hdf5-js by every backend since hdf5-js decides for all:
 * - case 74574: a shuffle filter whose element size (its client value) was damaged to a huge number;
 *   unshuffling looped over every byte position of that size (a hang). HDF5 leaves such a chunk as
 *   it is (fewer than two elements), and so does hdf5-js now.
 * - case 48750: a damaged chunk B-tree node after sibling visits had started: their rejections had
 *   no listener and ended the process (exit 1). Children are now visited once the node is parsed.
 * Every dataset ends in a value or a typed error, quickly.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIcepickleError } from '@icepickle/core';
import { describe, expect, it } from 'vitest';
import { hdf5Js } from '../src/node.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

async function readAll(name: string): Promise<string[]> {
  const file = await hdf5Js().open(join(fixtures, name));
  const outcomes: string[] = [];
  try {
    for (const node of file.list()) {
      if (node.kind !== 'dataset' || node.dtype === 'other') continue;
      outcomes.push(
        await file.read(node.path).then(
          () => `${node.path} ok`,
          (e: unknown) => `${node.path} ${isIcepickleError(e) ? e.code : `untyped ${String(e)}`}`,
        ),
      );
    }
  } finally {
    await file.close();
  }
  return outcomes;
}

describe('fuzz findings', () => {
  it('a damaged shuffle element size: the chunk reads (as HDF5 reads it), no hang', async () => {
    const t0 = performance.now();
    const outcomes = await readAll('fuzz-shuffle-size-hang.h5');
    expect(outcomes).toContain('/models/a/coef ok');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a damaged chunk B-tree node: a typed error, no unhandled rejection', async () => {
    const outcomes = await readAll('fuzz-chunk-btree-unhandled.h5');
    expect(outcomes.filter((o) => o.includes('untyped'))).toEqual([]);
    expect(outcomes.some((o) => o.endsWith('READ_FAILED'))).toBe(true);
  });
});
