/** Types of cdp.mjs (a minimal Chrome DevTools Protocol client; see there). */

/** What `Runtime.getHeapUsage` answers (V8): the JS heap, and outside it. */
export interface HeapUsage {
  /** Bytes of live objects on the V8 heap (and garbage not yet collected). */
  usedSize: number;
  /** Bytes the V8 heap has reserved. */
  totalSize: number;
  /** Bytes the embedder (workerd) accounts to the isolate on the C++ side. */
  embedderHeapUsedSize?: number;
  /** Bytes of ArrayBuffer backing stores, outside the JS heap. */
  backingStorageSize?: number;
}

export interface CdpSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): void;
}

export function connectCdp(url: string | URL): Promise<CdpSession>;
export function isolateBytes(usage: HeapUsage): number;
export function watchHeap(
  cdp: CdpSession,
  everyMs?: number,
): { stop(): Promise<{ peak: HeapUsage | undefined; samples: number }> };
