/**
 * A ByteSource over HTTP Range requests (RFC 9110 §14): every read is `Range: bytes=a-b`, answered
 * 206 with a matching Content-Range; with `multiRange`, reads issued together share one request
 * (multi-range.ts). The size comes from a HEAD (Content-Length).
 */
import { type ByteSource, REMOTE_READ_HINTS, type ReadHints } from './byte-source.js';
import { fail } from './errors.js';
import {
  DEFAULT_MULTI_RANGES,
  MAX_RANGE_HEADER,
  MAX_REQUESTS,
  MultiRangeReader,
  type RangeAnswer,
} from './multi-range.js';
import { parseContentRange } from './multipart-byteranges.js';
import { DEFAULT_RANGE_BUDGET } from './range-budget.js';

function withRange(init: RequestInit | undefined, range: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('Range', range);
  return { ...init, headers };
}

/** Options of the remote sources (httpSource, r2Source). */
export interface RangeSourceOptions {
  /**
   * Most bytes one read of contiguous data may fetch; a read that would fetch more is refused with
   * LIMIT_EXCEEDED naming `icepickle convert --layout column-chunked` (`Infinity`: no limit).
   * @defaultValue 64 MiB (`DEFAULT_RANGE_BUDGET`)
   */
  rangeBudget?: number;
  /**
   * httpSource only: send the reads issued together (a lazy prediction's chunks) as one multi-range
   * request, `Range: bytes=a-b,c-d,...`, answered 206 multipart/byteranges (RFC 9110 §14.6) by nginx,
   * Apache httpd, Caddy and most static servers, not by object stores (S3, R2). `true` sends up to 64
   * ranges a request, a number up to that many; a request's Range header stays under 4 KB either way. A
   * server that answers such a request 200, or with the first range only, is read one range per request
   * from then on.
   * @defaultValue false
   */
  multiRange?: boolean | number;
}

/**
 * With multiRange, a request carries many reads: the reader may hand over a few requests' worth at once,
 * and chunk-sized reads go direct, each its own range (their round trip is shared, so blocks around them
 * would only fetch more and fill the cache with what the model's column cache keeps anyway).
 */
const multiRangeHints = (maxRanges: number): ReadHints => ({
  ...REMOTE_READ_HINTS,
  concurrency: MAX_REQUESTS * maxRanges,
});

/** Ranges per request for a `multiRange` option; 0 when off. */
function maxRangesOf(option: boolean | number | undefined, label: string): number {
  if (option === undefined || option === false) return 0;
  if (option === true) return DEFAULT_MULTI_RANGES;
  if (!Number.isSafeInteger(option) || option < 1)
    throw fail('INVALID_PARAMETER', label, `multiRange must be a boolean or a positive integer, got ${option}`);
  // a header of MAX_RANGE_HEADER bytes holds no more ranges than this anyway
  return Math.min(option, Math.floor(MAX_RANGE_HEADER / 4));
}

/**
 * How httpSource reaches the server: fetch everywhere (browsers, Workers, Deno, Node), or in Node its own
 * connections (node-http-transport.ts: our HTTP/1.1 client for http:, node:https for https:), which
 * cost a fraction of fetch's CPU and garbage per request.
 */
export interface HttpTransport {
  /** The resource's size from a HEAD: FILE_NOT_FOUND on 404, READ_FAILED otherwise. */
  size(): Promise<number>;
  /** Exactly `into.length` bytes at `offset`, written into `into` (206 with that Content-Range), or READ_FAILED. */
  rangeInto(offset: number, into: Uint8Array): Promise<void>;
  /** One request with this Range header (multiRange's batches), its body read into `body` when it fits (optional). */
  request(range: string, body?: Uint8Array): Promise<RangeAnswer>;
  /** Releases what the transport keeps (idle keep-alive connections); optional. */
  close?(): void;
}

/** Why a single-range answer is not the range asked for, else undefined (RFC 9110 §14.4). */
export function rangeAnswerProblem(
  offset: number,
  last: number,
  status: number,
  contentRange: string | null | undefined,
): string | undefined {
  if (status !== 206) return `range ${offset}-${last} answered ${status}, not 206 (no Range support?)`;
  const got = parseContentRange(contentRange ?? null);
  if (!got || got[0] !== offset || got[1] !== last)
    return `range ${offset}-${last} answered Content-Range "${contentRange}"`;
  return undefined;
}

/** The size a HEAD answered (its Content-Length), or the typed error saying why there is none. */
export function sizeFromHead(label: string, status: number, contentLength: string | null | undefined): number {
  if (status === 404) throw fail('FILE_NOT_FOUND', label, 'the server answered 404');
  if (status < 200 || status > 299) throw fail('READ_FAILED', label, `HEAD answered ${status}`);
  const size = Number(contentLength ?? Number.NaN);
  if (!Number.isSafeInteger(size) || size < 0)
    throw fail('READ_FAILED', label, 'the server gave no Content-Length; cannot read by ranges');
  return size;
}

/** The transport over fetch (`init` is passed to every request). */
export function fetchTransport(url: string | URL, init: RequestInit | undefined, label: string): HttpTransport {
  return {
    async size() {
      const head = await fetch(url, { ...init, method: 'HEAD' }).catch((cause: unknown) => {
        throw fail('READ_FAILED', label, `HEAD failed: ${String(cause)}`, { cause });
      });
      await head.body?.cancel();
      return sizeFromHead(label, head.status, head.headers.get('content-length'));
    },
    async rangeInto(offset, into) {
      const last = offset + into.length - 1;
      const res = await fetch(url, withRange(init, `bytes=${offset}-${last}`)).catch((cause: unknown) => {
        throw fail('READ_FAILED', label, `range ${offset}-${last} failed: ${String(cause)}`, { cause });
      });
      const problem = rangeAnswerProblem(offset, last, res.status, res.headers.get('content-range'));
      if (problem) {
        await res.body?.cancel();
        throw fail('READ_FAILED', label, problem);
      }
      // whole, then copied: browsers and Workers answer a small range in one piece (Node reads it straight
      // into `into` over its own connections)
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length !== into.length)
        throw fail('READ_FAILED', label, `range ${offset}-${last} gave ${bytes.length} bytes`);
      into.set(bytes);
    },
    request: async (range) => {
      const res = await fetch(url, withRange(init, range));
      return {
        status: res.status,
        header: (name) => res.headers.get(name),
        bytes: async () => new Uint8Array(await res.arrayBuffer()),
        discard: async () => void (await res.body?.cancel()),
      };
    },
  };
}

/**
 * Plain range requests (one read, one request): the remote hints, with more requests in flight, since a
 * request costs a round trip and a prediction's chunks are independent (a browser queues what it does
 * not send at once; Node's own connections are as many).
 */
export const PLAIN_HTTP_HINTS: ReadHints = { ...REMOTE_READ_HINTS, concurrency: 16 };

/** A ByteSource over a URL, read with HTTP Range requests over fetch (`init` is passed to fetch). */
export function httpSource(
  url: string | URL,
  init?: RequestInit,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  return openHttpSource(String(url), fetchTransport(url, init, String(url)), options);
}

/** httpSource over any transport (the Node entry passes node-http-transport.ts's). */
export async function openHttpSource(
  label: string,
  transport: HttpTransport,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  const maxRanges = maxRangesOf(options.multiRange, label);
  const size = await transport.size();
  const single = async (offset: number, length: number) => {
    const into = new Uint8Array(length);
    await transport.rangeInto(offset, into);
    return into;
  };
  const multi =
    maxRanges > 1 ? new MultiRangeReader({ label, size, single, request: transport.request }, maxRanges) : undefined;
  return {
    size,
    rangeBudget: options.rangeBudget ?? DEFAULT_RANGE_BUDGET,
    hints: multi ? multiRangeHints(maxRanges) : PLAIN_HTTP_HINTS,
    read(offset: number, length: number): Promise<Uint8Array> {
      if (length === 0) return Promise.resolve(new Uint8Array(0));
      return multi ? multi.read(offset, length) : single(offset, length);
    },
    readInto: (offset: number, into: Uint8Array) =>
      into.length === 0 ? Promise.resolve() : multi ? multi.readInto(offset, into) : transport.rangeInto(offset, into),
    ...(transport.close ? { close: async () => transport.close?.() } : {}),
  };
}
