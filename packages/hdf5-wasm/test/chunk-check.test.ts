/**
 * Chunk checks before HDF5 decompresses (src/chunk-index.ts, src/chunk-check.ts): the index walk
 * against h5py's own chunk list, values of every index kind h5py writes, and damaged chunks refused
 * with READ_FAILED before any large allocation.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodedSize, inflateBounded } from '../src/chunk-check.js';
import { walkChunkIndex } from '../src/chunk-index.js';
import { addressFromReference, describeStorage, readSuperblock } from '../src/object-header.js';

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

  const kinds: Record<string, string> = {
    'earliest:btree': 'btree-v1',
    'earliest:shuffled': 'btree-v1',
    'earliest:paged': 'btree-v1',
    'latest:btree': 'fixed-array',
    'latest:shuffled': 'fixed-array',
    'latest:plain': 'fixed-array',
    'latest:paged': 'fixed-array', // 3,000 entries: a paged data block
    'latest:single': 'single',
    'latest:empty': 'fixed-array',
    'latest:resizable': 'extensible-array',
  };

  it.each(Object.entries(kinds))('%s: walks the %s index to exactly the chunks h5py lists', async (key, kind) => {
    const [libver, name] = key.split(':') as [string, string];
    const bytes = new Uint8Array(readFileSync(join(dir, `chunks-${libver}.h5`)));
    const sb = readSuperblock(bytes)!;
    const lib = await import('h5wasm');
    const module = (await lib.ready) as typeof lib.Module;
    const file = join('/', `walk-${libver}.h5`);
    module.FS.writeFile(file, bytes);
    const h5 = new lib.File(file, 'r');
    try {
      const address = addressFromReference(module.create_object_reference(h5.file_id, `/${name}`))!;
      const ref = describeStorage(bytes, sb, address)!.chunkIndex!;
      expect(ref.kind).toBe(kind);
      if (kind === 'extensible-array') return;
      const shape = name === 'paged' ? [1, 3000] : name === 'empty' ? [10, 10] : [50, 300];
      const entries = walkChunkIndex(bytes, sb, ref, shape, name !== 'plain');
      const got = entries
        .map((e) => [e.coords, e.at, e.size, e.mask])
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      const want = [...written[key]!.chunks].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      expect(got).toEqual(want);
      expect(got.length).toBe(name === 'empty' ? 0 : want.length);
    } finally {
      h5.close();
      module.FS.unlink(file);
    }
  });

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

  it('refuses compressed chunks behind an index it cannot walk (UNSAFE_FILE), and reads the same data uncompressed', async () => {
    const file = await hdf5Wasm().open(join(dir, 'chunks-latest.h5'));
    try {
      const error = await file.read('/resizable-gzip').catch((e: unknown) => e);
      expect(isIcepickleError(error, 'UNSAFE_FILE')).toBe(true);
      expect(String(error)).toContain('extensible-array');
      expect((await file.read('/resizable')).data.length).toBe(50 * 300);
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
      expect(String(error)).toMatch(/dataset "\/btree" at byte \d+: it decodes to more than 2240 bytes/);
      // refused again on the next read (the failure is not cached as a pass)
      expect(isIcepickleError(await file.read('/btree').catch((e: unknown) => e), 'READ_FAILED')).toBe(true);
    } finally {
      await file.close();
    }
  });
});

describe('bounded inflate', () => {
  it('stops a deflate bomb just past the limit instead of inflating it all', () => {
    const bomb = deflateSync(Buffer.alloc(150_000_000), { level: 9 });
    const t0 = performance.now();
    const out = inflateBounded(bomb, 160_000, false)!;
    expect(out.size).toBeGreaterThan(160_000);
    expect(out.size).toBeLessThan(160_000 + 5 * 1024 * 1024); // not 150 MB: stopped within one push
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('measures complete streams exactly, ignores bytes after the stream, and refuses truncated or invalid ones', () => {
    const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
    const z = deflateSync(data);
    expect(inflateBounded(z, 4096, false)).toEqual({ size: 4096 });
    expect(inflateBounded(Buffer.concat([z, Buffer.alloc(100)]), 4096, false)).toEqual({ size: 4096 });
    expect(Buffer.from(inflateBounded(z, 4096, true)!.bytes!)).toEqual(data);
    expect(inflateBounded(z.subarray(0, z.length - 10), 4096, false)).toBeUndefined();
    expect(inflateBounded(Buffer.alloc(64, 0xff), 4096, false)).toBeUndefined();
    expect(inflateBounded(new Uint8Array(0), 4096, false)).toBeUndefined();
  });

  it('undoes a filter pipeline from its last filter: fletcher32 drops 4 bytes, a skipped filter (mask) is left alone', () => {
    const data = Buffer.alloc(800, 3);
    const z = deflateSync(data);
    const withChecksum = Buffer.concat([z, Buffer.alloc(4)]);
    expect(decodedSize(withChecksum, [1, 3], 0, 800, 8)).toBe(800); // deflate, then fletcher32
    expect(decodedSize(data, [1], 0b1, 800, 8)).toBe(800); // deflate skipped for this chunk
    expect(decodedSize(z, [2, 1], 0, 800, 8)).toBe(800); // shuffle then deflate (h5py's order)
    expect(decodedSize(Buffer.concat([data, Buffer.alloc(4)]), [3], 0, 800, 8)).toBe(800);
    expect(decodedSize(z, [1], 0, 1600, 8)).toBe(800); // short
    expect(decodedSize(Buffer.alloc(2), [3], 0, 800, 8)).toBeUndefined();
  });

  it('unshuffles before inflating when deflate was applied first (pipeline deflate, shuffle)', () => {
    const z = deflateSync(Buffer.alloc(800, 5));
    const n = Math.floor(z.length / 4);
    const shuffled = Buffer.alloc(z.length);
    for (let b = 0; b < 4; b++) for (let i = 0; i < n; i++) shuffled[b * n + i] = z[i * 4 + b]!;
    z.subarray(n * 4).copy(shuffled, n * 4);
    expect(decodedSize(shuffled, [1, 2], 0, 800, 4)).toBe(800);
    expect(decodedSize(shuffled, [1], 0, 800, 4)).toBeUndefined();
  });
});

describe('the hostile chunk files', () => {
  const hostile = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'hostile');
  it.each([
    ['zip-bomb-chunk.h5', /it decodes to more than 160000 bytes/],
    ['short-chunk.h5', /it decodes to 100 bytes, 4096 expected/],
    ['corrupt-chunk.h5', /do not decode/],
  ])('%s: READ_FAILED before HDF5 decompresses', async (name, message) => {
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
