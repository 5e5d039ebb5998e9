/**
 * Where the reader gets bytes: anything that can answer a byte range. One small interface, so a file
 * handle, an HTTP server honouring Range, an R2 bucket or a Uint8Array all work the same way.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Exactly `length` bytes from `offset` (callers never ask past `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Most bytes one read of contiguous data may fetch (see range-budget.ts); unset: no limit. Remote
   * sources set it (httpSource, r2Source: 64 MiB by default), local ones do not.
   */
  readonly rangeBudget?: number;
  /**
   * How this source is best read (see {@link ReadHints}); a reader's own options win over them. Local
   * files (fileSource) read small and unmerged, remote ones (httpSource, r2Source) in merged blocks.
   */
  readonly hints?: ReadHints;
  /**
   * Fills `into` with the bytes from `offset` on (as read() would return them), without a buffer of its
   * own; optional: big reads of contiguous data use it to land straight in the result (fileSource has it).
   */
  readInto?(offset: number, into: Uint8Array): Promise<void>;
  /**
   * Fills `into` at once and returns true when this read is cheap enough to do synchronously (a local
   * file's small reads, served from the page cache); false, having read nothing, when it is not. Optional:
   * a lazy prediction's chunks then cost no promise each (fileSource has it).
   */
  readIntoSync?(offset: number, into: Uint8Array): boolean;
  /** Releases what the source holds (a file handle); optional. */
  close?(): Promise<void>;
}

/**
 * What a source's reads cost, told to the block reader (block-reader.ts): a local file answers a pread
 * from the page cache in microseconds, so small blocks and no merging waste nothing; a remote source pays
 * a round trip per read, so bigger blocks and merged neighbours do. Every field optional.
 */
export interface ReadHints {
  /** Cache block size in bytes. */
  readonly blockSize?: number;
  /** Reads of at least this many bytes bypass the cache (chunk data, contiguous rows). */
  readonly directBytes?: number;
  /** Missing blocks at most this many blocks apart are fetched in one range. */
  readonly mergeGap?: number;
  /** Bytes of blocks kept. */
  readonly cacheBytes?: number;
  /** Source reads in flight at once (a source that batches reads into requests takes more). */
  readonly concurrency?: number;
}

/**
 * Local disk (fileSource, hdf5-node's descriptor): page-sized blocks, chunk-sized reads direct, no
 * merging (a read costs no round trip), and a small block cache (the page cache holds the file anyway).
 */
export const LOCAL_READ_HINTS: ReadHints = { blockSize: 4096, directBytes: 8192, mergeGap: 0, cacheBytes: 2 ** 20 };

/**
 * Remote ranges (r2Source; httpSource with more reads in flight): metadata in 16 KiB blocks merged only
 * when adjacent, and reads of 4 KiB or more direct, each exactly its bytes: a column's chunk lies far from
 * the next one a review touches, so a block around it would fetch bytes nobody asked for, and the model's
 * column cache keeps the chunk anyway. The block cache then holds metadata only, and 1 MiB of it does
 * (the chunk index is parsed into a table once). Six reads in flight: a Worker's limit on simultaneous
 * subrequests, and a browser's per host.
 */
export const REMOTE_READ_HINTS: ReadHints = {
  blockSize: 16 * 1024,
  directBytes: 4096,
  mergeGap: 1,
  cacheBytes: 2 ** 20,
  concurrency: 6,
};

/** A source over bytes in memory (not copied: the caller must not change them while the file is open). */
export function bytesSource(bytes: Uint8Array | ArrayBuffer): ByteSource {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return {
    size: u8.length,
    read: (offset, length) => Promise.resolve(u8.subarray(offset, offset + length)),
  };
}

/** True for anything shaped like a ByteSource (checked structurally: sources come from any realm). */
export function isByteSource(value: unknown): value is ByteSource {
  const v = value as ByteSource | null;
  return typeof v === 'object' && v !== null && typeof v.size === 'number' && typeof v.read === 'function';
}
