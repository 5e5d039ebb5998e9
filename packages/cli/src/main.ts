import { isIcepickleError } from '@icepickle/core';
import { audit, auditHelp } from './commands/audit.js';
import { convert, convertHelp } from './commands/convert.js';
import { examples, examplesHelp } from './commands/examples.js';
import { inspect, inspectHelp } from './commands/inspect.js';
import { predict, predictHelp } from './commands/predict.js';
import type { CliIo } from './io.js';
import { errorText } from './error-text.js';
import { terminalSafe } from './terminal-text.js';
import { UsageError } from './usage-error.js';

/** The text of `icepickle --help`. */
export const mainHelp = `Usage: icepickle <command> [options]

scikit-learn linear models stored as data (HDF5), never as code.

Commands:
  inspect <file>                  what the file holds: tree, dtypes, shapes, layouts, filters,
                                  attributes and metadata (no coefficient data read)
  audit <file>                    every violation of the strict loading profile (exit 1 if any)
  predict <file> --input <jsonl>  predictions for texts or feature rows, as JSON lines
  convert <in> <out> --layout <l> rewrite coef as contiguous, column-chunked, float32, gzip or sparse
  examples <dir>                  copy the small model and input files the README's examples use

Every command takes --help, --json (machine-readable output) and --backend wasm|native.
The default backend, wasm, never lets HDF5 touch any file but the one you name.
`;

const COMMANDS: Record<string, { run: (argv: string[], io: CliIo) => Promise<number>; help: string }> = {
  inspect: { run: inspect, help: inspectHelp },
  audit: { run: audit, help: auditHelp },
  predict: { run: predict, help: predictHelp },
  convert: { run: convert, help: convertHelp },
  examples: { run: examples, help: examplesHelp },
};

/**
 * Runs one command line and resolves to the exit code: 0 success, 1 a refused or unreadable file (or
 * audit violations), 2 a usage error. Expected errors are one clear line, never a stack trace.
 */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // every path out goes through one filter: control characters from files never reach the terminal
  const io: CliIo = {
    stdout: (text) => rawIo.stdout(terminalSafe(text)),
    stderr: (text) => rawIo.stderr(terminalSafe(text)),
    readText: (path) => rawIo.readText(path),
    // the bar's own escapes (\r, erase line) go straight through; the text in it is made safe where it is drawn
    ...(rawIo.progress ? { progress: rawIo.progress } : {}),
    ...(rawIo.stdoutIsTTY ? { stdoutIsTTY: true } : {}),
  };
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(mainHelp);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout('icepickle 0.1.0\n');
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.stderr(`icepickle: unknown command "${command}"\n\n${mainHelp}`);
    return 2;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`icepickle ${command}: ${error.message}\nRun "icepickle ${command} --help" for usage.\n`);
      return 2;
    }
    if (isIcepickleError(error)) {
      io.stderr(`icepickle ${command}: ${errorText(error)} (${error.code})\n`);
      return 1;
    }
    throw error;
  }
}
