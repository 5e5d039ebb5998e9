/**
 * The one range server the benches and the tests use (bench/lib/range-server.mjs): whole files, single
 * and suffix ranges, 416 past the end, multipart/byteranges that hdf5-js's strict parser accepts, paths
 * outside its folder refused, and the stats the tests read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byterangesBoundary, parseByteranges } from '../../../packages/hdf5-js/src/multipart-byteranges.js';
import { serveRangesHere } from '../../../bench/lib/range-server.mjs';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);

describe('bench/lib/range-server.mjs', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof serveRangesHere>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'icepickle-ranges-'));
    writeFileSync(join(dir, 'data.h5'), bytes);
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
    server = await serveRangesHere(dir);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (path: string, range?: string, method = 'GET') =>
    fetch(`${server.url}${path}`, { method, headers: range ? { range } : {} });

  it('answers whole files, HEAD, single and suffix ranges, and 416 past the end', async () => {
    const before = { ...server.stats };
    const head = await get('data.h5', undefined, 'HEAD');
    expect([head.status, head.headers.get('content-length'), head.headers.get('accept-ranges')]).toEqual([
      200,
      '1000',
      'bytes',
    ]);
    expect(new Uint8Array(await (await get('data.h5')).arrayBuffer())).toEqual(bytes);
    const one = await get('data.h5', 'bytes=10-19');
    expect([one.status, one.headers.get('content-range')]).toEqual([206, 'bytes 10-19/1000']);
    expect(new Uint8Array(await one.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    const tail = await get('data.h5', 'bytes=990-');
    expect([tail.status, tail.headers.get('content-range')]).toEqual([206, 'bytes 990-999/1000']);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(990));
    expect((await get('data.h5', 'bytes=1000-1010')).status).toBe(416);
    expect(server.stats.requests - before.requests).toBe(5);
    expect(server.stats.bytes - before.bytes).toBe(1000 + 10 + 10);
    expect(server.stats.ranges - before.ranges).toBe(2);
  });

  it('answers many ranges as multipart/byteranges the strict parser accepts', async () => {
    const res = await get('data.h5', 'bytes=0-3,500-599,998-999');
    expect(res.status).toBe(206);
    const boundary = byterangesBoundary(res.headers.get('content-type'));
    expect(boundary).toBeDefined();
    const parts = parseByteranges(new Uint8Array(await res.arrayBuffer()), boundary!, bytes.length);
    expect(parts.map((p) => [p.start, p.end])).toEqual([
      [0, 3],
      [500, 599],
      [998, 999],
    ]);
    for (const p of parts) expect(p.bytes).toEqual(bytes.subarray(p.start, p.end + 1));
  });

  it('serves a page with its content type and CORS, and nothing outside its folder', async () => {
    const page = await get('');
    expect([page.status, page.headers.get('content-type'), page.headers.get('access-control-allow-origin')]).toEqual([
      200,
      'text/html; charset=utf-8',
      '*',
    ]);
    expect(await page.text()).toBe('<p>hi</p>');
    expect((await get('missing.h5')).status).toBe(404);
    expect((await get('..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });
});
