/**
 * httpSource's opt-in multi-range requests (RFC 9110 §14.6) against a local server answering as nginx
 * does (206 multipart/byteranges), as a coalescing server does (one covering range), as S3 does (200),
 * and with broken bodies: the values equal fileSource's, a 200 turns batching off for good, broken bodies
 * are refused with READ_FAILED naming the range, and a request's Range header stays under 4 KB.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSource as fetchHttpSource } from '../src/http-source.js';
import { batchesOf, MAX_RANGE_HEADER, type Pending } from '../src/multi-range.js';
import { parseByteranges } from '../src/multipart-byteranges.js';
import { fileSource, hdf5Js, httpSource } from '../src/node.js';

const ROWS = 20;
const COLS = 4000;
const coef = Float64Array.from({ length: ROWS * COLS }, (_, i) => Math.sin(i) * 1e3);
let model: Uint8Array;
let dir: string;
let modelPath: string;
let server: Server;
let base: string;
const seen: Array<{ url: string; range: string }> = [];

type Mode = 'multi' | 'coalesce' | 'ignore' | 'first-only' | 'short-part' | 'drop-part' | 'bad-total' | 'no-boundary';

function multipart(ranges: Array<[number, number]>, mode: Mode): Buffer {
  const pieces: Buffer[] = [];
  ranges.forEach(([a, b], i) => {
    if (mode === 'drop-part' && i === 1) return;
    const total = mode === 'bad-total' ? model.length + 1 : model.length;
    const end = mode === 'short-part' && i === 0 ? b - 1 : b; // one byte short of its Content-Range
    pieces.push(
      Buffer.from(`\r\n--B0UND\r\nContent-Type: application/x-hdf5\r\nContent-Range: bytes ${a}-${b}/${total}\r\n\r\n`),
    );
    pieces.push(Buffer.from(model.subarray(a, end + 1)));
  });
  pieces.push(Buffer.from('\r\n--B0UND--\r\n'));
  return Buffer.concat(pieces);
}

/** One server, its behaviour chosen by the file name (`/multi.h5`, `/ignore.h5`, ...). */
function answer(req: IncomingMessage, res: ServerResponse): void {
  const mode = (req.url ?? '').slice(1).replace(/\.h5$/, '') as Mode;
  const range = req.headers.range ?? '';
  seen.push({ url: req.url ?? '', range });
  if (req.method === 'HEAD') return void res.writeHead(200, { 'Content-Length': model.length }).end();
  const specs = /^bytes=(\d+-\d+(?:,\d+-\d+)*)$/.exec(range)?.[1]?.split(',') ?? [];
  const ranges = specs.map((s) => s.split('-').map(Number) as [number, number]);
  if (ranges.length === 0 || (ranges.length > 1 && mode === 'ignore'))
    return void res.writeHead(200, { 'Content-Length': model.length }).end(model);
  if (mode === 'first-only') ranges.length = 1;
  if (ranges.length === 1 || mode === 'coalesce') {
    const [a, b] = [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
    res.writeHead(206, { 'Content-Range': `bytes ${a}-${b}/${model.length}`, 'Content-Length': b - a + 1 });
    return void res.end(model.subarray(a, b + 1));
  }
  const body = multipart(ranges, mode);
  const type = mode === 'no-boundary' ? 'multipart/byteranges' : 'multipart/byteranges; boundary=B0UND';
  res.writeHead(206, { 'Content-Type': type, 'Content-Length': body.length }).end(body);
}

beforeAll(async () => {
  model = (await hdf5Wasm().write(undefined, {
    datasets: [{ path: '/coef', array: { dtype: 'float64', shape: [ROWS, COLS], data: coef }, chunks: [ROWS, 100] }],
  }))!;
  dir = mkdtempSync(join(tmpdir(), 'icepickle-multi-range-'));
  modelPath = join(dir, 'model.h5');
  writeFileSync(modelPath, model);
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * The chunks of this small file lie side by side, so the reader would merge them into one range; read
 * unmerged and direct, each chunk is its own source read, as the chunks megabytes apart of a big model are.
 */
const backend = hdf5Js({ reader: { blockSize: 4096, directBytes: 8192, mergeGap: 0 } });

/** One column of every chunk (40 chunks read in one turn), and the whole coef. */
const picks = Array.from({ length: COLS / 100 }, (_, i) => i * 100 + (i % 7));

async function readBoth(source: Parameters<ReturnType<typeof hdf5Js>['open']>[0], reader = backend) {
  const file = await reader.open(source);
  const cols = await file.read('/coef', { cols: picks });
  const whole = await file.read('/coef');
  await file.close();
  return { cols: Array.from(cols.data as Float64Array), whole: Array.from(whole.data as Float64Array) };
}

async function failure(run: () => Promise<unknown>): Promise<{ code: string; detail: string }> {
  try {
    await run();
  } catch (error) {
    if (isIcepickleError(error)) return { code: error.code, detail: error.detail };
    return { code: `untyped: ${String(error)}`, detail: '' };
  }
  return { code: 'resolved', detail: '' };
}

const multiRequests = (url: string) => seen.filter((s) => s.url === url && s.range.includes(','));

describe('httpSource multiRange', () => {
  it('reads the same values as fileSource, many chunks a request', async () => {
    const local = await fileSource(modelPath);
    const expected = await readBoth(local);
    await local.close?.();
    expect(expected.cols).toEqual(Array.from({ length: ROWS }, (_, r) => picks.map((c) => coef[r * COLS + c]!)).flat());
    seen.length = 0;
    expect(await readBoth(await httpSource(`${base}/multi.h5`, undefined, { multiRange: true }))).toEqual(expected);
    const multi = multiRequests('/multi.h5');
    expect(multi.length).toBeGreaterThan(0);
    // the 40 chunks of the column selection went in at most a few requests, not 40
    expect(Math.max(...multi.map((m) => m.range.split(',').length))).toBeGreaterThanOrEqual(20);
    seen.length = 0;
    const capped = await httpSource(`${base}/multi.h5`, undefined, { multiRange: 4 });
    expect(await readBoth(capped)).toEqual(expected);
    expect(Math.max(...multiRequests('/multi.h5').map((m) => m.range.split(',').length))).toBe(4);
    // over fetch (browsers, Workers) as over node:http (the Node entry), the same values and batches
    seen.length = 0;
    expect(await readBoth(await fetchHttpSource(`${base}/multi.h5`, undefined, { multiRange: true }))).toEqual(
      expected,
    );
    expect(Math.max(...multiRequests('/multi.h5').map((m) => m.range.split(',').length))).toBeGreaterThanOrEqual(20);
    // with the source's own hints (chunk-sized reads direct, into the caller's buffer), the same
    seen.length = 0;
    const hinted = await httpSource(`${base}/multi.h5`, undefined, { multiRange: true });
    expect(hinted.hints).toMatchObject({ directBytes: 4096, concurrency: 6 * 64 });
    expect(await readBoth(hinted, hdf5Js())).toEqual(expected);
    expect(Math.max(...multiRequests('/multi.h5').map((m) => m.range.split(',').length))).toBeGreaterThanOrEqual(20);
    expect((await httpSource(`${base}/multi.h5`)).hints).toMatchObject({
      directBytes: 4096,
      cacheBytes: 2 ** 20,
      concurrency: 16,
    });
    // a server coalescing the ranges into one covering range is read from that range
    expect(await readBoth(await httpSource(`${base}/coalesce.h5`, undefined, { multiRange: true }))).toEqual(expected);
  });

  it('falls back to one range per request for good once the server answers 200 or only the first range', async () => {
    const local = await fileSource(modelPath);
    const expected = await readBoth(local);
    await local.close?.();
    seen.length = 0;
    expect(await readBoth(await httpSource(`${base}/ignore.h5`, undefined, { multiRange: true }))).toEqual(expected);
    const ranged = seen.filter((s) => s.range !== '');
    expect(multiRequests('/ignore.h5')).toHaveLength(1);
    const first = ranged.findIndex((s) => s.range.includes(','));
    expect(ranged.slice(first + 1).length).toBeGreaterThan(20);
    expect(ranged.slice(first + 1).every((s) => /^bytes=\d+-\d+$/.test(s.range))).toBe(true);
    // a server answering only the first range: that read is served, the others and all later ones singly
    seen.length = 0;
    expect(await readBoth(await httpSource(`${base}/first-only.h5`, undefined, { multiRange: true }))).toEqual(
      expected,
    );
    expect(multiRequests('/first-only.h5')).toHaveLength(1);
  });

  it('refuses malformed multipart bodies and missing parts with READ_FAILED naming the range', async () => {
    for (const [mode, open] of (['short-part', 'drop-part', 'bad-total', 'no-boundary'] as const).flatMap((m) => [
      [m, httpSource] as const,
      [m, fetchHttpSource] as const,
    ])) {
      const source = await open(`${base}/${mode}.h5`, undefined, { multiRange: true });
      const got = await failure(async () => {
        const file = await backend.open(source);
        await file.read('/coef', { cols: picks });
      });
      expect(got.code, mode).toBe('READ_FAILED');
      expect(got.detail, mode).toMatch(/range/);
      expect(got.detail, mode).toMatch(/\d+-\d+/);
    }
  });

  it('parses parts strictly: a part shorter or longer than its Content-Range is refused', () => {
    const size = 100;
    const part = (a: number, b: number, data: string) =>
      `--X\r\nContent-Range: bytes ${a}-${b}/${size}\r\n\r\n${data}\r\n`;
    const enc = (s: string) => new TextEncoder().encode(s);
    const good = parseByteranges(enc(`${part(0, 2, 'abc')}${part(10, 11, 'de')}--X--\r\n`), 'X', size);
    expect(good.map((p) => [p.start, p.end, new TextDecoder().decode(p.bytes)])).toEqual([
      [0, 2, 'abc'],
      [10, 11, 'de'],
    ]);
    const bad = [
      `${part(0, 2, 'ab')}--X--\r\n`, // shorter than its Content-Range
      `${part(0, 2, 'abcd')}--X--\r\n`, // longer
      `${part(0, 2, 'abc')}`, // no close delimiter
      `${part(5, 2, 'abc')}--X--\r\n`, // end before start
      `${part(98, 100, 'abc')}--X--\r\n`, // past the end of the file
      '--X\r\nContent-Type: text/plain\r\n\r\nabc\r\n--X--\r\n', // no Content-Range
      '--X--\r\n', // no parts
      'no delimiter at all',
    ];
    for (const body of bad) expect(() => parseByteranges(enc(body), 'X', size), body).toThrow();
  });

  it('keeps every Range header under 4 KB and within the ranges cap', async () => {
    const reads: Pending[] = Array.from({ length: 1000 }, (_, i) => ({
      offset: 2_000_000_000 + i * 9_000_000,
      last: 2_000_000_000 + i * 9_000_000 + 13_439,
      resolve: () => undefined,
      reject: () => undefined,
    }));
    const header = (b: typeof reads) => `bytes=${b.map((r) => `${r.offset}-${r.last}`).join(',')}`;
    const wide = batchesOf(reads, 1000);
    expect(wide.flat()).toEqual(reads);
    expect(wide.length).toBeGreaterThan(1);
    for (const b of wide) expect(header(b).length).toBeLessThanOrEqual(MAX_RANGE_HEADER);
    expect(batchesOf(reads, 64).every((b) => b.length <= 64)).toBe(true);
    seen.length = 0;
    const file = await backend.open(await httpSource(`${base}/multi.h5`, undefined, { multiRange: 10_000 }));
    await file.read('/coef');
    expect(seen.every((s) => s.range.length <= MAX_RANGE_HEADER)).toBe(true);
    expect(await failure(() => httpSource(`${base}/multi.h5`, undefined, { multiRange: 0.5 }))).toMatchObject({
      code: 'INVALID_PARAMETER',
    });
  });
});
