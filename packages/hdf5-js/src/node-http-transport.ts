/**
 * Node only: httpSource's transport. http: URLs go through http1-transport.ts; https: URLs through
 * node:https with keep-alive connections of its own, each range's body written chunk by chunk straight
 * into the caller's buffer. Per request it costs about
 * a third of fetch's CPU (no WHATWG Request, Headers, streams or promise chain per chunk) and leaves less
 * garbage: a lazy prediction over plain ranges makes one request per chunk, hundreds per document.
 */
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { fail, messageOf } from './errors.js';
import { type HttpTransport, PLAIN_HTTP_HINTS, rangeAnswerProblem, sizeFromHead } from './http-source.js';
import { http1Transport } from './http1-transport.js';

/** The RequestInit fields this transport honours; with any other, httpSource uses fetch. */
const HONOURED = new Set(['headers', 'signal']);

/** `init.headers` as a plain object (HeadersInit is a Headers, an array of pairs, or a record). */
function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (Array.isArray(headers)) for (const [k, v] of headers) out[k.toLowerCase()] = v;
  else if (typeof (headers as Headers).forEach === 'function') (headers as Headers).forEach((v, k) => (out[k] = v));
  else for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** One request; resolves with the response, its body unread. */
function send(
  url: URL,
  options: { agent: HttpsAgent; method: string; headers: Record<string, string>; signal?: AbortSignal | undefined },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, options, resolve);
    req.once('error', reject);
    req.end();
  });
}

/** The body of `res` into `into`: exactly its length, or an error saying what came. */
function bodyInto(res: IncomingMessage, into: Uint8Array, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let at = 0;
    res.on('data', (chunk: Buffer) => {
      if (at + chunk.length > into.length) {
        res.destroy();
        return reject(new Error(`${what()} gave more than ${into.length} bytes`));
      }
      into.set(chunk, at);
      at += chunk.length;
    });
    res.once('end', () => (at === into.length ? resolve() : reject(new Error(`${what()} gave ${at} bytes`))));
    res.once('error', (error) => reject(new Error(`${what()} failed after ${at} bytes: ${error.message}`)));
    res.once('close', () => {
      if (!res.complete) reject(new Error(`${what()} was cut off after ${at} bytes`));
    });
  });
}

/** A response header as fetch's Headers.get gives it (repeated ones joined), or null. */
function headerOf(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Bodies up to this size, by their Content-Length, are read into one buffer of that size. */
const PREALLOCATE_BYTES = 64 * 2 ** 20;

/** The whole body of `res`: into one buffer when its length is declared (and bounded), else gathered. */
async function wholeBody(res: IncomingMessage): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length'] ?? Number.NaN);
  if (Number.isSafeInteger(declared) && declared >= 0 && declared <= PREALLOCATE_BYTES) {
    const into = new Uint8Array(declared);
    await bodyInto(res, into, () => 'the answer');
    return into;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Node's transport for `url` (http1-transport.ts for http:, node:https here for https:), or undefined
 * when fetch must do it: a URL that is not http(s), or
 * an `init` with fields other than headers and signal (credentials, cache, a dispatcher: fetch's own).
 */
export function nodeHttpTransport(
  url: string | URL,
  init: RequestInit | undefined,
  label: string,
): HttpTransport | undefined {
  const target = new URL(String(url));
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  if (init && Object.keys(init).some((k) => !HONOURED.has(k) && init[k as keyof RequestInit] !== undefined))
    return undefined;
  // as many connections as the block reader keeps reads in flight; idle ones closed by close()
  const maxSockets = PLAIN_HTTP_HINTS.concurrency ?? 16;
  const headers = plainHeaders(init?.headers);
  const signal = init?.signal ?? undefined;
  if (target.protocol === 'http:') return http1Transport(target, headers, signal, maxSockets, label);
  const agent = new HttpsAgent({ keepAlive: true, maxSockets });
  const failed = (what: string, cause: unknown) =>
    fail('READ_FAILED', label, `${what} failed: ${messageOf(cause)}`, {
      cause,
    });
  return {
    async size() {
      const res = await send(target, { agent, method: 'HEAD', headers, signal }).catch((cause: unknown) => {
        throw failed('HEAD', cause);
      });
      res.resume();
      return sizeFromHead(label, res.statusCode ?? 0, res.headers['content-length']);
    },
    async rangeInto(offset, into) {
      const last = offset + into.length - 1;
      const what = `range ${offset}-${last}`;
      const res = await send(target, {
        agent,
        method: 'GET',
        headers: { ...headers, range: `bytes=${what.slice(6)}` },
        signal,
      }).catch((cause: unknown) => {
        throw failed(what, cause);
      });
      const problem = rangeAnswerProblem(offset, last, res.statusCode ?? 0, res.headers['content-range']);
      if (problem) {
        res.resume(); // drained, so the connection is kept
        throw fail('READ_FAILED', label, problem);
      }
      await bodyInto(res, into, () => what).catch((cause: unknown) => {
        throw fail('READ_FAILED', label, messageOf(cause), { cause });
      });
    },
    async request(range) {
      const res = await send(target, { agent, method: 'GET', headers: { ...headers, range }, signal });
      return {
        status: res.statusCode ?? 0,
        header: (name) => headerOf(res, name),
        bytes: () =>
          wholeBody(res).catch((cause: unknown) => {
            throw fail('READ_FAILED', label, `${range}: ${messageOf(cause)}`, {
              cause,
            });
          }),
        discard: async () => void res.resume(),
      };
    },
    close: () => agent.destroy(),
  };
}
