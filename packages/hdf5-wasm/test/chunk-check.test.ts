/**
 * Chunked data through this backend (read by hdf5-js, the shared parser): values of every chunk index
 * h5py writes, and damaged chunks refused with READ_FAILED before any large allocation. The index
 * walk itself is tested in packages/hdf5-js/test/chunk-indexes.test.ts.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = join(repoRoot, '.tmp', 'hdf5-wasm-chunks');

/** h5py writes each layout; prints every chunk as h5py's get_chunk_info sees it, and the values. */
const WRITE = String.raw`
import h5py, json, sys, numpy as np
d = json.load(sys.stdin)
rng = np.random.default_rng(7)
a = rng.standard_normal((50, 300))
out = {}
for libver in ["earliest", "latest"]:
    name = f"{d['dir']}/chunks-{libver}.h5"
    with h5py.File(name, "w", libver=libver) as f:
        f.create_dataset("btree", data=a, chunks=(7, 40), compression="gzip")
        f.create_dataset("shuffled", data=a, chunks=(50, 16), compression="gzip", shuffle=True, fletcher32=True)
        f.create_dataset("single", data=a, chunks=(50, 300), compression="gzip")
        f.create_dataset("plain", data=a, chunks=(10, 10))
        f.create_dataset("paged", data=np.arange(3000.0).reshape(1, 3000), chunks=(1, 1), compression="gzip")
        f.create_dataset("empty", shape=(10, 10), chunks=(5, 5), compression="gzip")
        f.create_dataset("resizable", data=a, chunks=(10, 10), maxshape=(None, 300))
        f.create_dataset("resizable-gzip", data=a, chunks=(10, 10), maxshape=(None, 300), compression="gzip")
    with h5py.File(name, "r") as f:
        for k in f:
            ds = f[k]
            chunks = []
            for i in range(ds.id.get_num_chunks()):
                c = ds.id.get_chunk_info(i)
                chunks.append([[o // s for o, s in zip(c.chunk_offset, ds.chunks)], c.byte_offset, c.size, c.filter_mask])
            out[f"{libver}:{k}"] = {"chunks": sorted(chunks), "values": ds[()].ravel().tolist()}
print(json.dumps(out))
`;

interface Written {
  chunks: Array<[number[], number, number, number]>;
  values: number[];
}

describe.runIf(hasSklearn())('chunk index and chunk checks, on files h5py writes', () => {
  let written: Record<string, Written>;
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    written = runPythonCode<Record<string, Written>>(WRITE, { dir });
  }, 60_000);

  it.each(['earliest', 'latest'])(
    'reads every chunked layout (%s) with the values h5py reads, whole and in selections',
    async (libver) => {
      const file = await hdf5Wasm().open(join(dir, `chunks-${libver}.h5`));
      try {
        for (const name of ['btree', 'shuffled', 'single', 'plain', 'paged', 'empty', 'resizable']) {
          const want = written[`${libver}:${name}`]!.values;
          const whole = await file.read(`/${name}`);
          expect(Array.from(whole.data as Float64Array), name).toEqual(want);
          if (name === 'paged' || name === 'empty') continue;
          const part = await file.read(`/${name}`, { rows: [3, 9], cols: [299, 0, 17, 17, 150] });
          const expected = [];
          for (let i = 3; i < 9; i++) for (const j of [299, 0, 17, 17, 150]) expected.push(want[i * 300 + j]);
          expect(Array.from(part.data as Float64Array), name).toEqual(expected);
        }
      } finally {
        await file.close();
      }
    },
  );

  it('reads compressed chunks behind an extensible-array index with the values h5py reads', async () => {
    const file = await hdf5Wasm().open(join(dir, 'chunks-latest.h5'));
    try {
      expect(Array.from((await file.read('/resizable-gzip')).data as Float64Array)).toEqual(
        written['latest:resizable-gzip']!.values,
      );
    } finally {
      await file.close();
    }
  });

  it('checks only the chunks a read touches: rows away from a damaged chunk still read, the damaged rows do not', async () => {
    // earliest:btree has chunks of 7 rows × 40 columns; damage chunk (1, 0) (rows 7-13, columns 0-39)
    const bytes = new Uint8Array(readFileSync(join(dir, 'chunks-earliest.h5')));
    const [, at, size] = written['earliest:btree']!.chunks.find(([coords]) => coords[0] === 1 && coords[1] === 0)!;
    const bomb = deflateSync(Buffer.alloc(2_000_000), { level: 9 });
    expect(bomb.length).toBeLessThanOrEqual(size);
    bytes.set(bomb, at);
    const file = await hdf5Wasm().open(bytes);
    try {
      const fine = await file.read('/btree', { rows: [0, 7] });
      expect(Array.from(fine.data as Float64Array)).toEqual(written['earliest:btree']!.values.slice(0, 7 * 300));
      expect((await file.read('/btree', { rows: [7, 8], cols: [40, 299] })).shape).toEqual([1, 2]);
      const error = await file.read('/btree', { rows: [7, 8], cols: [39] }).catch((e: unknown) => e);
      expect(isIcepickleError(error, 'READ_FAILED')).toBe(true);
      expect(String(error)).toMatch(/\(object \/btree\): a chunk inflates past its 2240 bytes/);
      // refused again on the next read (the failure is not cached as a pass)
      expect(isIcepickleError(await file.read('/btree').catch((e: unknown) => e), 'READ_FAILED')).toBe(true);
    } finally {
      await file.close();
    }
  });
});

describe('the hostile chunk files', () => {
  const hostile = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'hostile');
  it.each([
    ['zip-bomb-chunk.h5', /a chunk inflates past its 160000 bytes/],
    ['short-chunk.h5', /a chunk inflates to 100 bytes, not 4096/],
    ['corrupt-chunk.h5', /a chunk does not inflate/],
  ])('%s: READ_FAILED before anything large is allocated', async (name, message) => {
    const file = await hdf5Wasm().open(join(hostile, name));
    try {
      const error = await file.read('/coef').catch((e: unknown) => e);
      expect(isIcepickleError(error, 'READ_FAILED')).toBe(true);
      expect(String(error)).toMatch(message);
    } finally {
      await file.close();
    }
  });
});
