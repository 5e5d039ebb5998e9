const PAGE = 65536;

/** A module's exports over the memory it imports (as e.m). */
export interface ModuleInstance {
  memory: WebAssembly.Memory;
  exports: Record<string, unknown>;
}

/**
 * A WebAssembly module embedded as base64 (so that core ships no .wasm file and needs no loader or
 * bundler plugin), compiled at its first use.
 */
export class EmbeddedModule {
  private compiled: WebAssembly.Module | null | undefined = undefined;

  constructor(private readonly base64: string) {}

  /** True once compiling failed for good (no WebAssembly, or not the SIMD the module uses): no later instance will be had. */
  get unsupported(): boolean {
    return this.compiled === null;
  }

  /**
   * The module over a new memory of at least `bytes`, or null where it cannot compile (a page whose CSP
   * forbids it, an edge runtime without WebAssembly: for good) or the memory cannot be had (this time):
   * callers then run their JavaScript loops, which give the same values.
   */
  instance(bytes: number): ModuleInstance | null {
    try {
      if (this.compiled === undefined) {
        this.compiled = null;
        if (typeof WebAssembly === 'object') this.compiled = new WebAssembly.Module(decodeBase64(this.base64));
      }
      if (this.compiled === null) return null;
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
      return { memory, exports: new WebAssembly.Instance(this.compiled, { e: { m: memory } }).exports };
    } catch {
      return null;
    }
  }
}

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
