/**
 * http1-client.ts against a server written byte by byte (node:net), for what node:http's server never
 * sends on its own: chunked bodies with extensions and trailers, interim answers, bodies framed by the
 * close, kept connections the server closes, heads too long, answers that are not HTTP.
 */
import { type Server, type Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BodyTarget, Http1Pool, headerLines } from '../src/http1-client.js';

/** What the server answers per request path; `requests` counts requests per path. */
const answers: Record<string, (socket: Socket, request: string) => void> = {};
const requests = new Map<string, number>();
let server: Server;
let base: URL;

beforeAll(async () => {
  server = createServer((socket) => {
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        const request = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const path = request.split(' ')[1]!;
        requests.set(path, (requests.get(path) ?? 0) + 1);
        answers[path]!(socket, request);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const into =
  (n: number): BodyTarget =>
  () =>
    new Uint8Array(n);
const text = (body: Uint8Array | undefined) => Buffer.from(body ?? []).toString('latin1');
const pool = (path: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  new Http1Pool(new URL(path, base), headers, 2, signal);
const failure = (run: Promise<unknown>) =>
  run.then(
    () => 'resolved',
    (e: Error) => e.message,
  );

describe('Http1Pool', () => {
  it('decodes a chunked body with extensions and a trailer, after an interim 100 answer', async () => {
    answers['/chunked'] = (s) =>
      s.write(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 206 Partial Content\r\nTransfer-Encoding: chunked\r\n\r\n' +
          '3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n',
      );
    const p = pool('/chunked');
    const answer = await p.exchange('GET', 'bytes=0-6', into(7));
    expect(answer.head.status).toBe(206);
    expect(text(answer.body)).toBe('abcdefg');
    // the connection is kept: a second exchange on it reads the same
    expect(text((await p.exchange('GET', 'bytes=0-6', into(7))).body)).toBe('abcdefg');
    expect(requests.get('/chunked')).toBe(2);
    p.close();
  });

  it('reads a body framed by the close, and joins repeated fields', async () => {
    answers['/close'] = (s) => s.end('HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\nConnection: close\r\n\r\nwhole body');
    const p = pool('/close');
    const answer = await p.exchange('GET', undefined, () => 'grow');
    expect(text(answer.body)).toBe('whole body');
    expect(answer.head.header('x-a')).toBe('1, 2');
    expect(answer.head.header('absent')).toBeUndefined();
    p.close();
  });

  it('sends a request again on a new connection when the server closed the kept one as it arrived', async () => {
    const served = new WeakSet<Socket>();
    answers['/flaky'] = (s) => {
      if (served.has(s)) return void s.destroy(); // a kept connection's second request: closed unanswered
      served.add(s);
      s.write('HTTP/1.1 206 Partial Content\r\nContent-Length: 2\r\n\r\nok');
    };
    requests.delete('/flaky');
    const p = pool('/flaky');
    expect(text((await p.exchange('GET', 'bytes=0-1', into(2))).body)).toBe('ok');
    expect(text((await p.exchange('GET', 'bytes=0-1', into(2))).body)).toBe('ok');
    expect(requests.get('/flaky')).toBe(3);
    p.close();
  });

  it('fails a request whose connection closes mid-answer, saying how far it got', async () => {
    answers['/cut'] = (s) => {
      s.write('HTTP/1.1 206 Partial Content\r\nContent-Length: 10\r\n\r\nabc');
      setTimeout(() => s.destroy(), 5);
    };
    expect(await failure(pool('/cut').exchange('GET', 'bytes=0-9', into(10)))).toMatch(/cut off after 3 bytes/);
  });

  it('refuses heads that are too long, not HTTP, or malformed, and bodies of another length', async () => {
    answers['/long-head'] = (s) => s.write(`HTTP/1.1 206 OK\r\nX: ${'a'.repeat(20000)}\r\n\r\n`);
    answers['/not-http'] = (s) => s.write('SSH-2.0-OpenSSH\r\n\r\n');
    answers['/bad-line'] = (s) => s.write('HTTP/1.1 206 OK\r\nno colon here\r\n\r\n');
    answers['/bad-length'] = (s) => s.write('HTTP/1.1 206 OK\r\nContent-Length: -1\r\n\r\n');
    answers['/gzip'] = (s) => s.write('HTTP/1.1 206 OK\r\nTransfer-Encoding: gzip\r\n\r\n');
    answers['/longer'] = (s) => s.write('HTTP/1.1 206 OK\r\nContent-Length: 5\r\n\r\nabcde');
    answers['/bad-chunk'] = (s) => s.write('HTTP/1.1 206 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    const cases: Array<[string, RegExp]> = [
      ['/long-head', /head longer than 16384 bytes/],
      ['/not-http', /not an HTTP\/1.1 answer: "SSH-2.0/],
      ['/bad-line', /malformed header line "no colon here"/],
      ['/bad-length', /invalid Content-Length "-1"/],
      ['/gzip', /transfer coding "gzip" is not supported/],
      ['/longer', /gave more than 4 bytes/],
      ['/bad-chunk', /invalid chunk size "zz"/],
    ];
    for (const [path, message] of cases) {
      const p = pool(path);
      expect(await failure(p.exchange('GET', 'bytes=0-3', into(4))), path).toMatch(message);
      p.close();
    }
  });

  it('closes the connection unread when the caller abandons an answer (a whole file is not drained)', async () => {
    answers['/whole'] = (s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${2 ** 30}\r\n\r\n${'x'.repeat(1000)}`);
    const p = pool('/whole');
    const answer = await p.exchange('GET', 'bytes=0-3', () => 'abandon');
    expect([answer.head.status, answer.body]).toEqual([200, undefined]);
    p.close();
  });

  it('fails a request the server stops answering once the connection has been idle too long', async () => {
    answers['/stalls'] = (s) => s.write('HTTP/1.1 206 Partial Content\r\nContent-Length: 10\r\n\r\nab');
    const p = new Http1Pool(new URL('/stalls', base), {}, 1, undefined, 50);
    expect(await failure(p.exchange('GET', 'bytes=0-9', into(10)))).toMatch(
      /cut off after 2 bytes: no byte from the server for 0.05 s/,
    );
  });

  it('refuses header fields that would break the request, and stops on abort', async () => {
    expect(() => headerLines({ 'x-a': 'b\r\nInjected: 1' })).toThrow(/line break/);
    expect(() => headerLines({ 'bad name': 'v' })).toThrow(/invalid header name/);
    expect(headerLines({ 'X-Token': 'a b' })).toBe('X-Token: a b\r\n');
    answers['/slow'] = () => undefined; // never answers
    const aborted = new AbortController();
    const p = pool('/slow', {}, aborted.signal);
    const first = failure(p.exchange('GET', 'bytes=0-3', into(4)));
    const queued = [1, 2].map(() => failure(p.exchange('GET', 'bytes=0-3', into(4)))); // beyond 2 connections
    await new Promise((r) => setTimeout(r, 20));
    aborted.abort();
    expect(await first).toMatch(/aborted/);
    expect(await Promise.all(queued)).toEqual(['aborted', 'aborted']);
    expect(await failure(p.exchange('GET', 'bytes=0-3', into(4)))).toBe('aborted');
  });

  it('settles every mutated answer, with the bytes asked for or an Error, never a hang (300 seeded cases)', async () => {
    const valid = [
      'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-7/100\r\nContent-Length: 8\r\n\r\n01234567',
      'HTTP/1.1 206 Partial Content\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n012\r\n5;x=y\r\n34567\r\n0\r\n\r\n',
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const mutate = (answer: string) => {
      const bytes = [...Buffer.from(answer, 'latin1')];
      for (let k = 1 + random(4); k > 0; k--) {
        const at = random(bytes.length);
        const what = random(4);
        if (what === 0) bytes[at] = random(256);
        else if (what === 1) bytes.splice(at, 1 + random(6));
        else if (what === 2) bytes.splice(at, 0, ...bytes.slice(random(bytes.length), random(bytes.length)));
        else bytes.length = at; // cut short
      }
      return Buffer.from(bytes);
    };
    const outcomes = { bytes: 0, errors: 0 };
    for (let i = 0; i < 300; i++) {
      const answer = mutate(valid[i % 2]!);
      answers['/mutated'] = (s) => s.end(answer); // then the server closes: close-framed and cut answers end
      const p = new Http1Pool(new URL('/mutated', base), {}, 1, undefined, 2000);
      const into = new Uint8Array(8);
      const settled = await p
        .exchange('GET', 'bytes=0-7', () => into)
        .then(
          (a) => a.body,
          (e: unknown) => e,
        );
      p.close();
      if (settled instanceof Error) outcomes.errors++;
      else {
        expect(settled, `case ${i}`).toBe(into);
        outcomes.bytes++;
      }
    }
    // both kinds happen: the mutations reach the framing and the bytes alike
    expect(outcomes.bytes).toBeGreaterThan(10);
    expect(outcomes.errors).toBeGreaterThan(100);
  });

  it('sends the caller header fields, the Host and the Range, and HEAD reads no body', async () => {
    let seen = '';
    answers['/head'] = (s, request) => {
      seen = request;
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n');
    };
    const p = pool('/head', { 'x-token': 't' });
    const answer = await p.exchange('HEAD', undefined, () => 'discard');
    expect(answer.head.header('content-length')).toBe('1234');
    expect(seen).toBe(`HEAD /head HTTP/1.1\r\nHost: ${base.host}\r\nx-token: t`);
    await p.exchange('HEAD', 'bytes=1-2', () => 'discard');
    expect(seen).toMatch(/\r\nRange: bytes=1-2$/);
    p.close();
    // a URL's user and password become Basic credentials; the caller's own Host and Range are dropped
    const url = new URL('/head', base);
    url.username = 'u';
    url.password = 'p@ss';
    const withAuth = new Http1Pool(url, { Range: 'bytes=0-0', host: 'elsewhere', 'x-a': 'b' }, 1);
    await withAuth.exchange('HEAD', 'bytes=3-4', () => 'discard');
    expect(seen).toBe(
      `HEAD /head HTTP/1.1\r\nHost: ${base.host}\r\nAuthorization: Basic ${btoa('u:p@ss')}\r\nx-a: b\r\nRange: bytes=3-4`,
    );
    withAuth.close();
  });
});
