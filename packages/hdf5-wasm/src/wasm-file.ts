/**
 * HDF5's WebAssembly as its own file, compiled while it downloads, as onnxruntime-web and
 * tfjs-backend-wasm ship theirs: the browser entry asks for `new URL('./hdf5.wasm', import.meta.url)`,
 * which Vite, webpack 5, Rollup and esbuild (with a file loader) recognise and copy next to the bundle
 * with a hashed name. `WebAssembly.compileStreaming` needs the `application/wasm` MIME type; a server
 * that sends another gets the slower path (whole download, then compile) rather than a failure.
 */

/** Where the browser entry gets the wasm: a URL (fetched), a response, the bytes, or a compiled module. */
export type WasmFileValue = string | URL | Response | ArrayBuffer | Uint8Array | WebAssembly.Module;
/** A WasmFileValue, a promise of one, or a function giving one (called on first use). */
export type WasmFile = WasmFileValue | Promise<WasmFileValue> | (() => WasmFileValue | Promise<WasmFileValue>);

const isModule = (v: unknown): v is WebAssembly.Module =>
  v instanceof WebAssembly.Module || Object.prototype.toString.call(v) === '[object WebAssembly.Module]';

async function fromResponse(response: Response): Promise<WebAssembly.Module> {
  if (!response.ok) throw new Error(`fetching hdf5.wasm answered HTTP ${response.status} (${response.url})`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0]!.trim() === 'application/wasm') {
    // a clone keeps the body for the fallback: compileStreaming can still refuse (e.g. a transcoded body)
    const spare = response.clone();
    try {
      return await WebAssembly.compileStreaming(response);
    } catch {
      return WebAssembly.compile(await spare.arrayBuffer());
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** The compiled module from any WasmFile. */
export async function compileWasmFile(file: WasmFile): Promise<WebAssembly.Module> {
  const value = typeof file === 'function' ? await file() : await file;
  if (isModule(value)) return value;
  if (value instanceof ArrayBuffer || value instanceof Uint8Array)
    return WebAssembly.compile(value as Uint8Array<ArrayBuffer>);
  if (typeof Response !== 'undefined' && value instanceof Response) return fromResponse(value);
  if (typeof value === 'string' || value instanceof URL) return fromResponse(await fetch(value));
  throw new TypeError('wasm must be a URL, a Response, the bytes of hdf5.wasm or a compiled WebAssembly.Module');
}
