/**
 * A ByteSource over HTTP Range requests (RFC 9110 §14): every read is `Range: bytes=a-b`, answered
 * 206 with a matching Content-Range. The size comes from a HEAD (Content-Length).
 */
import { type ByteSource, REMOTE_READ_HINTS } from './byte-source.js';
import { fail } from './errors.js';
import { DEFAULT_RANGE_BUDGET } from './range-budget.js';

function withRange(init: RequestInit | undefined, range: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('Range', range);
  return { ...init, headers };
}

/** `bytes a-b/total` → [a, b]; undefined when malformed. */
function parseContentRange(value: string | null): [number, number] | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Options of the remote sources (httpSource, r2Source). */
export interface RangeSourceOptions {
  /**
   * Most bytes one read of contiguous data may fetch; a read that would fetch more is refused with
   * LIMIT_EXCEEDED naming `icepickle convert --layout column-chunked` (`Infinity`: no limit).
   * @defaultValue 64 MiB (`DEFAULT_RANGE_BUDGET`)
   */
  rangeBudget?: number;
}

/** A ByteSource over a URL, read with HTTP Range requests (`init` is passed to fetch). */
export async function httpSource(
  url: string | URL,
  init?: RequestInit,
  options: RangeSourceOptions = {},
): Promise<ByteSource> {
  const label = String(url);
  const head = await fetch(url, { ...init, method: 'HEAD' }).catch((cause: unknown) => {
    throw fail('READ_FAILED', label, `HEAD failed: ${String(cause)}`, { cause });
  });
  if (head.status === 404) throw fail('FILE_NOT_FOUND', label, 'the server answered 404');
  if (!head.ok) throw fail('READ_FAILED', label, `HEAD answered ${head.status}`);
  const size = Number(head.headers.get('content-length'));
  if (!Number.isSafeInteger(size) || size < 0)
    throw fail('READ_FAILED', label, 'the server gave no Content-Length; cannot read by ranges');
  return {
    size,
    rangeBudget: options.rangeBudget ?? DEFAULT_RANGE_BUDGET,
    hints: REMOTE_READ_HINTS,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (length === 0) return new Uint8Array(0);
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
      if (bytes.length !== length)
        throw fail('READ_FAILED', label, `range ${offset}-${last} gave ${bytes.length} bytes`);
      return bytes;
    },
  };
}
