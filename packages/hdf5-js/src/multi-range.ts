/**
 * Reads issued in the same turn, sent as one multi-range request (`Range: bytes=a-b,c-d,...`), answered
 * 206 multipart/byteranges (RFC 9110 §14.6) by nginx, Apache and most static servers, and each read
 * resolved with exactly its bytes. A lazy prediction reads a few hundred chunks megabytes apart: merging
 * cannot join them, but one request can carry many of them.
 *
 * Robust to what servers do: a 206 with one range covering the reads (servers may coalesce, §14.2) is
 * used; a 200 (the server ignores multi-range, as object stores do) is cancelled unread, and a 206 with
 * one range covering only some reads (the first) serves those: either way the source reads one range per
 * request from then on; a malformed body or a part missing fails those reads with
 * READ_FAILED naming the ranges.
 */
import { fail } from './errors.js';
import {
  type BytePart,
  MalformedMultipart,
  byterangesBoundary,
  parseByteranges,
  parseContentRange,
} from './multipart-byteranges.js';

/** What one request costs the server to parse: the Range header stays under 4 KB (common header limits). */
export const MAX_RANGE_HEADER = 4000;
/** Ranges a request carries for `multiRange: true`. */
export const DEFAULT_MULTI_RANGES = 64;
/** Bytes one multi-range answer may hold (it is buffered whole); bigger reads go alone. */
const MAX_BATCH_BYTES = 8 * 2 ** 20;
/** Requests in flight at once (a browser's per-host limit). */
export const MAX_REQUESTS = 6;
/**
 * Bytes allowed for each part's delimiter and headers when a body buffer is sized for a batch (real
 * servers send about 100). Answers are read into kept buffers (MultiRangeReader.lendBody): one fresh
 * buffer per request was garbage the collector freed late, resident megabytes under a 128 MB budget.
 */
const PART_HEADER_BYTES = 256;

/** A read waiting for its batch. */
export interface Pending {
  offset: number;
  last: number;
  /** Where the bytes go (readInto); else they are resolved as a copy of their own. */
  into?: Uint8Array | undefined;
  resolve(bytes: Uint8Array): void;
  reject(error: unknown): void;
}

/** What the batcher needs of an answer: its status, its headers, and its body whole or discarded unread. */
export interface RangeAnswer {
  status: number;
  header(name: string): string | null;
  bytes(): Promise<Uint8Array>;
  discard(): Promise<void>;
}

/** How the batcher talks to the server: one request with a Range header, and the single-range read. */
export interface RangeTransport {
  label: string;
  size: number;
  /**
   * One request with this Range header. `body`, when given, is a buffer the answer's body may be read
   * into when it fits (its bytes are copied out before the buffer is lent again); a transport may ignore it.
   */
  request(range: string, body?: Uint8Array): Promise<RangeAnswer>;
  single(offset: number, length: number): Promise<Uint8Array>;
}

// a batch is sent once the turn's microtasks are done: the reads of one window of chunks reach the source
// through several microtask hops (block-reader.ts), so a microtask flush would split them
const later: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

/** Splits reads sorted by offset into requests of at most `maxRanges` ranges, a short header and bounded bytes. */
export function batchesOf(reads: readonly Pending[], maxRanges: number): Pending[][] {
  const batches: Pending[][] = [];
  let batch: Pending[] = [];
  let header = 'bytes='.length;
  let bytes = 0;
  for (const r of reads) {
    const spec = `${r.offset}-${r.last},`.length;
    const length = r.last - r.offset + 1;
    if (batch.length >= maxRanges || header + spec > MAX_RANGE_HEADER || bytes + length > MAX_BATCH_BYTES) {
      if (batch.length > 0) batches.push(batch);
      [batch, header, bytes] = [[], 'bytes='.length, 0];
    }
    batch.push(r);
    header += spec;
    bytes += length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Reads through `transport`, batching those issued in the same turn into multi-range requests. */
export class MultiRangeReader {
  private queue: Pending[] = [];
  private scheduled = false;
  private supported = true;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  /** Body buffers not lent to a request in flight. */
  private readonly bodies: Uint8Array[] = [];

  constructor(
    private readonly transport: RangeTransport,
    private readonly maxRanges: number,
  ) {}

  read(offset: number, length: number): Promise<Uint8Array> {
    return this.enqueue(offset, length, undefined);
  }

  /** Fills `into` with the bytes at `offset` (a chunk straight into the caller's buffer: no copy of its own). */
  async readInto(offset: number, into: Uint8Array): Promise<void> {
    await this.enqueue(offset, into.length, into);
  }

  private enqueue(offset: number, length: number, into: Uint8Array | undefined): Promise<Uint8Array> {
    if (!this.supported) return this.single({ offset, last: offset + length - 1, into });
    return new Promise((resolve, reject) => {
      this.queue.push({ offset, last: offset + length - 1, into, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      later(() => this.flush());
    });
  }

  /** One read, one range per request. */
  private async single(r: Pick<Pending, 'offset' | 'last' | 'into'>): Promise<Uint8Array> {
    const bytes = await this.limited(() => this.transport.single(r.offset, r.last - r.offset + 1));
    if (!r.into) return bytes;
    r.into.set(bytes);
    return r.into;
  }

  private flush(): void {
    this.scheduled = false;
    const reads = this.queue.sort((a, b) => a.offset - b.offset || a.last - b.last);
    this.queue = [];
    for (const batch of batchesOf(reads, this.maxRanges)) void this.send(batch);
  }

  private async send(batch: Pending[]): Promise<void> {
    if (batch.length === 1 || !this.supported) {
      for (const r of batch) this.single(r).then(r.resolve, r.reject);
      return;
    }
    const ranges = batch.map((r) => `${r.offset}-${r.last}`).join(',');
    const body = this.lendBody(batch);
    try {
      const parts = await this.limited(() => this.fetchParts(ranges, body));
      if (parts === 'unsupported') return void this.send(batch);
      const multipart = parts.length > 1 || parts[0]!.multipart;
      const left: Pending[] = [];
      let at = 0; // reads and (usually) parts come in file order: look from the last part used on
      for (const r of batch) {
        const covers = (p: BytePart) => p.start <= r.offset && r.last <= p.end;
        at = parts[at] && covers(parts[at]!) ? at : parts.findIndex(covers);
        const part = parts[at];
        if (!part && !multipart) {
          left.push(r); // one range that does not cover them all: the server answered only the first
          continue;
        }
        if (!part) {
          r.reject(fail('READ_FAILED', this.transport.label, `range ${r.offset}-${r.last} is missing from the answer`));
          continue;
        }
        const bytes = part.bytes.subarray(r.offset - part.start, r.last - part.start + 1);
        if (r.into) r.into.set(bytes);
        // else a copy: the block reader caches what it gets, and must not keep the whole answer alive
        r.resolve(r.into ?? bytes.slice());
      }
      if (left.length > 0) {
        this.supported = false;
        void this.send(left);
      }
    } catch (error) {
      for (const r of batch) r.reject(error);
    } finally {
      this.returnBody(body); // every part was copied out (or the request failed): lent again
    }
  }

  /** A kept body buffer that holds `batch`'s answer, or a new one (64 KiB multiples: a few sizes recur). */
  private lendBody(batch: readonly Pending[]): Uint8Array {
    const need = batch.reduce((n, r) => n + r.last - r.offset + 1 + PART_HEADER_BYTES, PART_HEADER_BYTES);
    const fits = this.bodies.findIndex((b) => b.length >= need);
    if (fits >= 0) return this.bodies.splice(fits, 1)[0]!;
    return new Uint8Array(Math.ceil(need / 65536) * 65536);
  }

  /** Keeps `body` for a later request, at most as many as requests in flight (the largest). */
  private returnBody(body: Uint8Array): void {
    this.bodies.push(body);
    this.bodies.sort((a, b) => b.length - a.length);
    this.bodies.length = Math.min(this.bodies.length, MAX_REQUESTS);
  }

  /** One multi-range request; its parts, or 'unsupported' when the server answered 200 (cancelled unread). */
  private async fetchParts(
    ranges: string,
    lent: Uint8Array,
  ): Promise<Array<BytePart & { multipart: boolean }> | 'unsupported'> {
    const { label, size } = this.transport;
    const res = await this.transport.request(`bytes=${ranges}`, lent).catch((cause: unknown) => {
      throw fail('READ_FAILED', label, `ranges ${ranges} failed: ${String(cause)}`, { cause });
    });
    if (res.status === 200) {
      await res.discard();
      this.supported = false;
      return 'unsupported';
    }
    if (res.status !== 206) {
      await res.discard();
      throw fail('READ_FAILED', label, `ranges ${ranges} answered ${res.status}, not 206`);
    }
    const contentType = res.header('content-type');
    const boundary = byterangesBoundary(contentType);
    const single = boundary === undefined ? parseContentRange(res.header('content-range')) : undefined;
    if (boundary === undefined && (!single || single[2] !== size || single[1] >= size)) {
      await res.discard();
      const got = res.header('content-range') ?? contentType;
      throw fail('READ_FAILED', label, `ranges ${ranges} answered 206 with neither parts nor a range ("${got}")`);
    }
    const body = await res.bytes();
    if (single) {
      const [start, end] = single;
      if (body.length !== end - start + 1)
        throw fail('READ_FAILED', label, `ranges ${ranges} answered ${start}-${end} in ${body.length} bytes`);
      return [{ start, end, bytes: body, multipart: false }];
    }
    try {
      return parseByteranges(body, boundary!, size).map((p) => ({ ...p, multipart: true }));
    } catch (error) {
      if (!(error instanceof MalformedMultipart)) throw error;
      throw fail('READ_FAILED', label, `ranges ${ranges} answered a malformed multipart body: ${error.message}`);
    }
  }

  /** Runs one request within the cap of requests in flight. */
  private async limited<T>(run: () => Promise<T>): Promise<T> {
    while (this.inFlight >= MAX_REQUESTS) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight++;
    try {
      return await run();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }
}
