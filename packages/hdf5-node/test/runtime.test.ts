/** Off the main thread, concurrent, closed cleanly, and no leaks. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@icepickle/test-utils';
import { beforeAll, describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { nativeAvailable } from './helpers.js';

describe.skipIf(!nativeAvailable())('hdf5-node at runtime', () => {
  let big: string;
  const n = 8_000_000; // 64 MB of float64
  beforeAll(async () => {
    big = join(mkdtempSync(join(tmpdir(), 'icepickle-hdf5-node-rt-')), 'big.h5');
    const data = new Float64Array(n).map((_, i) => i);
    await hdf5Node().write(big, {
      datasets: [{ path: '/coef', array: { dtype: 'float64', shape: [8, n / 8], data } }],
    });
  });

  test('a big read and a big write run off the event loop', async () => {
    const backend = hdf5Node();
    const f = await backend.open(big);
    let ticks = 0;
    let spinning = true;
    const spin = () => {
      ticks++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const pending = f.read('/coef');
    const before = ticks;
    const got = await pending;
    const duringRead = ticks - before;
    const data = got.data as Float64Array;
    const w = backend.write(undefined, { datasets: [{ path: '/x', array: got }] });
    const beforeWrite = ticks;
    const bytes = await w;
    const duringWrite = ticks - beforeWrite;
    spinning = false;
    expect(data[n - 1]).toBe(n - 1);
    expect(bytes!.length).toBeGreaterThan(n * 8);
    // A blocking call would settle its promise before any setImmediate callback ran (0 ticks). How
    // many run depends on the machine's load (a 64 MB pread from the page cache takes a few ms), so
    // one is the bar, not a count.
    expect(duringRead).toBeGreaterThan(0);
    expect(duringWrite).toBeGreaterThan(0);
    await f.close();
  });

  test('reads into a JS-owned buffer of exactly the result size', async () => {
    const f = await hdf5Node().open(big);
    const got = await f.read('/coef', { rows: [7, 8], cols: [0, n / 8 - 1] });
    expect(got.data).toBeInstanceOf(Float64Array);
    expect((got.data as Float64Array).buffer.byteLength).toBe(16);
    expect(Array.from(got.data as Float64Array)).toEqual([7 * (n / 8), n - 1]);
    await f.close();
  });

  test('concurrent reads on several files; close waits for reads in flight; reads after close are CLOSED', async () => {
    const backend = hdf5Node();
    const files = await Promise.all([
      backend.open(big),
      backend.open(readFileSync(big)),
      backend.open(fixturePath('models/logreg_iris.h5')),
    ]);
    const reads = files.flatMap((f, k) => [
      f.read(k === 2 ? '/coef' : '/coef', k === 2 ? undefined : { cols: [5, 1] }),
      f.read(k === 2 ? '/classes' : '/coef', { rows: [1, 2] }),
    ]);
    const closing = files[0]!.close();
    const results = await Promise.all(reads);
    await closing;
    expect(Array.from(results[0]!.data as Float64Array).slice(0, 2)).toEqual([5, 1]);
    expect(Array.from(results[2]!.data as Float64Array).slice(0, 2)).toEqual([5, 1]);
    expect(Array.from(results[5]!.data as BigInt64Array)).toEqual([1n]);
    await expect(files[0]!.read('/coef')).rejects.toMatchObject({ code: 'CLOSED' });
    await files[0]!.close(); // twice is fine
    await Promise.all(files.slice(1).map((f) => f.close()));
  });

  test('an open file keeps reading the file it opened after the path is replaced', async () => {
    const backend = hdf5Node();
    const path = join(mkdtempSync(join(tmpdir(), 'icepickle-hdf5-node-replace-')), 'model.h5');
    const write = (v: number) =>
      backend.write(path, {
        datasets: [
          { path: '/coef', array: { dtype: 'float64', shape: [2, 1000], data: new Float64Array(2000).fill(v) } },
        ],
      });
    await write(1);
    const f = await backend.open(path);
    await write(2); // atomic replace: a new inode at the same path
    const cols = await f.read('/coef', { cols: [999, 0] }); // our own gather, through libhdf5's descriptor
    expect(Array.from(cols.data as Float64Array)).toEqual([1, 1, 1, 1]);
    expect(Array.from((await f.read('/coef', { rows: [1, 2] })).data as Float64Array).every((x) => x === 1)).toBe(true);
    await f.close();
    const g = await backend.open(path);
    expect(Array.from((await g.read('/coef', { cols: [5] })).data as Float64Array)).toEqual([2, 2]);
    await g.close();
  });

  test('open / read / close 10,000 times keeps memory flat', async () => {
    const backend = hdf5Node();
    const path = fixturePath('models/logreg_iris.h5');
    const bytes = readFileSync(path);
    const cycle = async (i: number) => {
      const f = await backend.open(i % 2 ? path : bytes);
      await f.read('/coef', { cols: [3, 1] });
      await f.read('/classes');
      await f.close();
    };
    for (let i = 0; i < 500; i++) await cycle(i);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 10_000; i++) await cycle(i);
    const growth = process.memoryUsage().rss - before;
    // A leaked HDF5 file or buffer per cycle would be ≥ 10,000 × 2 KB = 20 MB; measured ~2 MB.
    expect(growth).toBeLessThan(16 * 2 ** 20);
  }, 60_000);
});
