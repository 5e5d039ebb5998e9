/**
 * Node only: a small HTTP/1.1 client over node:net for httpSource's range requests on http: URLs, with
 * keep-alive connections of its own. Each connection reads into one buffer of its own (net's `onread`)
 * and a body is copied from it straight into the caller's buffer, so a request leaves no socket buffer,
 * stream or IncomingMessage behind: a lazy prediction makes one request per chunk, hundreds per
 * document, and node:http's garbage for them held tens of megabytes of a 128 MB budget.
 *
 * It speaks exactly what range reads need (RFC 9112): GET and HEAD, bodies framed by Content-Length,
 * chunked transfer coding, or the connection's close. A request on a reused connection that the server
 * closed before answering is sent once more on a new one (GET and HEAD are idempotent).
 */
import { type Socket, connect } from 'node:net';

/**
 * An answer's status and header fields, kept as the head's text and looked up by name: a range answer's
 * few lookups cost less than splitting every field into a map.
 */
export class Http1Head {
  private readonly lower: string;
  constructor(
    readonly status: number,
    private readonly text: string,
  ) {
    this.lower = text.toLowerCase();
  }

  /** A field's value, repeated ones joined by ", " (`name` in lower case), or undefined. */
  header(name: string): string | undefined {
    const key = `\r\n${name}:`;
    let out: string | undefined;
    for (let at = this.lower.indexOf(key); at >= 0; at = this.lower.indexOf(key, at + key.length)) {
      const end = this.text.indexOf('\r\n', at + key.length);
      const value = this.text.slice(at + key.length, end < 0 ? undefined : end).trim();
      out = out === undefined ? value : `${out}, ${value}`;
    }
    return out;
  }
}

/**
 * Where an answer's body goes, decided once its head is read (`length`: its Content-Length, undefined
 * when chunked or delimited by the close): a buffer the body must fill exactly, 'grow' for a buffer of
 * its own, 'discard' (read and dropped), or 'abandon' (the connection is closed unread: a whole file
 * answered instead of a range is not worth draining).
 */
export type BodyTarget = (head: Http1Head, length: number | undefined) => Uint8Array | 'grow' | 'discard' | 'abandon';

/** An answer: its head and, unless discarded, its body. */
export interface Http1Answer {
  head: Http1Head;
  body: Uint8Array | undefined;
}

/** The most bytes of an answer's head (status line and fields) before it is refused. */
const MAX_HEAD_BYTES = 16 * 1024;
/** The most bytes of a chunk-size line (with extensions) or trailer line. */
const MAX_LINE_BYTES = 1024;
/** Each connection's read buffer. */
const READ_BUFFER_BYTES = 64 * 1024;
/** The most bytes of a body read into a buffer of its own ('grow', or one a caller sizes by Content-Length). */
export const MAX_BODY_BYTES = 64 * 2 ** 20;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Fields the client writes itself: a caller's own would contradict them. */
const OWN_FIELDS = new Set(['host', 'range']);

/** The caller's header fields as request lines, refusing what would break the request's framing. */
export function headerLines(headers: Record<string, string>): string {
  let out = '';
  for (const [name, value] of Object.entries(headers)) {
    if (OWN_FIELDS.has(name.toLowerCase())) continue;
    if (!TOKEN.test(name)) throw new Error(`invalid header name "${name}"`);
    if (/[\r\n\0]/.test(value)) throw new Error(`header "${name}" holds a line break`);
    out += `${name}: ${value}\r\n`;
  }
  return out;
}

/** `Authorization: Basic` for a URL's user and password (as node:http sends them), else nothing. */
function credentialsLine(url: URL): string {
  if (!url.username && !url.password) return '';
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Authorization: Basic ${Buffer.from(pair, 'utf8').toString('base64')}\r\n`;
}

/** One request in flight on a connection. */
interface Job {
  request: string;
  head: boolean;
  target: BodyTarget;
  resolve(answer: Http1Answer): void;
  reject(error: Error): void;
  /** Sent once more on a new connection when a reused one closes before any answer byte. */
  retried: boolean;
}

/** Body framing once the head is read. */
type Framing = { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'none' };

/** The buffer of a 'grow' target, doubled as the body arrives (at most MAX_BODY_BYTES). */
class Grown {
  bytes = new Uint8Array(4096);
  length = 0;
  push(src: Uint8Array, from: number, to: number): void {
    const need = this.length + to - from;
    if (need > MAX_BODY_BYTES) throw new Error(`an answer body of more than ${MAX_BODY_BYTES} bytes`);
    if (need > this.bytes.length) {
      const next = new Uint8Array(Math.min(MAX_BODY_BYTES, Math.max(need, this.bytes.length * 2)));
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    this.bytes.set(src.subarray(from, to), this.length);
    this.length = need;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The head before its blank line: a status line `HTTP/1.x NNN ...`, then `Name: value` lines. */
function parseHead(text: string): Http1Head {
  const first = text.indexOf('\r\n');
  const ok =
    (text.startsWith('HTTP/1.1 ') || text.startsWith('HTTP/1.0 ')) &&
    isDigit(text.charCodeAt(9)) &&
    isDigit(text.charCodeAt(10)) &&
    isDigit(text.charCodeAt(11)) &&
    (text.length === 12 || first === 12 || text.charCodeAt(12) === 32);
  if (!ok) throw new Error(`not an HTTP/1.1 answer: "${text.slice(0, first < 0 ? 40 : Math.min(first, 40))}"`);
  for (let at = first; at >= 0; ) {
    const next = text.indexOf('\r\n', at + 2);
    const colon = text.indexOf(':', at + 2);
    if (colon <= at + 2 || (next >= 0 && colon > next))
      throw new Error(`malformed header line "${text.slice(at + 2, next < 0 ? at + 42 : Math.min(next, at + 42))}"`);
    at = next;
  }
  return new Http1Head(Number(text.slice(9, 12)), text);
}

/** How the body after `head` is framed (RFC 9112 §6.3). */
function framingOf(head: Http1Head, method: 'GET' | 'HEAD'): Framing {
  if (method === 'HEAD' || head.status === 204 || head.status === 304) return { kind: 'none' };
  const coding = head.header('transfer-encoding');
  if (coding !== undefined) {
    if (coding.toLowerCase() !== 'chunked') throw new Error(`transfer coding "${coding}" is not supported`);
    return { kind: 'chunked' };
  }
  const declared = head.header('content-length');
  if (declared === undefined) return { kind: 'close' };
  if (!/^\d{1,15}$/.test(declared)) throw new Error(`invalid Content-Length "${declared.slice(0, 40)}"`);
  return { kind: 'length', left: Number(declared) };
}

/** Where a body's bytes are going. */
type Sink = { kind: 'into'; bytes: Uint8Array; at: number } | { kind: 'grow'; grown: Grown } | { kind: 'discard' };

/** One keep-alive connection: a request at a time, its answer parsed as the bytes arrive. */
class Connection {
  readonly socket: Socket;
  job: Job | undefined;
  /** Answers completed on this connection (a request on a used one may meet the server's close). */
  served = 0;
  private readonly headBytes = Buffer.allocUnsafe(MAX_HEAD_BYTES);
  /** The connection's read buffer (net's `onread` fills it): bytes are copied out of it, never kept. */
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  private headLength = 0;
  private state: 'head' | 'body' | 'size' | 'data' | 'data-end' | 'trailer' = 'head';
  private head: Http1Head | undefined;
  private framing: Framing = { kind: 'none' };
  private sink: Sink = { kind: 'discard' };
  private left = 0;
  private line = '';
  /** Bytes of the current answer seen (0: the server has not begun answering). */
  private seen = 0;
  private error: Error | undefined;

  constructor(
    host: string,
    port: number,
    private readonly pool: Http1Pool,
  ) {
    this.socket = connect({
      host,
      port,
      onread: {
        buffer: this.buffer,
        callback: (n: number) => {
          this.received(n);
          return true;
        },
      },
    });
    this.socket.setNoDelay(true);
    // a server that stops sending (or never answers) fails the request instead of hanging it; an idle
    // kept connection is closed the same way
    this.socket.setTimeout(pool.idleTimeoutMs, () =>
      this.socket.destroy(new Error(`no byte from the server for ${pool.idleTimeoutMs / 1000} s`)),
    );
    this.socket.on('error', (error) => (this.error ??= error));
    this.socket.on('close', () => this.closed());
  }

  send(job: Job): void {
    this.job = job;
    this.state = 'head';
    this.headLength = 0;
    this.seen = 0;
    this.socket.ref();
    this.socket.write(job.request, 'latin1');
  }

  /** n bytes the socket read into the connection's buffer. */
  private received(n: number): void {
    const buf = this.buffer;
    const job = this.job;
    if (!job) return void this.socket.destroy(); // bytes nobody asked for: the connection is not trusted again
    this.seen += n;
    try {
      let at = 0;
      while (at < n && this.job === job)
        at = this.state === 'head' ? this.readHead(buf, at, n) : this.readBody(buf, at, n);
      if (at < n) this.socket.destroy(); // more than the answer: not reused
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Head bytes from buf[at..n): returns where the head ended in buf, or n. */
  private readHead(buf: Buffer, at: number, n: number): number {
    const take = Math.min(n - at, MAX_HEAD_BYTES - this.headLength);
    buf.copy(this.headBytes, this.headLength, at, at + take);
    const from = Math.max(0, this.headLength - 3);
    this.headLength += take;
    const end = indexOfBlankLine(this.headBytes, from, this.headLength);
    if (end < 0) {
      if (this.headLength >= MAX_HEAD_BYTES) throw new Error(`an answer head longer than ${MAX_HEAD_BYTES} bytes`);
      return n;
    }
    const consumed = at + take - (this.headLength - (end + 4));
    const head = parseHead(this.headBytes.toString('latin1', 0, end));
    this.headLength = 0;
    if (head.status >= 100 && head.status < 200) return consumed; // interim (100 Continue): the real head follows
    this.begin(head);
    return consumed;
  }

  /** The head is read: where its body goes, and how it is framed. */
  private begin(head: Http1Head): void {
    const job = this.job!;
    this.head = head;
    this.framing = framingOf(head, job.head ? 'HEAD' : 'GET');
    const target = job.target(head, this.framing.kind === 'length' ? this.framing.left : undefined);
    if (target === 'abandon') {
      this.job = undefined;
      this.socket.destroy();
      job.resolve({ head, body: undefined });
      return;
    }
    if (target === 'discard') this.sink = { kind: 'discard' };
    else if (target === 'grow') this.sink = { kind: 'grow', grown: new Grown() };
    else {
      if (this.framing.kind === 'length' && this.framing.left !== target.length)
        throw new Error(
          this.framing.left > target.length
            ? `gave more than ${target.length} bytes`
            : `gave ${this.framing.left} bytes`,
        );
      this.sink = { kind: 'into', bytes: target, at: 0 };
    }
    if (this.framing.kind === 'none' || (this.framing.kind === 'length' && this.framing.left === 0)) this.finish();
    else if (this.framing.kind === 'chunked') {
      this.state = 'size';
      this.line = '';
    } else {
      this.state = 'body';
      this.left = this.framing.kind === 'length' ? this.framing.left : Number.POSITIVE_INFINITY;
    }
  }

  /** Body bytes from buf[at..n): returns how far they were consumed. */
  private readBody(buf: Buffer, at: number, n: number): number {
    if (this.state === 'body' || this.state === 'data') {
      const take = Math.min(n - at, this.left);
      this.write(buf, at, at + take);
      this.left -= take;
      if (this.left === 0) {
        if (this.state === 'body') this.finish();
        else {
          this.state = 'data-end';
          this.line = '';
        }
      }
      return at + take;
    }
    // a line of the chunked coding: a chunk's size, the CRLF after its data, or a trailer field
    const end = at + lineEnd(buf, at, n);
    this.line += buf.toString('latin1', at, end);
    if (this.line.length > MAX_LINE_BYTES) throw new Error('a chunked-coding line too long');
    if (!this.line.endsWith('\r\n')) return end;
    const text = this.line.slice(0, -2);
    this.line = '';
    if (this.state === 'size') {
      const size = /^([0-9a-fA-F]{1,12})(?:[ \t;].*)?$/.exec(text);
      if (!size) throw new Error(`invalid chunk size "${text.slice(0, 40)}"`);
      this.left = Number.parseInt(size[1]!, 16);
      this.state = this.left === 0 ? 'trailer' : 'data';
    } else if (this.state === 'data-end') {
      if (text !== '') throw new Error('chunk data longer than its size');
      this.state = 'size';
    } else if (text === '') this.finish(); // the trailer section's end
    return end;
  }

  private write(buf: Buffer, from: number, to: number): void {
    const sink = this.sink;
    if (sink.kind === 'into') {
      if (sink.at + to - from > sink.bytes.length) throw new Error(`gave more than ${sink.bytes.length} bytes`);
      buf.copy(sink.bytes, sink.at, from, to);
      sink.at += to - from;
    } else if (sink.kind === 'grow') sink.grown.push(buf, from, to);
  }

  /** The answer is whole: resolve it and hand the connection back (unless the server is closing it). */
  private finish(): void {
    const job = this.job!;
    const sink = this.sink;
    if (sink.kind === 'into' && sink.at !== sink.bytes.length) throw new Error(`gave ${sink.at} bytes`);
    const body =
      sink.kind === 'into'
        ? sink.bytes
        : sink.kind === 'grow'
          ? sink.grown.bytes.subarray(0, sink.grown.length)
          : undefined;
    const head = this.head!;
    this.job = undefined;
    this.sink = { kind: 'discard' };
    this.served++;
    const closing = this.framing.kind === 'close' || head.header('connection')?.toLowerCase() === 'close';
    if (closing) this.socket.destroy();
    job.resolve({ head, body });
    if (!closing) this.pool.idle(this);
  }

  private fail(error: Error): void {
    const job = this.job;
    this.job = undefined;
    this.socket.destroy();
    job?.reject(error);
  }

  private closed(): void {
    this.pool.gone(this);
    const job = this.job;
    if (!job) return;
    if (this.framing.kind === 'close' && this.state === 'body' && this.head) {
      try {
        this.finish();
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    this.job = undefined;
    if (this.pool.aborted) {
      job.reject(new Error('aborted'));
      return;
    }
    if (this.seen === 0 && this.served > 0 && !job.retried) {
      job.retried = true;
      this.pool.enqueue(job); // the server closed a kept connection as we reused it
      return;
    }
    const body = this.sink.kind === 'into' ? this.sink.at : 0;
    const why = this.error ? `: ${this.error.message}` : '';
    job.reject(
      new Error(
        this.seen === 0 ? `the connection closed before an answer${why}` : `was cut off after ${body} bytes${why}`,
      ),
    );
  }
}

/** Where `\r\n\r\n` starts in bytes[from..to), or -1. */
function indexOfBlankLine(bytes: Buffer, from: number, to: number): number {
  for (let i = from; i + 3 < to; i++)
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  return -1;
}

/** Bytes up to and including the next `\n` in buf[at..n), or n - at when there is none. */
function lineEnd(buf: Buffer, at: number, n: number): number {
  const i = buf.indexOf(10, at);
  return i < 0 || i >= n ? n - at : i - at + 1;
}

/** Keep-alive connections to one origin, at most `maxSockets`; requests beyond wait their turn. */
export class Http1Pool {
  private readonly free: Connection[] = [];
  private readonly queue: Job[] = [];
  private open = 0;
  private readonly base: string;
  private readonly busy = new Set<Connection>();
  /** Set once the caller's signal aborts: every request since fails. */
  aborted = false;

  /**
   * @param idleTimeoutMs - how long a connection may receive nothing (an answer that stalls, a server that
   *   never answers) before its request fails; undici's (fetch's) default body and headers timeout
   */
  constructor(
    private readonly url: URL,
    headers: Record<string, string>,
    private readonly maxSockets: number,
    private readonly signal?: AbortSignal,
    readonly idleTimeoutMs = 300_000,
  ) {
    if (url.protocol !== 'http:') throw new Error(`Http1Pool speaks http: only, not ${url.protocol}`);
    this.base = `Host: ${url.host}\r\n${credentialsLine(url)}${headerLines(headers)}`;
    signal?.addEventListener('abort', () => this.abort(), { once: true });
  }

  /** Sends `GET` (or `HEAD`) with `range` (if any); the body goes where `target` says. */
  exchange(method: 'GET' | 'HEAD', range: string | undefined, target: BodyTarget): Promise<Http1Answer> {
    if (this.aborted || this.signal?.aborted) return Promise.reject(new Error('aborted'));
    const path = `${this.url.pathname}${this.url.search}`;
    const request = `${method} ${path} HTTP/1.1\r\n${this.base}${range ? `Range: ${range}\r\n` : ''}\r\n`;
    return new Promise((resolve, reject) => {
      this.enqueue({ request, head: method === 'HEAD', target, resolve, reject, retried: false });
    });
  }

  /** Sends `job` on a free connection, a new one, or once one is free. */
  enqueue(job: Job): void {
    const connection = job.retried ? undefined : this.free.pop();
    if (connection) {
      this.start(connection, job);
      return;
    }
    if (this.open < this.maxSockets || job.retried) {
      this.open++;
      this.start(new Connection(this.url.hostname.replace(/^\[|\]$/g, ''), Number(this.url.port || 80), this), job);
      return;
    }
    this.queue.push(job);
  }

  private start(connection: Connection, job: Job): void {
    this.busy.add(connection);
    connection.send(job);
  }

  /** A connection's answer is done: it takes the next waiting request, or rests (not keeping Node alive). */
  idle(connection: Connection): void {
    this.busy.delete(connection);
    const next = this.queue.shift();
    if (next) {
      this.start(connection, next);
      return;
    }
    connection.socket.unref();
    this.free.push(connection);
  }

  /** A connection closed. */
  gone(connection: Connection): void {
    this.open--;
    this.busy.delete(connection);
    const at = this.free.indexOf(connection);
    if (at >= 0) this.free.splice(at, 1);
    const next = this.queue.shift();
    if (next) this.enqueue(next);
  }

  private abort(): void {
    this.aborted = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('aborted'));
    for (const connection of this.busy) connection.socket.destroy(new Error('aborted'));
  }

  /** Closes every connection. */
  close(): void {
    for (const connection of [...this.free, ...this.busy]) connection.socket.destroy();
  }
}
