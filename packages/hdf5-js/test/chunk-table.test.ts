/**
 * The chunk table's memory and rules (dense indexes keep no positions, unfiltered ones no sizes or masks;
 * any order is sorted; a position listed twice is refused), and the reads that keep a chunk index's walk
 * and a lazy read's chunks free of garbage on a local file (BlockReader.readOnce / readIntoNow,
 * fileSource's readIntoSync).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlockReader } from '../src/block-reader.js';
import { type ByteSource, LOCAL_READ_HINTS, REMOTE_READ_HINTS } from '../src/byte-source.js';
import { ChunkTable } from '../src/chunk-table.js';
import { Damaged } from '../src/errors.js';
import { SYNC_READ_BYTES, fileSource } from '../src/file-source.js';

describe('ChunkTable', () => {
  it('keeps only addresses for a full unfiltered index recorded in order (chunk k is entry k)', () => {
    const n = 10_000;
    const table = new ChunkTable(n, 4096);
    for (let k = 0; k < n; k++) table.add(k, 1000 + k * 4096, 4096, 0);
    table.seal();
    expect(table.byteLength).toBe(n * 8);
    expect(table.get(0)).toEqual({ at: 1000, size: 4096, mask: 0 });
    expect(table.get(n - 1)).toEqual({ at: 1000 + (n - 1) * 4096, size: 4096, mask: 0 });
    expect(table.get(n)).toBeUndefined();
    expect(table.get(-1)).toBeUndefined();
  });

  it('keeps positions once a chunk is missing or out of order, and sorts them', () => {
    const table = new ChunkTable(8, 100);
    for (const k of [0, 1, 5, 3, 7]) table.add(k, k * 100, 100, 0);
    table.seal();
    expect(table.length).toBe(5);
    expect(table.byteLength).toBe(5 * 16); // positions and addresses, trimmed to what was recorded
    expect([0, 1, 3, 5, 7].map((k) => table.get(k)?.at)).toEqual([0, 100, 300, 500, 700]);
    expect([2, 4, 6, 8].map((k) => table.get(k))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('keeps sizes and masks only once a chunk differs (filtered chunks)', () => {
    const table = new ChunkTable(4, 800);
    table.add(0, 10, 800, 0);
    table.add(1, 20, 333, 0);
    table.add(2, 30, 800, 0b10);
    table.seal();
    expect([0, 1, 2].map((k) => table.get(k))).toEqual([
      { at: 10, size: 800, mask: 0 },
      { at: 20, size: 333, mask: 0 },
      { at: 30, size: 800, mask: 2 },
    ]);
    expect(table.byteLength).toBe(3 * (8 + 8 + 4));
  });

  it('refuses a position listed twice, in order or not', () => {
    for (const ks of [
      [0, 1, 1],
      [3, 1, 3],
    ]) {
      const table = new ChunkTable(4, 8);
      for (const k of ks) table.add(k, 0, 8, 0);
      expect(() => table.seal()).toThrow(Damaged);
    }
  });
});

/** A source over `bytes` that counts its reads, with synchronous reads when `sync`. */
function countingSource(bytes: Uint8Array, hints: ByteSource['hints'], sync: boolean) {
  const calls = { read: 0, readInto: 0, readIntoSync: 0 };
  const source: ByteSource = {
    size: bytes.length,
    hints,
    read: async (offset, length) => {
      calls.read++;
      return bytes.slice(offset, offset + length);
    },
    readInto: async (offset, into) => {
      calls.readInto++;
      into.set(bytes.subarray(offset, offset + into.length));
    },
    ...(sync
      ? {
          readIntoSync: (offset: number, into: Uint8Array) => {
            calls.readIntoSync++;
            into.set(bytes.subarray(offset, offset + into.length));
            return true;
          },
        }
      : {}),
  };
  return { source, calls };
}

describe('BlockReader reads that skip the block cache', () => {
  const bytes = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) & 0xff);

  it('readOnce reads a local synchronous source at once, caching nothing', async () => {
    const { source, calls } = countingSource(bytes, LOCAL_READ_HINTS, true);
    const reader = new BlockReader(source);
    const into = new Uint8Array(3000);
    await reader.readOnce(5000, into);
    expect(into).toEqual(bytes.subarray(5000, 8000));
    expect(calls).toEqual({ read: 0, readInto: 0, readIntoSync: 1 });
    await reader.read(5000, 100); // not cached by readOnce: a block is fetched now
    expect(calls.read).toBe(1);
    await expect(reader.readOnce(bytes.length - 10, new Uint8Array(11))).rejects.toThrow(Damaged);
  });

  it('readOnce reads a remote source straight into the buffer too: no block allocated per miss', async () => {
    const { source, calls } = countingSource(bytes, REMOTE_READ_HINTS, false);
    const reader = new BlockReader(source);
    const into = new Uint8Array(100);
    await reader.readOnce(200, into);
    await reader.readOnce(400, into);
    expect(into).toEqual(bytes.subarray(400, 500));
    expect(calls).toEqual({ read: 0, readInto: 2, readIntoSync: 0 });
    await reader.read(400, 100); // nothing was cached: a block is fetched now
    expect(calls.read).toBe(1);
  });

  it('readIntoNow reads chunk-sized reads at once when the source can, and says so', () => {
    const sync = countingSource(bytes, LOCAL_READ_HINTS, true);
    const reader = new BlockReader(sync.source);
    const into = new Uint8Array(10_000);
    expect(reader.readIntoNow(100, into)).toBe(true);
    expect(into).toEqual(bytes.subarray(100, 10_100));
    expect(reader.stats).toEqual({ reads: 1, bytes: 10_000 });
    expect(reader.readIntoNow(100, new Uint8Array(16))).toBe(false); // small: through the cache instead
    expect(() => reader.readIntoNow(bytes.length - 1, into)).toThrow(Damaged);
    const async = countingSource(bytes, LOCAL_READ_HINTS, false);
    expect(new BlockReader(async.source).readIntoNow(100, into)).toBe(false);
  });
});

describe('BlockReader.readIntoMany', () => {
  const bytes = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 11) & 0xff);
  /** A remote-like source: reads settle on a timer; counts reads in flight and the most at once. */
  function slowSource(failAt?: number) {
    const seen = { inFlight: 0, most: 0, sent: [] as number[], inFlightAtEnd: -1 };
    const source: ByteSource = {
      size: bytes.length,
      hints: { ...REMOTE_READ_HINTS, concurrency: 3 },
      read: async (offset, length) => bytes.slice(offset, offset + length),
      readInto: (offset, into) => {
        seen.sent.push(offset);
        seen.most = Math.max(seen.most, ++seen.inFlight);
        return new Promise((resolve, reject) =>
          setTimeout(() => {
            seen.inFlight--;
            if (offset === failAt) return reject(new Error(`failed at ${offset}`));
            into.set(bytes.subarray(offset, offset + into.length));
            resolve();
          }, 2),
        );
      },
    };
    return { source, seen };
  }
  const offsets = Array.from({ length: 10 }, (_, k) => 1000 + k * 9000);

  it('reads every range into its buffer, never more in flight than the cap, shared with other reads', async () => {
    const { source, seen } = slowSource();
    const reader = new BlockReader(source);
    const intos = offsets.map(() => new Uint8Array(5000));
    const other = new Uint8Array(5000);
    await Promise.all([reader.readIntoMany(offsets, intos), reader.readInto(200_000, other)]);
    offsets.forEach((offset, k) => expect(intos[k]).toEqual(bytes.subarray(offset, offset + 5000)));
    expect(other).toEqual(bytes.subarray(200_000, 205_000));
    expect(seen.most).toBe(3);
    expect(reader.stats).toEqual({ reads: 11, bytes: 55_000 });
  });

  it('fails with the first error once none of its reads is in flight, and sends no more', async () => {
    const { source, seen } = slowSource(offsets[3]);
    const reader = new BlockReader(source);
    const failed = reader.readIntoMany(
      offsets,
      offsets.map(() => new Uint8Array(5000)),
    );
    await expect(failed.finally(() => (seen.inFlightAtEnd = seen.inFlight))).rejects.toThrow(`failed at ${offsets[3]}`);
    expect(seen.inFlightAtEnd).toBe(0);
    expect(seen.sent.length).toBeLessThan(offsets.length);
    await expect(reader.readIntoMany([bytes.length - 10], [new Uint8Array(5000)])).rejects.toThrow(Damaged);
  });
});

describe('fileSource.readIntoSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hdf5-js-sync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads up to SYNC_READ_BYTES at once, declines more, and refuses once closed', async () => {
    const path = join(dir, 'bytes.bin');
    const bytes = Uint8Array.from({ length: SYNC_READ_BYTES + 4096 }, (_, i) => (i * 13) & 0xff);
    writeFileSync(path, bytes);
    const source = await fileSource(path);
    const into = new Uint8Array(SYNC_READ_BYTES);
    expect(source.readIntoSync!(4096, into)).toBe(true);
    expect(into).toEqual(bytes.subarray(4096));
    expect(source.readIntoSync!(0, new Uint8Array(SYNC_READ_BYTES + 1))).toBe(false);
    await source.close!();
    expect(() => source.readIntoSync!(0, new Uint8Array(8))).toThrow(expect.objectContaining({ code: 'CLOSED' }));
  });
});
