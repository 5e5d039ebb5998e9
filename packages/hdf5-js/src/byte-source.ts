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
  /** Releases what the source holds (a file handle); optional. */
  close?(): Promise<void>;
}

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
