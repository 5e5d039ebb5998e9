/**
 * The reader every parser reads through: bounds-checked, cached and coalescing.
 *
 * Small reads (metadata: headers, B-tree nodes, heaps) are served from fixed-size blocks kept in a
 * byte-bounded LRU cache. Blocks missed by reads issued in the same tick are fetched together, runs of
 * neighbouring blocks as one range, so walking a B-tree level costs one round trip, not one per node.
 * Large reads (chunk data) go straight to the source. At most `concurrency` source reads are in flight.
 */
import type { ByteSource } from './byte-source.js';
import { Damaged } from './errors.js';

/**
 * Options of the range reader: its block cache and how it batches source reads. Each unset one comes
 * from the source's hints (ByteSource.hints), else its default.
 */
export interface ReaderOptions {
  /**
   * Cache block size in bytes.
   * @defaultValue the source's hint, else 64 * 1024 (64 KiB)
   */
  blockSize?: number;
  /**
   * Bytes of blocks kept.
   * @defaultValue the source's hint, else 16 * 1024 * 1024 (16 MiB)
   */
  cacheBytes?: number;
  /**
   * Source reads in flight at once.
   * @defaultValue the source's hint, else 6 (a browser's per-host limit)
   */
  concurrency?: number;
  /**
   * Reads of at least this many bytes bypass the cache.
   * @defaultValue the source's hint (unless blockSize is given), else 4 * blockSize
   */
  directBytes?: number;
  /**
   * Missing blocks at most this many blocks apart are fetched in one range.
   * @defaultValue the source's hint, else 2
   */
  mergeGap?: number;
}

interface Wanted {
  resolve(block: Uint8Array): void;
  reject(error: unknown): void;
  promise: Promise<Uint8Array>;
}

function deferred(): Wanted {
  let resolve!: (b: Uint8Array) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<Uint8Array>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // observed by the reader that asked; never an unhandled rejection
  return { resolve, reject, promise };
}

/** The bounds-checked, caching, coalescing reader every parser reads through (see the file's comment). */
export class BlockReader {
  /** Bytes that may be read: the source's size, or less once the superblock says where HDF5 data ends. */
  size: number;
  private readonly blockSize: number;
  private readonly cacheBytes: number;
  private readonly directBytes: number;
  private readonly mergeGap: number;
  private readonly cache = new Map<number, Uint8Array>();
  private cached = 0;
  private readonly pending = new Map<number, Wanted>();
  private queued: number[] = [];
  private flushScheduled = false;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  /** Source reads issued and bytes fetched (for tests and benches). */
  readonly stats = { reads: 0, bytes: 0 };

  constructor(
    private readonly source: ByteSource,
    options: ReaderOptions = {},
  ) {
    this.size = source.size;
    const hints = source.hints ?? {};
    this.blockSize = options.blockSize ?? hints.blockSize ?? 64 * 1024;
    this.cacheBytes = options.cacheBytes ?? hints.cacheBytes ?? 16 * 1024 * 1024;
    this.concurrency = Math.max(1, options.concurrency ?? hints.concurrency ?? 6);
    // a hinted directBytes goes with the hinted block size, not with a block size the caller chose
    const hintedDirect = options.blockSize === undefined ? hints.directBytes : undefined;
    this.directBytes = options.directBytes ?? hintedDirect ?? 4 * this.blockSize;
    this.mergeGap = options.mergeGap ?? hints.mergeGap ?? 2;
  }

  /**
   * True when readOnce reads at once (a local file read synchronously, without merging): a walk then
   * reads its nodes one after the other, where a remote source's are batched to share round trips.
   */
  get readsAtOnce(): boolean {
    return this.mergeGap === 0 && this.source.readIntoSync !== undefined;
  }

  /** True when the source reads synchronously (readIntoNow may succeed; see ByteSource.readIntoSync). */
  get readsSync(): boolean {
    return this.source.readIntoSync !== undefined;
  }

  /** Damaged unless [offset, offset + length) is a range inside the file. */
  private checkRange(offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
      throw new Damaged(`invalid range ${offset}+${length}`);
    if (offset + length > this.size)
      throw new Damaged(`bytes ${offset}..${offset + length} lie past the end of the file (${this.size} bytes)`);
  }

  /** Refuses reads past `end` from now on (HDF5's end-of-allocation: libhdf5 reads nothing beyond it). */
  limit(end: number): void {
    this.size = Math.min(this.size, end);
  }

  /** `length` bytes at `offset`; Damaged when the range is not inside the file. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.checkRange(offset, length);
    if (length === 0) return new Uint8Array(0);
    if (length >= this.directBytes) return this.fetch(offset, length);
    const first = Math.floor(offset / this.blockSize);
    const last = Math.floor((offset + length - 1) / this.blockSize);
    if (first === last) {
      // one block (most metadata reads): no array of blocks to gather
      const start = offset - first * this.blockSize;
      return (await this.block(first)).subarray(start, start + length);
    }
    const blocks = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => this.block(first + i)));
    const out = new Uint8Array(length);
    let p = 0;
    for (let i = 0; i < blocks.length; i++) {
      const blockStart = (first + i) * this.blockSize;
      const from = Math.max(offset, blockStart) - blockStart;
      const to = Math.min(offset + length, blockStart + blocks[i]!.length) - blockStart;
      out.set(blocks[i]!.subarray(from, to), p);
      p += to - from;
    }
    return out;
  }

  /**
   * Fills `into` with the bytes at `offset` (contiguous rows or a chunk straight into the caller's
   * buffer): bounds-checked as read(); small reads come through the block cache as read()'s do, others
   * through the source's readInto when it has one.
   */
  async readInto(offset: number, into: Uint8Array): Promise<void> {
    const length = into.length;
    this.checkRange(offset, length);
    if (length === 0) return;
    if (length < this.directBytes) {
      into.set(await this.read(offset, length)); // small: through the block cache, like read()
      return;
    }
    if (!this.source.readInto) {
      into.set(await this.fetch(offset, length));
      return;
    }
    await this.throttled(length, () => this.source.readInto!(offset, into));
  }

  /**
   * readInto() for bytes parsed once into structures of their own (a chunk B-tree's nodes): on a source
   * that reads into a caller's buffer, they skip the block cache, which would allocate a block per miss
   * and a copy per read spanning two blocks, garbage that a whole index's walk turns into tens of
   * megabytes of resident memory (committed young-generation heap and freed native buffers). A remote
   * source's reads issued together still share round trips where it batches them (multiRange).
   */
  async readOnce(offset: number, into: Uint8Array): Promise<void> {
    if (!this.source.readInto) return this.readInto(offset, into);
    const length = into.length;
    this.checkRange(offset, length);
    if (length === 0) return;
    if (this.source.readIntoSync?.(offset, into)) {
      this.stats.reads++; // read at once: no promise chain per node
      this.stats.bytes += length;
      return;
    }
    await this.throttled(length, () => this.source.readInto!(offset, into));
  }

  /**
   * Fills `into` with the bytes at `offset` synchronously when the source can (see ByteSource.readIntoSync)
   * and the read would bypass the cache anyway (chunk-sized): true when it did; false, having read
   * nothing, when the caller must readInto() instead. Bounds-checked as read().
   */
  readIntoNow(offset: number, into: Uint8Array): boolean {
    const length = into.length;
    this.checkRange(offset, length);
    if (length < this.directBytes || !this.source.readIntoSync?.(offset, into)) return false;
    this.stats.reads++;
    this.stats.bytes += length;
    return true;
  }

  /**
   * readInto() of many reads at once (a window of chunks read into one scratch): one promise for them all,
   * not an async chain per read, which over a remote source's hundreds of reads a document was most of the
   * garbage a lazy prediction left. Reads go to the source as slots of the concurrency cap free up; it
   * settles once none is in flight, failed with the first error if any failed (later reads are not sent).
   */
  readIntoMany(offsets: readonly number[], intos: readonly Uint8Array[]): Promise<void> {
    try {
      offsets.forEach((offset, k) => this.checkRange(offset, intos[k]!.length));
    } catch (error) {
      return Promise.reject(error);
    }
    const readInto = this.source.readInto?.bind(this.source);
    if (!readInto || intos.some((into) => into.length < this.directBytes))
      return Promise.all(offsets.map((offset, k) => this.readInto(offset, intos[k]!))).then(() => undefined);
    return new Promise((resolve, reject) => {
      let next = 0;
      let running = 0;
      let failure: { error: unknown } | undefined;
      const settle = () => {
        if (running > 0 || (next < offsets.length && !failure)) return;
        if (failure) reject(failure.error);
        else resolve();
      };
      const done = () => {
        running--;
        this.inFlight--;
        this.waiting.shift()?.();
        start();
        settle();
      };
      const failed = (error: unknown) => {
        failure ??= { error };
        done();
      };
      const start = (): void => {
        while (!failure && next < offsets.length && this.inFlight < this.concurrency) {
          const k = next++;
          running++;
          this.inFlight++;
          this.stats.reads++;
          this.stats.bytes += intos[k]!.length;
          let read: Promise<void>;
          try {
            read = readInto(offsets[k]!, intos[k]!);
          } catch (error) {
            read = Promise.reject(error);
          }
          read.then(done, failed);
        }
        // every slot taken by other reads: go on when one of theirs is done
        if (!failure && next < offsets.length && running === 0) this.waiting.push(start);
      };
      start();
      settle();
    });
  }

  private block(index: number): Promise<Uint8Array> {
    const hit = this.cache.get(index);
    if (hit) {
      this.cache.delete(index); // LRU: most recent last
      this.cache.set(index, hit);
      return Promise.resolve(hit);
    }
    const waiting = this.pending.get(index);
    if (waiting) return waiting.promise;
    const wanted = deferred();
    this.pending.set(index, wanted);
    this.queued.push(index);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
    return wanted.promise;
  }

  /** Fetches the blocks queued in this tick, neighbouring ones as one range. */
  private flush(): void {
    this.flushScheduled = false;
    const indexes = [...new Set(this.queued)].sort((a, b) => a - b);
    this.queued = [];
    let runStart = 0;
    for (let i = 1; i <= indexes.length; i++) {
      if (i < indexes.length && indexes[i]! - indexes[i - 1]! <= this.mergeGap) continue;
      void this.fetchRun(indexes[runStart]!, indexes[i - 1]!, new Set(indexes.slice(runStart, i)));
      runStart = i;
    }
  }

  private async fetchRun(first: number, last: number, wanted: ReadonlySet<number>): Promise<void> {
    const offset = first * this.blockSize;
    const end = Math.min(this.size, (last + 1) * this.blockSize);
    try {
      const bytes = await this.fetch(offset, end - offset);
      for (let index = first; index <= last; index++) {
        const from = (index - first) * this.blockSize;
        // a run of one block is that block (no copy); a longer run is cut into copies, so a cached
        // block never holds its whole run's buffer alive
        const to = Math.min(bytes.length, from + this.blockSize);
        const block = first === last ? bytes : bytes.slice(from, to);
        this.store(index, block);
        if (wanted.has(index)) {
          this.pending.get(index)?.resolve(block);
          this.pending.delete(index);
        }
      }
    } catch (error) {
      for (const index of wanted) {
        this.pending.get(index)?.reject(error);
        this.pending.delete(index);
      }
    }
  }

  private store(index: number, block: Uint8Array): void {
    if (this.cache.has(index)) return;
    this.cache.set(index, block);
    this.cached += block.length;
    for (const [oldest, old] of this.cache) {
      if (this.cached <= this.cacheBytes) break;
      this.cache.delete(oldest);
      this.cached -= old.length;
    }
  }

  /** One source read, within the concurrency cap; checks the length the source returned. */
  private async fetch(offset: number, length: number): Promise<Uint8Array> {
    const bytes = await this.throttled(length, () => this.source.read(offset, length));
    if (bytes.length !== length) throw new Damaged(`the source returned ${bytes.length} of ${length} bytes`);
    return bytes;
  }

  /** Runs one source read of `length` bytes within the concurrency cap, counted in stats. */
  private async throttled<T>(length: number, read: () => Promise<T>): Promise<T> {
    while (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight++;
    try {
      this.stats.reads++;
      this.stats.bytes += length;
      return await read();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }
}
