/**
 * httpSource in Node: node:http with its own keep-alive connections when `init` holds only headers and a
 * signal, fetch otherwise; both read the same bytes, forward the caller's headers, and refuse answers that
 * are not exactly the range asked for with READ_FAILED.
 */
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIcepickleError } from '@icepickle/core';
import { fixturePath } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSource as fetchHttpSource } from '../src/http-source.js';
import { nodeHttpTransport } from '../src/node-http-transport.js';
import { hdf5Js, httpSource } from '../src/node.js';

const model = new Uint8Array(readFileSync(fixturePath('models/logreg_iris.h5')));
const seen: Array<{ url: string; agent: string | undefined; token: string | undefined }> = [];

/** Hostile answers by path; `/model.h5` answers correctly. */
function answer(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ url: req.url ?? '', agent: req.headers['user-agent'], token: req.headers['x-token'] as string });
  if (req.method === 'HEAD') {
    if (req.url === '/missing.h5') return void res.writeHead(404).end();
    if (req.url === '/no-length.h5') return void res.writeHead(200, { 'transfer-encoding': 'chunked' }).end();
    return void res.writeHead(200, { 'content-length': model.length }).end();
  }
  const [a, b] = /^bytes=(\d+)-(\d+)$/
    .exec(req.headers.range ?? '')!
    .slice(1)
    .map(Number) as [number, number];
  const range = { 'content-range': `bytes ${a}-${b}/${model.length}` };
  if (req.url === '/ignores-range.h5') return void res.writeHead(200).end(model);
  if (req.url === '/other-range.h5')
    return void res.writeHead(206, { 'content-range': `bytes ${a + 1}-${b + 1}/${model.length}` }).end();
  if (req.url === '/too-long.h5') return void res.writeHead(206, range).end(model.subarray(a, b + 2)); // chunked
  if (req.url === '/too-short.h5') return void res.writeHead(206, range).end(model.subarray(a, b));
  if (req.url === '/cut-off.h5') {
    res.writeHead(206, { ...range, 'content-length': b - a + 1 });
    res.write(model.subarray(a, a + 1));
    return void setTimeout(() => res.socket?.destroy(), 10);
  }
  res.writeHead(206, { ...range, 'content-length': b - a + 1 }).end(model.subarray(a, b + 1));
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    return isIcepickleError(error) ? `${error.code}: ${error.detail}` : `untyped: ${String(error)}`;
  }
}

describe('httpSource in Node', () => {
  it('reads over node:http (no user-agent, unlike fetch) the same bytes fetch reads, readInto included', async () => {
    seen.length = 0;
    const node = await httpSource(`${base}/model.h5`, { headers: { 'X-Token': 'a' } });
    const viaFetch = await fetchHttpSource(`${base}/model.h5`, { headers: [['x-token', 'b']] });
    for (const [offset, length] of [
      [0, 8],
      [100, 2000],
      [model.length - 7, 7],
    ] as const) {
      expect(await node.read(offset, length)).toEqual(model.subarray(offset, offset + length));
      expect(await viaFetch.read(offset, length)).toEqual(model.subarray(offset, offset + length));
      const into = new Uint8Array(length);
      await node.readInto?.(offset, into);
      expect(into).toEqual(model.subarray(offset, offset + length));
    }
    const byNode = seen.filter((s) => s.token === 'a');
    expect(byNode.length).toBe(7); // HEAD + 3 reads + 3 readInto
    expect(byNode.every((s) => s.agent === undefined)).toBe(true);
    expect(seen.filter((s) => s.token === 'b').every((s) => s.agent !== undefined)).toBe(true);
    const file = await hdf5Js().open(node);
    expect((await file.read('/coef')).shape).toEqual([3, 4]);
    await node.close?.();
  });

  it('falls back to fetch for init fields other than headers and signal, and for other schemes', () => {
    expect(nodeHttpTransport(`${base}/m.h5`, { headers: new Headers({ a: 'b' }) }, 'x')).toBeDefined();
    expect(nodeHttpTransport(`${base}/m.h5`, { signal: new AbortController().signal }, 'x')).toBeDefined();
    expect(nodeHttpTransport(`${base}/m.h5`, { credentials: 'include' }, 'x')).toBeUndefined();
    expect(nodeHttpTransport('data:application/octet-stream,abc', undefined, 'x')).toBeUndefined();
  });

  it('refuses what is not exactly the range asked for, with READ_FAILED naming it', async () => {
    expect(await codeOf(() => httpSource(`${base}/missing.h5`))).toMatch(/^FILE_NOT_FOUND/);
    expect(await codeOf(() => httpSource(`${base}/no-length.h5`))).toMatch(/^READ_FAILED: .*Content-Length/);
    const cases: Array<[string, RegExp]> = [
      ['ignores-range', /answered 200, not 206/],
      ['other-range', /answered Content-Range "bytes 11-20\//],
      ['too-long', /gave more than 10 bytes/],
      ['too-short', /gave 9 bytes/],
      ['cut-off', /range 10-19/],
    ];
    for (const [name, detail] of cases) {
      const source = await httpSource(`${base}/${name}.h5`);
      const code = await codeOf(() => source.read(10, 10));
      expect(code, name).toMatch(/^READ_FAILED: /);
      expect(code, name).toMatch(detail);
      await source.close?.();
    }
    const aborted = new AbortController();
    const source = await httpSource(`${base}/model.h5`, { signal: aborted.signal });
    aborted.abort();
    expect(await codeOf(() => source.read(0, 8))).toMatch(/^READ_FAILED: range 0-7 failed/);
  });
});
