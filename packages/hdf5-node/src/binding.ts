/** The shape of the native addon (native/addon.cc); internal to this package. */

export interface NativeFileHandle {
  close(): void;
}

export interface NativeWriteSpec {
  attrs?: Record<string, unknown>;
  groups: Array<{ path: string; attrs?: Record<string, unknown> }>;
  datasets: Array<{
    path: string;
    dtype: string;
    shape: number[];
    data: ArrayBufferView | readonly string[];
    chunks?: number[];
    gzip?: number;
    shuffle?: boolean;
    attrs?: Record<string, unknown>;
  }>;
}

/** An HDF5 file open for streaming writes (closed by streamClose, or by the GC). */
export type NativeStreamHandle = object & { readonly __brand?: 'StreamHandle' };

export interface NativeStreamingSpec extends NativeWriteSpec {
  streamed: Array<{
    path: string;
    dtype: 'float64' | 'float32';
    shape: number[];
    chunks?: number[];
    gzip?: number;
    shuffle?: boolean;
    attrs?: Record<string, unknown>;
  }>;
}

/** Errors from the addon carry an icepickle error code and HDF5's error stack. */
export interface NativeError extends Error {
  code: string;
  hdf5Stack: string;
  object?: string;
}

export interface NativeBinding {
  /** Opens, in libhdf5, a file hdf5-js accepted: through its descriptor, or from its bytes. */
  open(source: number | Uint8Array, sieveBytes: number): Promise<NativeFileHandle>;
  read(
    handle: NativeFileHandle,
    path: string,
    rowStart: number,
    rowEnd: number,
    cols: number[] | null,
    out: ArrayBufferView | null,
    /** Where hdf5-js found the data (absolute file offset): libhdf5 must agree, or the read fails. */
    expectedOffset: number,
  ): Promise<undefined>;
  write(tempPath: string | null, spec: NativeWriteSpec): Promise<Uint8Array | undefined>;
  /** Creates the file with everything but the streamed datasets' values, which stay open for streamWrite. */
  createWriter(tempPath: string, spec: NativeStreamingSpec): Promise<NativeStreamHandle>;
  streamWrite(
    handle: NativeStreamHandle,
    path: string,
    start: number[],
    count: number[],
    data: Float64Array | Float32Array,
  ): Promise<undefined>;
  /** Closes the streamed datasets and the file (HDF5 flushes everything). */
  streamClose(handle: NativeStreamHandle): Promise<undefined>;
  libVersion(): string;
}
