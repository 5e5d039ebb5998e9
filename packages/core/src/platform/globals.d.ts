/**
 * The few globals core uses beyond ECMAScript 2022, declared here because core compiles without DOM or
 * Node types (`lib: ["ES2022"], types: []`), so that nothing environment-specific slips in unseen. Every
 * runtime core supports (Node >= 20, browsers, Workers/edge runtimes) has them; only the members core
 * calls are declared. Node-only needs go through the Host seam (platform/host.ts) instead.
 */

/** The WebAssembly JS API, for the sparse kernel (its module is compiled and instantiated synchronously). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}

/** Base64 decoding, for the kernel's embedded bytes. */
declare function atob(data: string): string;

/** Timers, for the idle search workers' grace period. */
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
