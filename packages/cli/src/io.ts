import { readFile } from 'node:fs/promises';
import type { ProgressStream } from './progress-bar.js';

/** Where a command writes and reads; tests pass their own to run commands in-process. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a text file (`-` for standard input). */
  readText(path: string): Promise<string>;
  /** Where progress bars are drawn (stderr), raw: a bar is drawn only when it is a terminal. */
  progress?: ProgressStream;
  /** Whether standard output is a terminal (then a bar on stderr is erased before each line written). */
  stdoutIsTTY?: boolean;
}

/** The process's stdout, stderr and files. */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readText: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
    progress: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
