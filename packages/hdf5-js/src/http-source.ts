/**
 * A ByteSource over HTTP Range requests (RFC 9110 §14): every read is `Range: bytes=a-b`, answered
 * 206 with a matching Content-Range; with `multiRange`, reads issued together share one request
 * (multi-range.ts). The size comes from a HEAD (Content-Length).
 */
import { type ByteSource, REMOTE_READ_HINTS, type ReadHints } from './byte-source.js';
import { fail } from './errors.js';
import { DEFAULT_MULTI_RANGES, MAX_RANGE_HEADER, MAX_REQUESTS, MultiRangeReader } from './multi-range.js';
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
  directBytes: 8192,
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

/** One range request: exactly `length` bytes at `offset`, or READ_FAILED. */
async function readRange(
  url: string | URL,
  init: RequestInit | undefined,
  label: string,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  const last = offset + length - 1;
  const res = await fetch(url, withRange(init, `bytes=${offset}-${last}`)).catch((cause: unknown) => {
    throw fail('READ_FAILED', label, `range ${offset}-${last} failed: ${String(cause)}`, { cause });
  });
  if (res.status !== 206) {
    await res.body?.cancel();
    throw fail('READ_FAILED', label, `range ${offset}-${last} answered ${res.status}, not 206 (no Range support?)`);
  }
  const got = parseContentRange(res.headers.get('content-range'));
  if (!got || got[0] !== offset || got[1] !== last) {
    await res.body?.cancel();
    throw fail(
      'READ_FAILED',
      label,
      `range ${offset}-${last} answered Content-Range "${res.headers.get('content-range')}"`,
    );
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length !== length) throw fail('READ_FAILED', label, `range ${offset}-${last} gave ${bytes.length} bytes`);
  return bytes;
}

/** A ByteSource over a URL, read with HTTP Range requests (`init` is passed to fetch). */
export async function httpSource(
  url: string | URL,
  init?: RequestInit,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  const label = String(url);
  const maxRanges = maxRangesOf(options.multiRange, label);
  const head = await fetch(url, { ...init, method: 'HEAD' }).catch((cause: unknown) => {
    throw fail('READ_FAILED', label, `HEAD failed: ${String(cause)}`, { cause });
  });
  if (head.status === 404) throw fail('FILE_NOT_FOUND', label, 'the server answered 404');
  if (!head.ok) throw fail('READ_FAILED', label, `HEAD answered ${head.status}`);
  const size = Number(head.headers.get('content-length'));
  if (!Number.isSafeInteger(size) || size < 0)
    throw fail('READ_FAILED', label, 'the server gave no Content-Length; cannot read by ranges');
  const single = (offset: number, length: number) => readRange(url, init, label, offset, length);
  const multi =
    maxRanges > 1
      ? new MultiRangeReader({ label, size, single, request: (range) => fetch(url, withRange(init, range)) }, maxRanges)
      : undefined;
  return {
    size,
    rangeBudget: options.rangeBudget ?? DEFAULT_RANGE_BUDGET,
    hints: multi ? multiRangeHints(maxRanges) : REMOTE_READ_HINTS,
    read(offset: number, length: number): Promise<Uint8Array> {
      if (length === 0) return Promise.resolve(new Uint8Array(0));
      return multi ? multi.read(offset, length) : single(offset, length);
    },
    ...(multi ? { readInto: (offset: number, into: Uint8Array) => multi.readInto(offset, into) } : {}),
  };
}
