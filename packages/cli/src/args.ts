import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
const commonOptions = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
} as const satisfies Options;

/** node:util parseArgs with our errors: unknown options and missing values are usage errors. */
export type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof commonOptions & O; allowPositionals: true; strict: true }>
>;

export function parse<O extends Options>(command: string, argv: string[], options: O): Parsed<O> {
  try {
    return parseArgs({
      args: argv,
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    }) as Parsed<O>;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), command);
  }
}

export function one(command: string, positionals: string[], what: string): string {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? `missing ${what}`
        : `expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`,
      command,
    );
  return positionals[0]!;
}

export function integer(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive integer, not "${value}"`, command);
  return n;
}
