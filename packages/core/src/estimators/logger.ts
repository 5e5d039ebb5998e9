/**
 * Where an estimator's messages go: `warn` for what Python shows through `warnings` (the category
 * first, e.g. "FutureWarning: …"), `info` for what scikit-learn prints to stdout with `verbose`.
 * Passed as the `logger` option; the default is the host's `console`, looked up when a message is
 * written (core declares no DOM or Node globals, hence the lookup through globalThis).
 */
export interface Logger {
  /** Receives a warning, its Python category first ("FutureWarning: …"). */
  warn(message: string): void;
  /** Receives a line scikit-learn would print to stdout (verbose output). */
  info(message: string): void;
}

/** The host's `console`, looked up when called. */
export function consoleLogger(): Logger {
  return (globalThis as unknown as { console: Logger }).console;
}

/** The options an estimator's constructor takes: its scikit-learn parameters and a `logger`. */
export type EstimatorOptions<P> = Partial<P> & {
  /**
   * Receives warnings and `verbose` output. Not a parameter: not saved, not cloned by name.
   * @defaultValue `console`
   */
  logger?: Logger;
};
