/**
 * httpSource's transport over http1-client.ts (Node, http: URLs): a range read's body lands straight in
 * the caller's buffer; an answer that is not the range asked for closes its connection unread.
 */
import { fail, messageOf } from './errors.js';
import { Http1Pool, MAX_BODY_BYTES } from './http1-client.js';
import { type HttpTransport, rangeAnswerProblem, sizeFromHead } from './http-source.js';

/** The transport for `url` (http:), with `headers` on every request and at most `maxSockets` connections. */
export function http1Transport(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  maxSockets: number,
  label: string,
): HttpTransport {
  let pool: Http1Pool;
  try {
    pool = new Http1Pool(url, headers, maxSockets, signal);
  } catch (cause) {
    throw fail('INVALID_PARAMETER', label, messageOf(cause), { cause });
  }
  return {
    async size() {
      const { head } = await pool
        .exchange('HEAD', undefined, () => 'discard')
        .catch((cause: unknown) => {
          throw fail('READ_FAILED', label, `HEAD failed: ${messageOf(cause)}`, { cause });
        });
      return sizeFromHead(label, head.status, head.header('content-length'));
    },
    async rangeInto(offset, into) {
      const last = offset + into.length - 1;
      let problem: string | undefined;
      await pool
        .exchange('GET', `bytes=${offset}-${last}`, (head) => {
          problem = rangeAnswerProblem(offset, last, head.status, head.header('content-range'));
          return problem ? 'abandon' : into;
        })
        .catch((cause: unknown) => {
          throw fail('READ_FAILED', label, `range ${offset}-${last} failed: ${messageOf(cause)}`, { cause });
        });
      if (problem) throw fail('READ_FAILED', label, problem);
    },
    async request(range, lent) {
      const { head, body } = await pool.exchange('GET', range, (answer, length) => {
        if (answer.status !== 206) return 'abandon';
        if (length === undefined) return 'grow';
        if (length > MAX_BODY_BYTES) throw new Error(`an answer of ${length} bytes`);
        return lent && length <= lent.length ? lent.subarray(0, length) : new Uint8Array(length);
      });
      return {
        status: head.status,
        header: (name) => head.header(name.toLowerCase()) ?? null,
        bytes: async () => body ?? new Uint8Array(0),
        discard: async () => {},
      };
    },
    close: () => pool.close(),
  };
}
