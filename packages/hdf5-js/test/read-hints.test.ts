/**
 * How a source is read (issue 17): the read hints a source carries and how the block reader takes them,
 * fileSource's synchronous and asynchronous reads and readInto, whole contiguous rows read straight
 * into the result, column-chunked selections, and the chunk index kept as typed arrays.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkTable } from '../src/chunk-table.js';
import { Damaged } from '../src/errors.js';
import { SYNC_READ_BYTES } from '../src/file-source.js';
import {
  BlockReader,
  type ByteSource,
  LOCAL_READ_HINTS,
  REMOTE_READ_HINTS,
  bytesSource,
  fileSource,
  hdf5Js,
} from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-hints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A source over `bytes` that records its reads (and, with `into`, its readInto calls too). */
function recording(bytes: Uint8Array, extra: Partial<ByteSource> = {}, into = false) {
  const reads: Array<[string, number, number]> = [];
  const source: ByteSource = {
    size: bytes.length,
    async read(offset, length) {
      reads.push(['read', offset, length]);
      return bytes.slice(offset, offset + length);
    },
    ...(into
      ? {
          async readInto(offset: number, target: Uint8Array) {
            reads.push(['into', offset, target.length]);
            target.set(bytes.subarray(offset, offset + target.length));
          },
        }
      : {}),
    ...extra,
  };
  return { source, reads };
}

/** Byte equality without vitest's element-by-element diff (slow on megabytes). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

const data = Uint8Array.from({ length: 1 << 18 }, (_, i) => (i * 31 + 7) & 0xff);

describe('read hints', () => {
  it('the block reader takes block size, merge gap and direct bytes from the source', async () => {
    const { source, reads } = recording(data, { hints: { blockSize: 1024, mergeGap: 0, directBytes: 3000 } });
    const reader = new BlockReader(source);
    const got = await Promise.all([reader.read(10, 100), reader.read(1030, 100), reader.read(5000, 3000)]);
    expect(got[0]).toEqual(data.subarray(10, 110));
    expect(got[2]).toEqual(data.subarray(5000, 8000));
    // 3000 bytes go direct at once; blocks 0 and 1 are fetched apart (merge gap 0), 1024 bytes each
    expect(reads).toEqual([
      ['read', 5000, 3000],
      ['read', 0, 1024],
      ['read', 1024, 1024],
    ]);
  });

  it("a reader's own options win; a hinted directBytes is dropped with a block size the caller chose", async () => {
    const { source, reads } = recording(data, { hints: { blockSize: 1024, directBytes: 2048 } });
    const reader = new BlockReader(source, { blockSize: 4096 });
    await reader.read(100, 3000); // under 4 × 4096: through one block, not direct
    expect(reads).toEqual([['read', 0, 4096]]);
  });

  it('local and remote sources carry their hints', async () => {
    const path = join(dir, 'small.bin');
    writeFileSync(path, data);
    const file = await fileSource(path);
    expect(file.hints).toBe(LOCAL_READ_HINTS);
    await file.close?.();
    expect(LOCAL_READ_HINTS).toMatchObject({ blockSize: 4096, directBytes: 8192, mergeGap: 0 });
    expect(REMOTE_READ_HINTS).toMatchObject({ blockSize: 16 * 1024, directBytes: 4096, mergeGap: 1, concurrency: 6 });
  });
});

describe('fileSource', () => {
  it('reads small ranges synchronously and large ones asynchronously, both exact; readInto fills a buffer', async () => {
    const big = Uint8Array.from({ length: 3 * SYNC_READ_BYTES + 123 }, (_, i) => (i * 13) & 0xff);
    const path = join(dir, 'big.bin');
    writeFileSync(path, big);
    const file = await fileSource(path);
    expect(same(await file.read(5, 100), big.subarray(5, 105))).toBe(true);
    expect(same(await file.read(17, SYNC_READ_BYTES), big.subarray(17, 17 + SYNC_READ_BYTES))).toBe(true);
    expect(same(await file.read(3, big.length - 3), big.subarray(3))).toBe(true);
    const into = new Uint8Array(2 * SYNC_READ_BYTES);
    await file.readInto!(99, into);
    expect(same(into, big.subarray(99, 99 + into.length))).toBe(true);
    // a read past the end fails typed (the file "ended"), in both modes
    await expect(file.read(big.length - 10, 20)).rejects.toMatchObject({ code: 'READ_FAILED' });
    await expect(file.read(big.length - 10, SYNC_READ_BYTES + 20)).rejects.toMatchObject({ code: 'READ_FAILED' });
    await file.close?.();
  });
});

async function written(datasets: Parameters<ReturnType<typeof hdf5Wasm>['write']>[1]['datasets']) {
  return (await hdf5Wasm().write(undefined, { datasets }))!;
}

describe('contiguous rows straight into the result', () => {
  const rows = 40;
  const cols = 3000;
  const coef = Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * 1e3);
  const want = (r0: number, r1: number) => Array.from(coef.subarray(r0 * cols, r1 * cols));

  it('whole and by row range, through readInto when the source has it and read() when not', async () => {
    const bytes = await written([{ path: '/coef', array: { dtype: 'float64', shape: [rows, cols], data: coef } }]);
    for (const into of [true, false]) {
      const { source, reads } = recording(bytes, {}, into);
      const file = await hdf5Js().open(source);
      reads.length = 0;
      const whole = await file.read('/coef');
      expect(whole.shape).toEqual([rows, cols]);
      expect(Array.from(whole.data as Float64Array)).toEqual(want(0, rows));
      // one range of exactly the data, in the mode the source offers
      expect(reads).toHaveLength(1);
      expect(reads[0]![0]).toBe(into ? 'into' : 'read');
      expect(reads[0]![2]).toBe(rows * cols * 8);
      const some = await file.read('/coef', { rows: [7, 19] });
      expect(Array.from(some.data as Float64Array)).toEqual(want(7, 19));
      // the result owns exactly its bytes (decoded in place, not a view of a larger buffer)
      expect((some.data as Float64Array).buffer.byteLength).toBe(12 * cols * 8);
      await file.close();
    }
  });

  it('through a real file, as fileSource reads it', async () => {
    const path = join(dir, 'contiguous.h5');
    writeFileSync(
      path,
      await written([{ path: '/coef', array: { dtype: 'float64', shape: [rows, cols], data: coef } }]),
    );
    const file = await hdf5Js().open(path);
    expect(Array.from((await file.read('/coef')).data as Float64Array)).toEqual(want(0, rows));
    expect(Array.from((await file.read('/coef', { rows: [39, 40] })).data as Float64Array)).toEqual(want(39, 40));
    await file.close();
  });
});

describe('column-chunked selections', () => {
  const rows = 30;
  const cols = 500;
  const pick = [0, 499, 3, 4, 5, 250, 4, 100, 101];

  for (const dtype of ['float64', 'float32', 'int16'] as const) {
    it(`${dtype}: columns in any order, repeated, across chunk edges, read into the kept scratch`, async () => {
      const Ctor = { float64: Float64Array, float32: Float32Array, int16: Int16Array }[dtype];
      const values = (Ctor as typeof Float64Array).from(
        { length: rows * cols },
        (_, i) => (i % 977) - 400.5 * (dtype === 'int16' ? 0 : 1),
      );
      const path = join(dir, `chunked-${dtype}.h5`);
      writeFileSync(
        path,
        await written([{ path: '/coef', array: { dtype, shape: [rows, cols], data: values }, chunks: [rows, 3] }]),
      );
      const file = await hdf5Js().open(path);
      for (let round = 0; round < 2; round++) {
        const got = await file.read('/coef', { cols: pick, ...(round ? { rows: [4, 9] as [number, number] } : {}) });
        const r0 = round ? 4 : 0;
        const r1 = round ? 9 : rows;
        const want = Array.from({ length: r1 - r0 }, (_, r) => pick.map((c) => values[(r0 + r) * cols + c]!)).flat();
        expect(Array.from(got.data as ArrayLike<number>)).toEqual(want);
      }
      await file.close();
    });
  }
});

describe('ChunkTable', () => {
  const entry = (at: number) => ({ at, size: at % 97, mask: at % 3 });

  it('finds every chunk recorded in any order, and nothing else', () => {
    const keys = [5, 1, 9_000_000_000, 3, 0, 42];
    const table = new ChunkTable(2);
    for (const k of keys) table.set(k, entry(k * 10 + 1));
    table.seal();
    expect(table.length).toBe(keys.length);
    for (const k of keys) expect(table.get(k)).toEqual(entry(k * 10 + 1));
    for (const k of [2, 4, 6, 43, 8_999_999_999]) expect(table.get(k)).toBeUndefined();
    expect(new ChunkTable().seal().get(0)).toBeUndefined();
  });

  it('refuses a position listed twice', () => {
    const table = new ChunkTable();
    for (const k of [4, 2, 4]) table.set(k, entry(k));
    expect(() => table.seal()).toThrow(Damaged);
    expect(() => table.seal()).toThrow(/listed twice/);
  });
});

it('bytesSource stays a valid ByteSource without hints or readInto', async () => {
  const source = bytesSource(data);
  expect(source.hints).toBeUndefined();
  expect(source.readInto).toBeUndefined();
  const reader = new BlockReader(source);
  for (const [offset, length] of [
    [77, 1000], // through the block cache
    [0, data.length], // direct, then copied
  ] as const) {
    const into = new Uint8Array(length);
    await reader.readInto(offset, into);
    expect(same(into, data.subarray(offset, offset + length))).toBe(true);
  }
  await expect(reader.readInto(data.length - 4, new Uint8Array(8))).rejects.toThrow(/past the end/);
});
