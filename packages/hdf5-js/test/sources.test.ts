/**
 * The byte sources (bytes, file, HTTP Range against a local server, a fake R2 binding) give the same
 * values, and the block reader coalesces, caches, caps concurrency, and lets a column selection touch
 * only the chunks it needs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CsrMatrix,
  LogisticRegression,
  type StoredFile,
  loadCoefficients,
  openLinearModel,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { fixturePath, codeOf } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_READ_BYTES } from '../src/file-source.js';
import { BlockReader, type ByteSource, bytesSource, fileSource, hdf5Js, httpSource, r2Source } from '../src/node.js';

const modelPath = fixturePath('models/logreg_iris.h5');
const model = new Uint8Array(readFileSync(modelPath));
const backend = hdf5Js();

async function summary(file: StoredFile): Promise<unknown> {
  const coef = await file.read('/coef');
  return { nodes: file.list().map((n) => n.path), coef: Array.from(coef.data as Float64Array), shape: coef.shape };
}

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`);
    if (req.url === '/missing.h5') return void res.writeHead(404).end();
    const noRanges = req.url === '/no-ranges.h5';
    if (req.method === 'HEAD') return void res.writeHead(200, { 'Content-Length': model.length }).end();
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m || noRanges) return void res.writeHead(200, { 'Content-Length': model.length }).end(model);
    const [a, b] = [Number(m[1]), Math.min(Number(m[2]), model.length - 1)];
    res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${model.length}`, 'Content-Length': b - a + 1 });
    res.end(model.subarray(a, b + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('byte sources', () => {
  it('bytes, file, HTTP Range and R2 read the same file identically', async () => {
    const expected = await summary(await backend.open(bytesSource(model)));
    expect((expected as { shape: number[] }).shape).toEqual([3, 4]);
    const file = await fileSource(modelPath);
    expect(await summary(await backend.open(file))).toEqual(expected);
    await file.close?.();
    expect(await summary(await backend.open(modelPath))).toEqual(expected);
    requests.length = 0;
    expect(await summary(await backend.open(await httpSource(`${base}/model.h5`)))).toEqual(expected);
    expect(requests[0]).toMatch(/^HEAD /);
    expect(requests.slice(1).every((r) => /^GET \/model\.h5 bytes=\d+-\d+$/.test(r))).toBe(true);
    const bucket = {
      head: async (key: string) => (key === 'm.h5' ? { size: model.length } : null),
      get: async (_key: string, o: { range: { offset: number; length: number } }) => ({
        arrayBuffer: async () => model.slice(o.range.offset, o.range.offset + o.range.length).buffer,
      }),
    };
    expect(await summary(await backend.open(await r2Source(bucket, 'm.h5')))).toEqual(expected);
    expect(await codeOf(() => r2Source(bucket, 'nope.h5'))).toBe('FILE_NOT_FOUND');
  });

  it('typed errors: missing file, missing URL, a server without Range support', async () => {
    expect(await codeOf(() => fileSource('/nonexistent/model.h5'))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(() => backend.open('/nonexistent/model.h5'))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(() => httpSource(`${base}/missing.h5`))).toBe('FILE_NOT_FOUND');
    const noRanges = await httpSource(`${base}/no-ranges.h5`);
    expect(await codeOf(() => backend.open(noRanges))).toBe('READ_FAILED');
  });
});

describe('fileSource', () => {
  it('closes once, after the reads in flight, and refuses reads once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icepickle-close-'));
    try {
      // larger than SYNC_READ_BYTES: read asynchronously, so still in flight when close() is called
      const big = Uint8Array.from({ length: SYNC_READ_BYTES + 1000 }, (_, i) => (i * 31) & 0xff);
      const path = join(dir, 'big.bin');
      writeFileSync(path, big);
      const file = await fileSource(path);
      const inFlight = file.read(7, big.length - 7);
      await file.close?.();
      expect((await inFlight).every((b, i) => b === big[i + 7])).toBe(true);
      await file.close?.();
      expect(await codeOf(() => file.read(0, 8))).toBe('CLOSED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform !== 'win32')(
    'opens a FIFO at once, as an empty file, without waiting for a writer',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'icepickle-fifo-'));
      try {
        const fifo = join(dir, 'model.h5');
        execFileSync('mkfifo', [fifo]);
        expect(await codeOf(() => backend.open(fifo))).toBe('NOT_HDF5');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/** A source that counts reads and how many run at once. */
function counting(bytes: Uint8Array): ByteSource & { reads: Array<[number, number]>; peak: number } {
  let running = 0;
  const out = {
    size: bytes.length,
    reads: [] as Array<[number, number]>,
    peak: 0,
    async read(offset: number, length: number) {
      out.reads.push([offset, length]);
      running++;
      out.peak = Math.max(out.peak, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      return bytes.slice(offset, offset + length);
    },
  };
  return out;
}

describe('BlockReader', () => {
  const data = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 0xff);

  it('merges reads issued together, serves repeats from its cache, and returns the right bytes', async () => {
    const source = counting(data);
    const reader = new BlockReader(source, { blockSize: 1024, mergeGap: 2 });
    const offsets = [10, 1030, 2050, 3100, 9000];
    const got = await Promise.all(offsets.map((o) => reader.read(o, 100)));
    got.forEach((g, i) => expect(g).toEqual(data.subarray(offsets[i]!, offsets[i]! + 100)));
    // blocks 0-3 as one range, block 8 alone (more than 2 blocks away)
    expect(source.reads).toEqual([
      [0, 4096],
      [8192, 1024],
    ]);
    await reader.read(20, 2000);
    expect(source.reads).toHaveLength(2);
    expect(await reader.read(1000, 100)).toEqual(data.subarray(1000, 1100)); // across a block edge
  });

  it('caps concurrent source reads and bounds its cache', async () => {
    const source = counting(data);
    const reader = new BlockReader(source, { blockSize: 1024, concurrency: 3, cacheBytes: 8 * 1024, mergeGap: 0 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => reader.read(i * 4096, 10)));
    expect(source.peak).toBeLessThanOrEqual(3);
    await reader.read(0, 10); // evicted long ago: read again
    expect(source.reads).toHaveLength(41);
  });

  it('refuses ranges outside the file', async () => {
    const reader = new BlockReader(bytesSource(data));
    await expect(reader.read(data.length - 4, 8)).rejects.toThrow(/past the end/);
  });
});

describe('partial reads', () => {
  it('a column selection reads only the chunks holding those columns', async () => {
    const rows = 20;
    const cols = 4000;
    const coef = Float64Array.from({ length: rows * cols }, (_, i) => i * 0.5);
    const bytes = (await hdf5Wasm().write(undefined, {
      datasets: [{ path: '/coef', array: { dtype: 'float64', shape: [rows, cols], data: coef }, chunks: [rows, 100] }],
    }))!;
    const source = counting(bytes);
    const file = await hdf5Js({ reader: { blockSize: 4096, directBytes: 8192 } }).open(source);
    const before = source.reads.reduce((n, [, l]) => n + l, 0);
    const picked = await file.read('/coef', { cols: [5, 3999, 6] });
    const want = Array.from({ length: rows }, (_, r) => [5, 3999, 6].map((c) => coef[r * cols + c]!)).flat();
    expect(Array.from(picked.data as Float64Array)).toEqual(want);
    const read = source.reads.reduce((n, [, l]) => n + l, 0) - before;
    // two chunks of 16,000 bytes and the chunk index, not the file's 640 kB
    expect(read).toBeLessThan(3 * 16_000 + 64 * 1024);
    expect(bytes.length).toBeGreaterThan(640_000);
    const rowsRead = await file.read('/coef', { rows: [3, 5] });
    expect(Array.from(rowsRead.data as Float64Array)).toEqual(Array.from(coef.subarray(3 * cols, 5 * cols)));
  });
});

describe('core over a ByteSource', () => {
  it('loadCoefficients and openLinearModel take a range source; a lazy prediction reads few bytes', async () => {
    const wasm = hdf5Wasm();
    const iris = await loadCoefficients(new LogisticRegression(), modelPath, { backend: wasm });
    const whole = await loadCoefficients(new LogisticRegression(), bytesSource(model), { backend });
    expect(whole.getCoefficients().coef).toEqual(iris.getCoefficients().coef);
    const wide = new LogisticRegression();
    const nFeatures = 20_000;
    const coef = Float64Array.from({ length: 3 * nFeatures }, (_, i) => Math.sin(i));
    const { classes, classDType } = iris.getCoefficients();
    wide.setCoefficients({
      coef,
      coefShape: [3, nFeatures],
      intercept: Float64Array.of(0.1, 0.2, 0.3),
      interceptShape: [3],
      ...(classes ? { classes } : {}),
      ...(classDType ? { classDType } : {}),
    });
    const bytes = (await saveCoefficients(wide, undefined, { backend: wasm, layout: 'column-chunked' }))!;
    const source = counting(bytes);
    const lazy = await openLinearModel(source, { backend: hdf5Js({ reader: { blockSize: 4096, directBytes: 8192 } }) });
    const X = new CsrMatrix({
      indptr: Int32Array.of(0, 2),
      indices: Int32Array.of(7, 19_000),
      data: Float64Array.of(1, 2),
      shape: [1, nFeatures],
    });
    const before = source.reads.reduce((n, [, l]) => n + l, 0);
    const got = await lazy.decisionFunction(X);
    const read = source.reads.reduce((n, [, l]) => n + l, 0) - before;
    expect(got).toEqual(wide.decisionFunction(X));
    expect(read).toBeLessThan(bytes.length / 4);
    await lazy.close();
  });
});
