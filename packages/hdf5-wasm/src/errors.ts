import { IcepickleError, type IcepickleErrorCode } from '@icepickle/core';

/** An error raised by this backend: core composes the message from the fields (scope `hdf5-wasm`). */
export function fail(
  code: IcepickleErrorCode,
  file: string | undefined,
  detail: string,
  extra: { cause?: unknown; object?: string } = {},
): IcepickleError {
  return new IcepickleError(code, { scope: 'hdf5-wasm', file, detail, ...extra });
}

/** What to try when h5wasm does not start (the cause of the one-line error). */
const START_SOLUTIONS = [
  'Possible solutions:',
  '- install the h5wasm version this package depends on (0.10.3);',
  '- in runtimes that forbid compiling WebAssembly from bytes (Cloudflare Workers, Vercel Edge), use the edge entry point;',
  '- or pass the library explicitly: hdf5Wasm({ lib: import("h5wasm") }).',
];

/**
 * h5wasm did not start: one line (what failed, the first line of why, the usual way out), and in `cause`
 * an Error with everything else, as hdf5-node's loader does: the whole reason, what Emscripten printed
 * meanwhile (`printed`), and every possible solution; the original error is that Error's own cause.
 */
export function startFailure(
  what: string,
  cause: unknown,
  printed: readonly string[] = [],
  hint = 'install h5wasm 0.10.3, or use the edge entry point where WebAssembly cannot be compiled from bytes',
): IcepickleError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const first = reason.split('\n', 1)[0]!.trim();
  const more = first.length < reason.trim().length || printed.length > 0 ? ' …' : '';
  return fail('BACKEND_UNAVAILABLE', undefined, `${what} (${first}${more}); ${hint} (every option: error.cause)`, {
    cause: new Error(
      [
        `${what}: ${reason}`,
        ...(printed.length ? ['Printed by Emscripten:', ...printed] : []),
        ...START_SOLUTIONS,
      ].join('\n'),
      { cause },
    ),
  });
}
